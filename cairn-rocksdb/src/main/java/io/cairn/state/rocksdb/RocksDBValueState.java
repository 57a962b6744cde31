package io.cairn.state.rocksdb;

import io.cairn.state.ValueState;
import java.io.IOException;
import org.rocksdb.RocksDBException;

/** {@link ValueState} in RocksDB: one entry per key and namespace, the value serialized. */
final class RocksDBValueState<K, N, V> extends AbstractRocksDBState<K, N, V> implements ValueState<V> {

    private final V defaultValue;

    RocksDBValueState(RocksDBKeyedStateBackend<K> backend, RocksDBStateInfo info, N namespace, V defaultValue) {
        super(backend, info, namespace);
        this.defaultValue = defaultValue;
    }

    @Override
    public V value() {
        V v;
        try {
            v = getStored();
        } catch (RocksDBException | IOException e) {
            throw failure("read", e);
        }
        if (v == null && defaultValue != null) {
            return getValueSerializer().copy(defaultValue);
        }
        return v;
    }

    @Override
    public void update(V value) {
        if (value == null) {
            clear();
            return;
        }
        try {
            putStored(value);
        } catch (RocksDBException | IOException e) {
            throw failure("write", e);
        }
    }
}
