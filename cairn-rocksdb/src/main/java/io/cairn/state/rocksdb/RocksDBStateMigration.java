package io.cairn.state.rocksdb;

import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.ListSerializer;
import io.cairn.serialization.MapSerializer;
import io.cairn.serialization.TypeSerializer;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Rewrites a restored state's stored bytes when the program's serializer is compatible only after
 * migration: every value (list element, map key and value) is read with the serializer it was
 * written with and written again with the new one. The scan reads the iterator's implicit snapshot,
 * so its own writes are never visited again. Keys and namespaces are not migrated: both must be
 * compatible as they are.
 */
final class RocksDBStateMigration {

    private RocksDBStateMigration() {}

    @SuppressWarnings("unchecked")
    static void migrate(RocksDBKeyedStateBackend<?> backend, RocksDBStateInfo info, TypeSerializer<?> newSerializer)
            throws IOException, RocksDBException {
        TypeSerializer<Object> keySerializer = (TypeSerializer<Object>) backend.getKeySerializer();
        TypeSerializer<Object> namespaceSerializer = (TypeSerializer<Object>) info.namespaceSerializer;
        DataInputDeserializer in = new DataInputDeserializer();
        DataOutputSerializer value = new DataOutputSerializer(256);
        DataOutputSerializer newKey = new DataOutputSerializer(128);
        try (RocksIterator it = backend.newIterator(info.columnFamily)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                byte[] stored = it.value();
                in.setBuffer(stored, 0, stored.length);
                value.clear();
                switch (info.type) {
                    case LIST: {
                        TypeSerializer<Object> oldElements = ((ListSerializer<Object>) info.valueSerializer).getElementSerializer();
                        List<Object> elements = RocksDBListState.readElements(in, oldElements);
                        RocksDBListState.writeElements(
                                elements, ((ListSerializer<Object>) newSerializer).getElementSerializer(), value);
                        backend.putUncached(info.columnFamily, key, value);
                        break;
                    }
                    case MAP: {
                        MapSerializer<Object, Object> oldMap = (MapSerializer<Object, Object>) info.valueSerializer;
                        MapSerializer<Object, Object> newMap = (MapSerializer<Object, Object>) newSerializer;
                        RocksDBMapState.writeUserValue(
                                RocksDBMapState.readUserValue(in, oldMap.getValueSerializer()), newMap.getValueSerializer(), value);
                        // the user key may change its bytes too: find where it starts, re-encode it
                        in.setBuffer(key, RocksDBKeyedStateBackend.KEY_GROUP_PREFIX_BYTES,
                                key.length - RocksDBKeyedStateBackend.KEY_GROUP_PREFIX_BYTES);
                        keySerializer.deserialize(in);
                        namespaceSerializer.deserialize(in);
                        int prefixLength = in.getPosition();
                        Object userKey = oldMap.getKeySerializer().deserialize(in);
                        newKey.clear();
                        newKey.write(key, 0, prefixLength);
                        newMap.getKeySerializer().serialize(userKey, newKey);
                        if (!Arrays.equals(key, 0, key.length, newKey.getSharedBuffer(), 0, newKey.length())) {
                            backend.deleteUncached(info.columnFamily, key);
                        }
                        backend.putUncached(info.columnFamily, newKey, value);
                        break;
                    }
                    default:
                        ((TypeSerializer<Object>) newSerializer).serialize(
                                ((TypeSerializer<Object>) info.valueSerializer).deserialize(in), value);
                        backend.putUncached(info.columnFamily, key, value);
                }
            }
            it.status();
        }
    }
}
