package io.cairn.state.rocksdb;

import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.serialization.ListSerializer;
import io.cairn.serialization.MapSerializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.StateDescriptor;
import io.cairn.state.keyed.StateMetaInfo;
import java.io.IOException;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;

/** How every restore operation turns a snapshot's state meta info into a state of the backend. */
final class RocksDBRestoredStates {

    private RocksDBRestoredStates() {}

    /**
     * Returns the backend's state of that name if an earlier handle of the same restore created it,
     * else registers it with the serializers its snapshots restore.
     *
     * @param backend the restoring backend
     * @param meta the state as a snapshot records it
     * @param source names the snapshot in errors
     * @param columnFamily its column family in a database restored from files, or null to create one
     * @return the state
     * @throws CorruptCheckpointException if the kind differs from another handle's, or a list or map
     *     state has a serializer of the wrong kind
     * @throws IOException if RocksDB cannot create the column family
     */
    static RocksDBStateInfo stateFor(RocksDBKeyedStateBackend<?> backend, StateMetaInfo meta, String source,
            ColumnFamilyHandle columnFamily) throws IOException {
        RocksDBStateInfo info = backend.stateInfo(meta.name());
        if (info != null) {
            if (info.type != meta.type()) {
                throw new CorruptCheckpointException("state '" + meta.name() + "' is " + meta.type() + " in " + source
                        + " but " + info.type + " in another handle of the same restore");
            }
            return info;
        }
        TypeSerializer<?> namespaceSerializer = meta.namespaceSerializerSnapshot().restoreSerializer();
        TypeSerializer<?> valueSerializer = meta.valueSerializerSnapshot().restoreSerializer();
        if (meta.type() == StateDescriptor.Type.LIST && !(valueSerializer instanceof ListSerializer)) {
            throw new CorruptCheckpointException("list state '" + meta.name() + "' in " + source
                    + " has value serializer " + valueSerializer + ", not a ListSerializer");
        }
        if (meta.type() == StateDescriptor.Type.MAP && !(valueSerializer instanceof MapSerializer)) {
            throw new CorruptCheckpointException("map state '" + meta.name() + "' in " + source
                    + " has value serializer " + valueSerializer + ", not a MapSerializer");
        }
        try {
            return backend.addRestoredState(meta, namespaceSerializer, valueSerializer, columnFamily);
        } catch (RocksDBException e) {
            throw new IOException("cannot create the column family of state '" + meta.name() + "' restored from "
                    + source + " in RocksDB at " + backend.dbPath() + " of " + backend.operatorIdentifier() + ": "
                    + e.getMessage(), e);
        }
    }
}
