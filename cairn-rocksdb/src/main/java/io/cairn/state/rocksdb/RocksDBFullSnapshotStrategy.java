package io.cairn.state.rocksdb;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStateOutputStream;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.checkpoint.storage.CheckpointedStateScope;
import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.ListSerializer;
import io.cairn.serialization.MapSerializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StreamStateHandle;
import io.cairn.state.keyed.KeyedSnapshotFormat;
import io.cairn.state.keyed.StateMetaInfo;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keygroup.KeyGroupRangeOffsets;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableFuture;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * A full snapshot in the canonical {@link KeyedSnapshotFormat}, byte-compatible with the heap
 * backend's, so it restores into either backend at any parallelism. Used for canonical savepoints,
 * and for checkpoints that are not incremental when {@link RocksDBOptions#CHECKPOINT_FORMAT} is
 * {@link RocksDBCheckpointFormat#CANONICAL} (by default they are native full snapshots of
 * {@link RocksDBIncrementalSnapshotStrategy}).
 *
 * <p>The synchronous part takes a RocksDB snapshot and freezes the state list and serializers. The
 * asynchronous part opens one iterator per state on that snapshot and walks all of them key group
 * by key group (RocksDB keys start with the key group, so each column family is already in key-group
 * order). Value, reducing and aggregating entries are copied as they are stored (key and namespace
 * bytes, then value bytes). List values are parsed into a {@code List} and written with the state's
 * {@link ListSerializer}; consecutive map entries of one (key, namespace) are gathered into one
 * {@code Map} and written with the state's {@link MapSerializer}, which is how the heap backend
 * stores them.
 *
 * @param <K> the key type
 */
final class RocksDBFullSnapshotStrategy<K> implements RocksDBSnapshotStrategy {

    private final RocksDBKeyedStateBackend<K> backend;

    RocksDBFullSnapshotStrategy(RocksDBKeyedStateBackend<K> backend) {
        this.backend = backend;
    }

    @Override
    public RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot(
            long checkpointId, long timestamp, CheckpointStreamFactory streamFactory, CheckpointOptions checkpointOptions) {
        List<RocksDBStateInfo> infos = backend.stateInfos();
        if (infos.isEmpty()) {
            FutureTask<SnapshotResult<KeyedStateHandle>> done = new FutureTask<>(SnapshotResult::empty);
            done.run();
            return done;
        }
        Snapshot snapshot = backend.takeSnapshot();
        Writer writer;
        try {
            writer = new Writer(infos, snapshot, streamFactory);
        } catch (RuntimeException e) {
            backend.releaseSnapshot(snapshot);
            throw e;
        }
        return new io.cairn.state.keyed.ReleasingSnapshotTask<>(writer, () -> backend.releaseSnapshot(snapshot));
    }

    /** The asynchronous part: everything it reads was frozen by the synchronous part. */
    private final class Writer implements Callable<SnapshotResult<KeyedStateHandle>> {

        private final KeyGroupRange keyGroupRange = backend.getKeyGroupRange();
        private final TypeSerializer<Object> keySerializer;
        private final List<StateMetaInfo> metaInfos = new ArrayList<>();
        private final List<FrozenState> states = new ArrayList<>();
        private final Snapshot snapshot;
        private final CheckpointStreamFactory streamFactory;
        private final DataInputDeserializer input = new DataInputDeserializer();

        @SuppressWarnings("unchecked")
        Writer(List<RocksDBStateInfo> infos, Snapshot snapshot, CheckpointStreamFactory streamFactory) {
            this.keySerializer = (TypeSerializer<Object>) backend.getKeySerializer().duplicate();
            this.snapshot = snapshot;
            this.streamFactory = streamFactory;
            for (RocksDBStateInfo info : infos) {
                metaInfos.add(info.metaInfo());
                states.add(new FrozenState(info));
            }
        }

        @Override
        public SnapshotResult<KeyedStateHandle> call() throws IOException {
            if (!backend.guard().tryEnter()) {
                throw new IOException("the keyed state backend of " + backend.operatorIdentifier()
                        + " was closed before its snapshot was written");
            }
            try (ReadOptions readOptions = new ReadOptions().setSnapshot(snapshot).setFillCache(false).setTotalOrderSeek(true)) {
                RocksIterator[] iterators = new RocksIterator[states.size()];
                try {
                    byte[] start = RocksDBKeyedStateBackend.keyGroupPrefix(keyGroupRange.getStartKeyGroup());
                    for (int s = 0; s < iterators.length; s++) {
                        iterators[s] = backend.newIterator(states.get(s).columnFamily, readOptions);
                        iterators[s].seek(start);
                    }
                    return write(iterators);
                } finally {
                    for (RocksIterator it : iterators) {
                        if (it != null) {
                            it.close();
                        }
                    }
                }
            } catch (RocksDBException e) {
                throw new IOException("cannot read the snapshot of RocksDB at " + backend.dbPath() + " of "
                        + backend.operatorIdentifier() + ": " + e.getMessage(), e);
            } finally {
                backend.guard().exit();
            }
        }

        private SnapshotResult<KeyedStateHandle> write(RocksIterator[] iterators) throws IOException, RocksDBException {
            CheckpointStateOutputStream out =
                    streamFactory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
            boolean success = false;
            try {
                DataOutputSerializer block = new DataOutputSerializer(64 * 1024);
                DataOutputSerializer entries = new DataOutputSerializer(64 * 1024);
                KeyedSnapshotFormat.writeHeader(out, keySerializer, metaInfos, block);
                long[] offsets = new long[keyGroupRange.getNumberOfKeyGroups()];
                for (int g = 0; g < offsets.length; g++) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new IOException("snapshot cancelled");
                    }
                    if (backend.guard().isClosed()) {
                        throw new IOException("the keyed state backend of " + backend.operatorIdentifier()
                                + " was closed while its snapshot was written");
                    }
                    int keyGroup = keyGroupRange.getStartKeyGroup() + g;
                    offsets[g] = out.getPos();
                    block.clear();
                    for (int s = 0; s < iterators.length; s++) {
                        writeState(s, keyGroup, iterators[s], block, entries);
                    }
                    block.writeShort(KeyedSnapshotFormat.END_OF_KEY_GROUP);
                    KeyedSnapshotFormat.writeKeyGroupBlock(out, keyGroup, block);
                }
                StreamStateHandle handle = out.closeAndGetHandle();
                success = true;
                return SnapshotResult.of(new KeyGroupsStateHandle(new KeyGroupRangeOffsets(keyGroupRange, offsets), handle));
            } finally {
                if (!success) {
                    out.close();
                }
            }
        }

        /** Writes the entries of one state in one key group, if it has any, and leaves the iterator at the next group. */
        private void writeState(int s, int keyGroup, RocksIterator it, DataOutputSerializer block,
                DataOutputSerializer entries) throws IOException, RocksDBException {
            FrozenState state = states.get(s);
            entries.clear();
            int count = state.map != null
                    ? writeMapEntries(state, keyGroup, it, entries)
                    : writeEntries(state, keyGroup, it, entries);
            if (!it.isValid()) {
                it.status();
            }
            if (count > 0) {
                block.writeShort(s);
                block.writeInt(count);
                block.write(entries.getSharedBuffer(), 0, entries.length());
            }
        }

        /** Value, reducing, aggregating and list entries: one RocksDB entry is one snapshot entry. */
        private int writeEntries(FrozenState state, int keyGroup, RocksIterator it, DataOutputSerializer entries)
                throws IOException {
            int count = 0;
            for (; it.isValid(); it.next()) {
                byte[] key = it.key();
                int group = RocksDBKeyedStateBackend.readKeyGroup(key);
                if (group > keyGroup) {
                    break;
                }
                if (group < keyGroup) {
                    continue; // outside the range: never written, as setCurrentKey and restore reject foreign keys
                }
                byte[] value = it.value();
                if (state.list == null) {
                    entries.write(key, RocksDBKeyedStateBackend.KEY_GROUP_PREFIX_BYTES,
                            key.length - RocksDBKeyedStateBackend.KEY_GROUP_PREFIX_BYTES);
                    entries.write(value, 0, value.length);
                } else {
                    input.setBuffer(value, 0, value.length);
                    List<Object> elements = RocksDBListState.readElements(input, state.list.getElementSerializer());
                    if (elements.isEmpty()) {
                        continue;
                    }
                    entries.write(key, RocksDBKeyedStateBackend.KEY_GROUP_PREFIX_BYTES,
                            key.length - RocksDBKeyedStateBackend.KEY_GROUP_PREFIX_BYTES);
                    state.list.serialize(elements, entries);
                }
                count++;
            }
            return count;
        }

        /** Map entries: consecutive RocksDB entries of one (key, namespace) become one snapshot entry. */
        private int writeMapEntries(FrozenState state, int keyGroup, RocksIterator it, DataOutputSerializer entries)
                throws IOException {
            int count = 0;
            byte[] groupKey = null;
            int prefixLength = 0;
            Map<Object, Object> group = null;
            for (; it.isValid(); it.next()) {
                byte[] key = it.key();
                int kg = RocksDBKeyedStateBackend.readKeyGroup(key);
                if (kg > keyGroup) {
                    break;
                }
                if (kg < keyGroup) {
                    continue;
                }
                if (groupKey == null || !RocksDBKeyedStateBackend.startsWith(key, groupKey, prefixLength)) {
                    if (group != null) {
                        writeMapEntry(groupKey, prefixLength, group, state.map, entries);
                        count++;
                    }
                    // serializers write prefix-free bytes: the key and namespace end where their deserialization stops
                    input.setBuffer(key, RocksDBKeyedStateBackend.KEY_GROUP_PREFIX_BYTES,
                            key.length - RocksDBKeyedStateBackend.KEY_GROUP_PREFIX_BYTES);
                    keySerializer.deserialize(input);
                    state.namespaceSerializer.deserialize(input);
                    prefixLength = input.getPosition();
                    groupKey = key;
                    group = new HashMap<>();
                }
                input.setBuffer(key, prefixLength, key.length - prefixLength);
                Object userKey = state.map.getKeySerializer().deserialize(input);
                byte[] value = it.value();
                input.setBuffer(value, 0, value.length);
                group.put(userKey, RocksDBMapState.readUserValue(input, state.map.getValueSerializer()));
            }
            if (group != null) {
                writeMapEntry(groupKey, prefixLength, group, state.map, entries);
                count++;
            }
            return count;
        }

        private void writeMapEntry(byte[] groupKey, int prefixLength, Map<Object, Object> group,
                MapSerializer<Object, Object> serializer, DataOutputSerializer entries) throws IOException {
            entries.write(groupKey, RocksDBKeyedStateBackend.KEY_GROUP_PREFIX_BYTES,
                    prefixLength - RocksDBKeyedStateBackend.KEY_GROUP_PREFIX_BYTES);
            serializer.serialize(group, entries);
        }
    }

    /** One state as the synchronous part saw it, with serializers the asynchronous part may use. */
    private static final class FrozenState {
        final ColumnFamilyHandle columnFamily;
        final TypeSerializer<Object> namespaceSerializer;
        /** The list serializer for list state, else null. */
        final ListSerializer<Object> list;
        /** The map serializer for map state, else null. */
        final MapSerializer<Object, Object> map;

        @SuppressWarnings("unchecked")
        FrozenState(RocksDBStateInfo info) {
            this.columnFamily = info.columnFamily;
            this.namespaceSerializer = (TypeSerializer<Object>) info.namespaceSerializer.duplicate();
            TypeSerializer<?> value = info.valueSerializer.duplicate();
            switch (info.type) {
                case LIST:
                    this.list = (ListSerializer<Object>) value;
                    this.map = null;
                    break;
                case MAP:
                    this.list = null;
                    this.map = (MapSerializer<Object, Object>) value;
                    break;
                default:
                    this.list = null;
                    this.map = null;
            }
        }
    }
}
