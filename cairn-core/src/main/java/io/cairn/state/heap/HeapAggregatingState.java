package io.cairn.state.heap;

import io.cairn.state.AggregateFunction;
import io.cairn.state.AggregatingState;

/** {@link AggregatingState} on the heap; the stored value is the accumulator. */
final class HeapAggregatingState<K, N, IN, ACC, OUT> extends AbstractHeapState<K, N, ACC>
        implements AggregatingState<IN, OUT> {

    private final AggregateFunction<IN, ACC, OUT> aggregateFunction;

    HeapAggregatingState(
            HeapKeyedStateBackend<K> backend,
            StateTable<K, N, ACC> table,
            N namespace,
            AggregateFunction<IN, ACC, OUT> aggregateFunction) {
        super(backend, table, namespace);
        this.aggregateFunction = aggregateFunction;
    }

    @Override
    public OUT get() {
        ACC acc = getStored();
        return acc == null ? null : aggregateFunction.getResult(acc);
    }

    @Override
    public void add(IN value) {
        if (value == null) {
            throw nullValue("values");
        }
        KeyGroupStateMap<K, N, ACC> map = currentMap();
        int slot = lookup(map);
        if (slot >= 0) {
            map.setValueAt(slot, aggregateFunction.add(value, map.valueForUpdate(slot)));
        } else {
            insert(map, slot, aggregateFunction.add(value, aggregateFunction.createAccumulator()));
        }
    }
}
