package io.cairn.state.rocksdb;

import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.fs.FSDataInputStream;
import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.ListSerializer;
import io.cairn.serialization.MapSerializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.serialization.TypeSerializerSnapshot;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.keyed.KeyedSnapshotFormat;
import io.cairn.state.keyed.StateMetaInfo;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;

/**
 * Reads full keyed snapshots ({@link KeyedSnapshotFormat}, written by any backend) into a RocksDB
 * backend, keeping only the key groups it owns. Each handle is opened once; each owned key group is
 * read with one seek and one bulk read, checksummed, decoded, and written entry by entry (list
 * values as their elements back to back, map values as one RocksDB entry per map entry). Checks and
 * error messages are those of the heap restore.
 *
 * @param <K> the key type
 */
final class RocksDBFullRestoreOperation<K> {

    private final RocksDBKeyedStateBackend<K> backend;
    private final StateHandles<KeyedStateHandle> handles;
    private final KeyGroupRange range;
    private final int numberOfKeyGroups;
    private final DataOutputSerializer keyBytes = new DataOutputSerializer(128);
    private final DataOutputSerializer entryKeyBytes = new DataOutputSerializer(128);
    private final DataOutputSerializer valueBytes = new DataOutputSerializer(256);

    RocksDBFullRestoreOperation(RocksDBKeyedStateBackend<K> backend, StateHandles<KeyedStateHandle> handles) {
        this.backend = backend;
        this.handles = handles;
        this.range = backend.getKeyGroupRange();
        this.numberOfKeyGroups = backend.getNumberOfKeyGroups();
    }

    void restore() throws IOException {
        for (KeyedStateHandle handle : handles) {
            if (!(handle instanceof KeyGroupsStateHandle)) {
                throw new IllegalArgumentException("the rocksdb backend cannot restore " + handle.getClass().getName()
                        + " (" + handle + "); it restores KeyGroupsStateHandle (canonical) and IncrementalKeyedStateHandle"
                        + " (native)");
            }
            io.cairn.state.keyed.RestoreChecks.checkKeyGroupRange(handle, numberOfKeyGroups, backend.operatorIdentifier());
            KeyGroupsStateHandle part = ((KeyGroupsStateHandle) handle).getIntersection(range);
            if (part != null) {
                restoreHandle(part);
            }
        }
    }


    @SuppressWarnings("unchecked")
    private void restoreHandle(KeyGroupsStateHandle part) throws IOException {
        String source = io.cairn.state.keyed.RestoreChecks.describe(part);
        try (FSDataInputStream in = part.openInputStream()) {
            KeyedSnapshotFormat.Header header = KeyedSnapshotFormat.readHeader(in, source, backend.classLoader());
            checkKeySerializer((TypeSerializerSnapshot<K>) header.keySerializerSnapshot(), source);
            List<StateMetaInfo> metas = header.states();
            RocksDBStateInfo[] states = new RocksDBStateInfo[metas.size()];
            for (int i = 0; i < states.length; i++) {
                states[i] = RocksDBRestoredStates.stateFor(backend, metas.get(i), source, null);
            }
            for (int keyGroup : part.getKeyGroupRange()) {
                long offset = part.getGroupRangeOffsets().getKeyGroupOffset(keyGroup);
                in.seek(offset);
                DataInputDeserializer body = KeyedSnapshotFormat.readKeyGroupBlock(in, keyGroup, source, offset);
                try {
                    readKeyGroup(body, keyGroup, states, source, offset);
                } catch (CorruptCheckpointException e) {
                    throw e;
                } catch (RocksDBException e) {
                    throw new IOException("cannot write key group " + keyGroup + " restored from " + source
                            + " into RocksDB at " + backend.dbPath() + " of " + backend.operatorIdentifier() + ": "
                            + e.getMessage(), e);
                } catch (IOException | RuntimeException e) {
                    throw new CorruptCheckpointException("cannot decode key group " + keyGroup + " at offset " + offset
                            + " of " + source + ": " + e, e);
                }
            }
        }
    }

    private void checkKeySerializer(TypeSerializerSnapshot<K> keySnapshot, String source) {
        io.cairn.state.keyed.RestoreChecks.checkKeySerializer(keySnapshot, backend.getKeySerializer(), source);
    }

    @SuppressWarnings("unchecked")
    private void readKeyGroup(
            DataInputDeserializer body, int keyGroup, RocksDBStateInfo[] states, String source, long offset)
            throws IOException, RocksDBException {
        TypeSerializer<K> keySerializer = backend.getKeySerializer();
        KeyedSnapshotFormat.readSections(body, states.length, keyGroup, offset, source, (stateIndex, count) -> {
            RocksDBStateInfo state = states[stateIndex];
            TypeSerializer<Object> nsSer = (TypeSerializer<Object>) state.namespaceSerializer;
            TypeSerializer<Object> valueSer = (TypeSerializer<Object>) state.valueSerializer;
            for (int i = 0; i < count; i++) {
                K key = keySerializer.deserialize(body);
                Object namespace = nsSer.deserialize(body);
                Object value = valueSer.deserialize(body);
                int hash = key.hashCode();
                if (KeyGroupRangeAssignment.computeKeyGroupForKeyHash(hash, numberOfKeyGroups) != keyGroup) {
                    throw KeyedSnapshotFormat.misplacedKey(key, hash, state.name, keyGroup, numberOfKeyGroups, offset, source);
                }
                keyBytes.clear();
                RocksDBKeyedStateBackend.writeKeyGroup(keyBytes, keyGroup);
                keySerializer.serialize(key, keyBytes);
                nsSer.serialize(namespace, keyBytes);
                writeEntry(state, value);
            }
        });
    }

    /** Writes one snapshot entry, whose RocksDB key prefix is in {@link #keyBytes}. */
    @SuppressWarnings("unchecked")
    private void writeEntry(RocksDBStateInfo state, Object value) throws IOException, RocksDBException {
        switch (state.type) {
            case LIST: {
                List<Object> elements = (List<Object>) value;
                if (elements.isEmpty()) {
                    return;
                }
                valueBytes.clear();
                RocksDBListState.writeElements(
                        elements, ((ListSerializer<Object>) state.valueSerializer).getElementSerializer(), valueBytes);
                backend.putUncached(state.columnFamily, keyBytes, valueBytes);
                return;
            }
            case MAP: {
                MapSerializer<Object, Object> serializer = (MapSerializer<Object, Object>) state.valueSerializer;
                for (Map.Entry<Object, Object> e : ((Map<Object, Object>) value).entrySet()) {
                    entryKeyBytes.clear();
                    entryKeyBytes.write(keyBytes.getSharedBuffer(), 0, keyBytes.length());
                    serializer.getKeySerializer().serialize(e.getKey(), entryKeyBytes);
                    valueBytes.clear();
                    RocksDBMapState.writeUserValue(e.getValue(), serializer.getValueSerializer(), valueBytes);
                    backend.putUncached(state.columnFamily, entryKeyBytes, valueBytes);
                }
                return;
            }
            default:
                valueBytes.clear();
                ((TypeSerializer<Object>) state.valueSerializer).serialize(value, valueBytes);
                backend.putUncached(state.columnFamily, keyBytes, valueBytes);
        }
    }
}
