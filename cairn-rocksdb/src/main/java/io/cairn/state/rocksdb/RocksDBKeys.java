package io.cairn.state.rocksdb;

import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.StateDescriptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/** Lists the keys that have a value in one namespace of a state, by one scan of its column family. */
final class RocksDBKeys {

    private RocksDBKeys() {}

    /**
     * @param backend the backend (task thread)
     * @param info the state
     * @param namespace the namespace
     * @param <K> the key type
     * @param <N> the namespace type
     * @return each key once, in RocksDB order (key group, then serialized key)
     * @throws RocksDBException if the scan fails
     * @throws IOException if a stored key cannot be deserialized
     */
    @SuppressWarnings("unchecked")
    static <K, N> List<K> keys(RocksDBKeyedStateBackend<K> backend, RocksDBStateInfo info, N namespace)
            throws RocksDBException, IOException {
        TypeSerializer<K> keySerializer = backend.getKeySerializer();
        List<K> keys = new ArrayList<>();
        DataOutputSerializer nsBytes = new DataOutputSerializer(32);
        ((TypeSerializer<N>) info.namespaceSerializer).serialize(namespace, nsBytes);
        byte[] ns = nsBytes.getCopyOfBuffer();
        boolean exact = info.type != StateDescriptor.Type.MAP;
        DataInputDeserializer in = new DataInputDeserializer();
        byte[] lastEmitted = null;
        int lastEmittedLength = 0;
        int prefix = RocksDBKeyedStateBackend.KEY_GROUP_PREFIX_BYTES;
        try (RocksIterator it = backend.newIterator(info.columnFamily)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] rocksKey = it.key();
                if (lastEmitted != null && RocksDBKeyedStateBackend.startsWith(rocksKey, lastEmitted, lastEmittedLength)) {
                    continue; // another map entry of the key just emitted
                }
                in.setBuffer(rocksKey, prefix, rocksKey.length - prefix);
                K key = keySerializer.deserialize(in);
                int nsStart = in.getPosition();
                int nsEnd = nsStart + ns.length;
                boolean matches = exact ? nsEnd == rocksKey.length : nsEnd <= rocksKey.length;
                if (matches && Arrays.equals(rocksKey, nsStart, nsEnd, ns, 0, ns.length)) {
                    keys.add(key);
                    lastEmitted = rocksKey;
                    lastEmittedLength = nsEnd;
                }
            }
            it.status();
        }
        return keys;
    }
}
