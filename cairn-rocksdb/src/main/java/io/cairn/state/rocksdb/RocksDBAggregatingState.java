package io.cairn.state.rocksdb;

import io.cairn.state.AggregateFunction;
import io.cairn.state.AggregatingState;
import java.io.IOException;
import org.rocksdb.RocksDBException;

/** {@link AggregatingState} in RocksDB; the stored value is the serialized accumulator. */
final class RocksDBAggregatingState<K, N, IN, ACC, OUT> extends AbstractRocksDBState<K, N, ACC>
        implements AggregatingState<IN, OUT> {

    private final AggregateFunction<IN, ACC, OUT> aggregateFunction;

    RocksDBAggregatingState(
            RocksDBKeyedStateBackend<K> backend,
            RocksDBStateInfo info,
            N namespace,
            AggregateFunction<IN, ACC, OUT> aggregateFunction) {
        super(backend, info, namespace);
        this.aggregateFunction = aggregateFunction;
    }

    @Override
    public OUT get() {
        ACC acc;
        try {
            acc = getStored();
        } catch (RocksDBException | IOException e) {
            throw failure("read", e);
        }
        return acc == null ? null : aggregateFunction.getResult(acc);
    }

    @Override
    public void add(IN value) {
        if (value == null) {
            throw nullValue("values");
        }
        ACC acc;
        try {
            acc = getStored();
        } catch (RocksDBException | IOException e) {
            throw failure("read", e);
        }
        ACC result = aggregateFunction.add(value, acc == null ? aggregateFunction.createAccumulator() : acc);
        try {
            putStored(result);
        } catch (RocksDBException | IOException e) {
            throw failure("write", e);
        }
    }
}
