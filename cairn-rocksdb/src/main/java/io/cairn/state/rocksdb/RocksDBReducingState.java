package io.cairn.state.rocksdb;

import io.cairn.state.ReduceFunction;
import io.cairn.state.ReducingState;
import java.io.IOException;
import org.rocksdb.RocksDBException;

/** {@link ReducingState} in RocksDB: read, reduce and write back the one stored value. */
final class RocksDBReducingState<K, N, T> extends AbstractRocksDBState<K, N, T> implements ReducingState<T> {

    private final ReduceFunction<T> reduceFunction;

    RocksDBReducingState(
            RocksDBKeyedStateBackend<K> backend, RocksDBStateInfo info, N namespace, ReduceFunction<T> reduceFunction) {
        super(backend, info, namespace);
        this.reduceFunction = reduceFunction;
    }

    @Override
    public T get() {
        try {
            return getStored();
        } catch (RocksDBException | IOException e) {
            throw failure("read", e);
        }
    }

    @Override
    public void add(T value) {
        if (value == null) {
            throw nullValue("values");
        }
        T stored;
        try {
            stored = getStored();
        } catch (RocksDBException | IOException e) {
            throw failure("read", e);
        }
        T result = stored == null ? value : reduceFunction.reduce(stored, value);
        try {
            putStored(result);
        } catch (RocksDBException | IOException e) {
            throw failure("write", e);
        }
    }
}
