package io.cairn.state.heap;

import io.cairn.state.ReduceFunction;
import io.cairn.state.ReducingState;

/** {@link ReducingState} on the heap. */
final class HeapReducingState<K, N, T> extends AbstractHeapState<K, N, T> implements ReducingState<T> {

    private final ReduceFunction<T> reduceFunction;

    HeapReducingState(
            HeapKeyedStateBackend<K> backend, StateTable<K, N, T> table, N namespace, ReduceFunction<T> reduceFunction) {
        super(backend, table, namespace);
        this.reduceFunction = reduceFunction;
    }

    @Override
    public T get() {
        return getStored();
    }

    @Override
    public void add(T value) {
        if (value == null) {
            throw nullValue("values");
        }
        KeyGroupStateMap<K, N, T> map = currentMap();
        int slot = lookup(map);
        if (slot >= 0) {
            map.setValueAt(slot, reduceFunction.reduce(map.valueForUpdate(slot), value));
        } else {
            insert(map, slot, value);
        }
    }
}
