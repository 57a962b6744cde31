package io.cairn.state.heap;

import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.fs.FSDataInputStream;
import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.serialization.TypeSerializerSnapshot;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.handle.StreamStateHandle;
import io.cairn.state.keyed.KeyedSnapshotFormat;
import io.cairn.state.keyed.StateMetaInfo;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads full keyed snapshots ({@link KeyedSnapshotFormat}) into a heap backend, keeping only the key
 * groups the backend owns. Each owned key group is read with one seek and one bulk read,
 * checksummed, then decoded from memory.
 *
 * <p><b>Threads.</b> A full snapshot's key groups are independent, so they are read by several
 * threads at once ({@code state.backend.hashmap.restore.threads}): the caller's thread and short-lived
 * helper threads, each with its own stream on the handle and its own serializer duplicates; each key
 * group, and so each of its maps, is read by exactly one of them, and the caller returns only after
 * all have finished. Incremental checkpoints are restored on the caller's thread.
 *
 * @param <K> the key type
 */
final class HeapRestoreOperation<K> {

    private final HeapKeyedStateBackend<K> backend;
    private final StateHandles<KeyedStateHandle> handles;
    private final KeyGroupRange range;
    private final int numberOfKeyGroups;
    /** How many threads read a full snapshot's key groups; 1 reads them on the caller's thread only. */
    private final int threads;

    /**
     * @param backend the backend to fill
     * @param handles what to restore
     * @param threads how many threads read a full snapshot's key groups (at least 1)
     */
    HeapRestoreOperation(HeapKeyedStateBackend<K> backend, StateHandles<KeyedStateHandle> handles, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("restore threads must be at least 1: " + threads);
        }
        this.threads = threads;
        this.backend = backend;
        this.handles = handles;
        this.range = backend.getKeyGroupRange();
        this.numberOfKeyGroups = backend.getNumberOfKeyGroups();
    }

    void restore() throws IOException {
        for (KeyedStateHandle handle : handles) {
            if (handle instanceof io.cairn.state.handle.IncrementalKeyedStateHandle inc) {
                checkRange(handle);
                io.cairn.state.handle.IncrementalKeyedStateHandle part = inc.getIntersection(range);
                if (part != null) {
                    restoreIncremental(part);
                }
                continue;
            }
            if (!(handle instanceof KeyGroupsStateHandle)) {
                throw new IllegalArgumentException("the hashmap backend cannot restore " + handle.getClass().getName()
                        + " (" + handle + "); it restores KeyGroupsStateHandle");
            }
            checkRange(handle);
            KeyGroupsStateHandle part = ((KeyGroupsStateHandle) handle).getIntersection(range);
            if (part != null) {
                restoreHandle(part);
            }
        }
    }

    private void checkRange(KeyedStateHandle handle) {
        io.cairn.state.keyed.RestoreChecks.checkKeyGroupRange(handle, numberOfKeyGroups, backend.operatorIdentifier());
    }

    /** Applies, per owned key group, the base and the deltas the manifest lists. */
    @SuppressWarnings("unchecked")
    private void restoreIncremental(io.cairn.state.handle.IncrementalKeyedStateHandle part) throws IOException {
        StreamStateHandle metaHandle = part.getMetaStateHandle();
        String source = metaHandle instanceof FileStateHandle f ? f.getFilePath().toString() : metaHandle.toString();
        byte[] bytes;
        try (FSDataInputStream in = metaHandle.openInputStream()) {
            bytes = in.readAllBytes();
        }
        IncrementalManifest manifest = IncrementalManifest.deserialize(bytes, source, backend.classLoader());
        checkKeySerializer((TypeSerializerSnapshot<K>) manifest.keySerializerSnapshot, source);
        StateTable<K, Object, Object>[] tables = (StateTable<K, Object, Object>[]) new StateTable<?, ?, ?>[manifest.states.size()];
        for (int i = 0; i < tables.length; i++) {
            tables[i] = tableFor(manifest.states.get(i), source);
        }
        java.util.Map<String, StreamStateHandle> pieces = new java.util.HashMap<>();
        for (io.cairn.state.handle.StatePiece p : part.getSharedState()) {
            pieces.put(p.name(), p.handle());
        }
        java.util.Map<Integer, FSDataInputStream> open = new java.util.HashMap<>();
        try {
            KeyGroupRange owned = part.getKeyGroupRange().getIntersection(manifest.range);
            for (int keyGroup : owned) {
                for (IncrementalManifest.Ref ref : manifest.refs.get(keyGroup - manifest.range.getStartKeyGroup())) {
                    String pieceName = manifest.pieceNames.get(ref.piece());
                    StreamStateHandle piece = pieces.get(pieceName);
                    if (piece == null) {
                        throw new CorruptCheckpointException("manifest " + source + " names piece '" + pieceName
                                + "' which the checkpoint handle does not hold");
                    }
                    String pieceSource = piece instanceof FileStateHandle f ? f.getFilePath().toString() : piece.toString();
                    FSDataInputStream in = open.get(ref.piece());
                    if (in == null) {
                        in = piece.openInputStream();
                        open.put(ref.piece(), in);
                    }
                    in.seek(ref.offset());
                    DataInputDeserializer body = KeyedSnapshotFormat.readKeyGroupBlock(in, keyGroup, pieceSource, ref.offset());
                    try {
                        applyBlock(body, keyGroup, tables, pieceSource, ref.offset());
                    } catch (CorruptCheckpointException e) {
                        throw e;
                    } catch (IOException | RuntimeException e) {
                        throw new CorruptCheckpointException("cannot decode key group " + keyGroup + " at offset " + ref.offset()
                                + " of " + pieceSource + ": " + e, e);
                    }
                }
            }
        } finally {
            for (FSDataInputStream in : open.values()) {
                in.close();
            }
        }
    }

    private void applyBlock(DataInputDeserializer body, int keyGroup, StateTable<K, Object, Object>[] tables, String source,
            long offset) throws IOException {
        int localIndex = keyGroup - range.getStartKeyGroup();
        TypeSerializer<K> keySerializer = backend.getKeySerializer();
        KeyedSnapshotFormat.readSections(body, tables.length, keyGroup, offset, source, (stateIndex, count) -> {
            StateTable<K, Object, Object> table = tables[stateIndex];
            KeyGroupStateMap<K, Object, Object> map = table.maps[localIndex];
            if (map.size() == 0) {
                // a base block: all insertions, in the writer's slot order (see ensureCapacity)
                map.ensureCapacity(Math.min(count, body.available()));
            }
            for (int i = 0; i < count; i++) {
                int op = body.readUnsignedByte();
                K key = keySerializer.deserialize(body);
                Object namespace = table.namespaceSerializer.deserialize(body);
                int hash = key.hashCode();
                if (KeyGroupRangeAssignment.computeKeyGroupForKeyHash(hash, numberOfKeyGroups) != keyGroup) {
                    throw KeyedSnapshotFormat.misplacedKey(key, hash, table.name, keyGroup, numberOfKeyGroups, offset, source);
                }
                if (op == 1) {
                    map.put(key, hash, namespace, table.readValue(body));
                } else if (op == 0) {
                    int slot = map.find(key, hash, namespace);
                    if (slot >= 0) {
                        map.removeAt(slot);
                    }
                } else {
                    throw new CorruptCheckpointException("unknown entry operation " + op + " in key group " + keyGroup
                            + " at offset " + offset + " of " + source);
                }
            }
        });
    }


    @SuppressWarnings("unchecked")
    private void restoreHandle(KeyGroupsStateHandle part) throws IOException {
        String source = io.cairn.state.keyed.RestoreChecks.describe(part);
        KeyGroupRange groups = part.getKeyGroupRange();
        int workers = Math.min(threads, groups.getNumberOfKeyGroups());
        StateTable<K, Object, Object>[] tables;
        try (FSDataInputStream in = part.openInputStream()) {
            KeyedSnapshotFormat.Header header = KeyedSnapshotFormat.readHeader(in, source, backend.classLoader());
            checkKeySerializer((TypeSerializerSnapshot<K>) header.keySerializerSnapshot(), source);
            List<StateMetaInfo> metas = header.states();
            tables = (StateTable<K, Object, Object>[]) new StateTable<?, ?, ?>[metas.size()];
            for (int i = 0; i < tables.length; i++) {
                tables[i] = tableFor(metas.get(i), source);
            }
            if (workers <= 1) {
                // sequential, on the caller's thread and the stream already open
                GroupReader reader = new GroupReader(tables, false);
                for (int keyGroup : groups) {
                    reader.read(in, part, keyGroup, source);
                }
                return;
            }
        }
        restoreInParallel(part, groups, tables, source, workers);
    }

    /**
     * Reads the handle's key groups with {@code workers} workers: the caller's thread and
     * {@code workers - 1} short-lived threads, each with its own stream and its own serializer
     * duplicates, claiming key groups in order from a shared counter. A key group is read by exactly
     * one worker and its maps are touched by no other thread; the caller waits for every worker, so
     * what they wrote happens-before the caller goes on. The first failure stops the others (they
     * finish the key group they are reading) and is thrown as it was raised.
     */
    private void restoreInParallel(KeyGroupsStateHandle part, KeyGroupRange groups, StateTable<K, Object, Object>[] tables,
            String source, int workers) throws IOException {
        AtomicInteger next = new AtomicInteger(groups.getStartKeyGroup());
        int end = groups.getEndKeyGroup();
        AtomicBoolean failed = new AtomicBoolean();
        Callable<Void> work = () -> {
            try (FSDataInputStream in = part.openInputStream()) {
                GroupReader reader = new GroupReader(tables, true);
                int keyGroup;
                while (!failed.get() && (keyGroup = next.getAndIncrement()) <= end) {
                    reader.read(in, part, keyGroup, source);
                }
                return null;
            } catch (Throwable t) {
                failed.set(true);
                throw t;
            }
        };
        // plain threads, joined before this returns: no restore thread outlives the restore
        Thread[] helpers = new Thread[workers - 1];
        Throwable[] helperFailures = new Throwable[workers - 1];
        for (int i = 0; i < helpers.length; i++) {
            int index = i;
            helpers[i] = new Thread(() -> {
                try {
                    work.call();
                } catch (Throwable t) {
                    helperFailures[index] = t;
                }
            }, "cairn-heap-restore-" + backend.operatorIdentifier());
            helpers[i].setDaemon(true);
        }
        Throwable first = null;
        int started = 0;
        try {
            for (Thread t : helpers) {
                t.start();
                started++;
            }
            try {
                work.call();
            } catch (Throwable t) {
                first = t;
            }
        } finally {
            boolean interrupted = false;
            for (int i = 0; i < started; i++) {
                while (true) {
                    try {
                        helpers[i].join();
                        break;
                    } catch (InterruptedException e) {
                        // stop the others after the key group they are reading, then keep waiting for them
                        interrupted = true;
                        failed.set(true);
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
                if (first == null) {
                    first = new java.io.InterruptedIOException("interrupted while restoring " + source);
                }
            }
        }
        // Thread.join: everything the helpers wrote happens-before this point
        for (Throwable t : helperFailures) {
            if (first == null && t != null) {
                first = t;
            }
        }
        if (first instanceof IOException io) {
            throw io;
        }
        if (first instanceof RuntimeException re) {
            throw re;
        }
        if (first instanceof Error err) {
            throw err;
        }
        if (first != null) {
            throw new IOException("cannot restore " + source + ": " + first, first);
        }
    }

    private void checkKeySerializer(TypeSerializerSnapshot<K> keySnapshot, String source) {
        io.cairn.state.keyed.RestoreChecks.checkKeySerializer(keySnapshot, backend.getKeySerializer(), source);
    }

    @SuppressWarnings("unchecked")
    private StateTable<K, Object, Object> tableFor(StateMetaInfo meta, String source) throws IOException {
        StateTable<K, Object, Object> table = (StateTable<K, Object, Object>) backend.table(meta.name());
        if (table == null) {
            table = new StateTable<>(
                    meta.name(),
                    meta.type(),
                    backend.tableCount(),
                    (TypeSerializer<Object>) meta.namespaceSerializerSnapshot().restoreSerializer(),
                    (TypeSerializer<Object>) meta.valueSerializerSnapshot().restoreSerializer(),
                    range,
                    backend.getKeySerializer(),
                    backend.versions());
            table.restoredMetaInfo = meta;
            backend.addRestoredTable(table);
        } else if (table.type != meta.type()) {
            throw new CorruptCheckpointException("state '" + meta.name() + "' is " + meta.type() + " in " + source
                    + " but " + table.type + " in another handle of the same restore");
        }
        return table;
    }

    /**
     * Decodes key groups of a full snapshot into the tables' maps. One per thread: it holds that
     * thread's duplicates of the key, namespace and value serializers.
     */
    private final class GroupReader {

        private final StateTable<K, Object, Object>[] tables;
        private final TypeSerializer<K> keySerializer;
        private final TypeSerializer<Object>[] namespaceSerializers;
        private final TypeSerializer<Object>[] valueSerializers;
        /** This thread's block buffer, reused for every key group it reads. */
        private final KeyedSnapshotFormat.BlockReader blocks = new KeyedSnapshotFormat.BlockReader();

        /**
         * @param tables the states, in the snapshot's order
         * @param duplicate whether to use duplicates of the serializers (for a thread other than the
         *     one that owns the backend's and tables' serializers, or one of several)
         */
        @SuppressWarnings("unchecked")
        GroupReader(StateTable<K, Object, Object>[] tables, boolean duplicate) {
            this.tables = tables;
            TypeSerializer<K> key = backend.getKeySerializer();
            this.keySerializer = duplicate ? key.duplicate() : key;
            this.namespaceSerializers = (TypeSerializer<Object>[]) new TypeSerializer<?>[tables.length];
            this.valueSerializers = (TypeSerializer<Object>[]) new TypeSerializer<?>[tables.length];
            for (int i = 0; i < tables.length; i++) {
                TypeSerializer<Object> ns = tables[i].namespaceSerializer;
                TypeSerializer<Object> value = tables[i].valueSerializer;
                namespaceSerializers[i] = duplicate ? ns.duplicate() : ns;
                valueSerializers[i] = duplicate ? value.duplicate() : value;
            }
        }

        /** Seeks to the key group's block, checks it and decodes it; failures name the file and offset. */
        void read(FSDataInputStream in, KeyGroupsStateHandle part, int keyGroup, String source) throws IOException {
            long offset = part.getGroupRangeOffsets().getKeyGroupOffset(keyGroup);
            in.seek(offset);
            DataInputDeserializer body = blocks.read(in, keyGroup, source, offset);
            try {
                decode(body, keyGroup, source, offset);
            } catch (CorruptCheckpointException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new CorruptCheckpointException("cannot decode key group " + keyGroup + " at offset " + offset
                        + " of " + source + ": " + e, e);
            }
        }

        private void decode(DataInputDeserializer body, int keyGroup, String source, long offset) throws IOException {
            int localIndex = keyGroup - range.getStartKeyGroup();
            KeyedSnapshotFormat.readSections(body, tables.length, keyGroup, offset, source,
                    (stateIndex, count) -> decodeSection(body, localIndex, stateIndex, count, keyGroup, offset, source));
        }

        private void decodeSection(DataInputDeserializer body, int localIndex, int stateIndex, int count, int keyGroup,
                long offset, String source) throws IOException {
            StateTable<K, Object, Object> table = tables[stateIndex];
            TypeSerializer<Object> nsSer = namespaceSerializers[stateIndex];
            TypeSerializer<Object> valueSer = valueSerializers[stateIndex];
            KeyGroupStateMap<K, Object, Object> map = table.maps[localIndex];
            // Entries arrive in the writer's slot order; without room for all of them the map would
            // grow through smaller tables and pile them into one probe run (see ensureCapacity). The
            // count is capped at the bytes left in the block, so a corrupt count cannot make this
            // allocate more than the block warrants (if some serializer wrote entries of no bytes,
            // the map would just grow as usual).
            map.ensureCapacity(map.size() + Math.min(count, body.available()));
            if (map instanceof LongKeyGroupStateMap<?, ?, ?> longMap
                    && keySerializer instanceof LongSerializer
                    && (Object) nsSer instanceof VoidNamespaceSerializer
                    && (Object) valueSer instanceof LongSerializer) {
                // the long layout: the bytes LongSerializer, VoidNamespaceSerializer and LongSerializer
                // read, without boxing key or value
                for (int i = 0; i < count; i++) {
                    long key = body.readLong();
                    body.readByte();
                    long value = body.readLong();
                    int hash = Long.hashCode(key);
                    if (KeyGroupRangeAssignment.computeKeyGroupForKeyHash(hash, numberOfKeyGroups) != keyGroup) {
                        throw KeyedSnapshotFormat.misplacedKey(key, hash, table.name, keyGroup, numberOfKeyGroups, offset, source);
                    }
                    longMap.putLong(key, value);
                }
                return;
            }
            for (int i = 0; i < count; i++) {
                K key = keySerializer.deserialize(body);
                Object namespace = nsSer.deserialize(body);
                Object value = CompactValues.deserialize(table.type, valueSer, body);
                int hash = key.hashCode();
                if (KeyGroupRangeAssignment.computeKeyGroupForKeyHash(hash, numberOfKeyGroups) != keyGroup) {
                    throw KeyedSnapshotFormat.misplacedKey(key, hash, table.name, keyGroup, numberOfKeyGroups, offset, source);
                }
                map.put(key, hash, namespace, value);
            }
        }
    }
}
