package io.cairn.state.rocksdb;

import io.cairn.serialization.TypeSerializer;
import io.cairn.state.StateDescriptor;
import io.cairn.state.keyed.StateMetaInfo;
import org.rocksdb.ColumnFamilyHandle;

/**
 * One keyed state of a RocksDB backend: its column family, kind and current serializers. A state
 * restored from a snapshot keeps the snapshot's meta info, and the serializers that read it, until
 * the program registers the state.
 */
final class RocksDBStateInfo {

    final String name;
    final StateDescriptor.Type type;
    final ColumnFamilyHandle columnFamily;
    /** The column family's id in its database, as write batches name it. */
    final int columnFamilyId;
    TypeSerializer<?> namespaceSerializer;
    /** The state's value serializer: a ListSerializer for list state, a MapSerializer for map state. */
    TypeSerializer<?> valueSerializer;

    /**
     * The length of the prefix by which the column family's memtable is hashed (see
     * {@link RocksDBResources#hashPrefixLength}), or 0 for a skip list. Iterators that seek a prefix of
     * exactly this length may use RocksDB's prefix mode ({@link RocksDBResources#prefixScanOptions()}).
     */
    final int hashPrefixLength;

    /** This state's index in its backend, which tells its keys apart in the value cache. */
    final int cacheId;

    /** The meta info this state was restored with; null once the program has registered the state. */
    StateMetaInfo restoredMetaInfo;

    RocksDBStateInfo(
            String name,
            StateDescriptor.Type type,
            ColumnFamilyHandle columnFamily,
            TypeSerializer<?> namespaceSerializer,
            TypeSerializer<?> valueSerializer,
            int hashPrefixLength,
            int cacheId) {
        this.name = name;
        this.cacheId = cacheId;
        this.hashPrefixLength = hashPrefixLength;
        this.type = type;
        this.columnFamily = columnFamily;
        this.columnFamilyId = columnFamily.getID();
        this.namespaceSerializer = namespaceSerializer;
        this.valueSerializer = valueSerializer;
    }

    /** @return what a snapshot records about this state */
    StateMetaInfo metaInfo() {
        return restoredMetaInfo != null
                ? restoredMetaInfo
                : new StateMetaInfo(name, type, namespaceSerializer.snapshotConfiguration(),
                        valueSerializer.snapshotConfiguration());
    }
}
