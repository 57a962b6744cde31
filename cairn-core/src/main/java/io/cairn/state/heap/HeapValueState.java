package io.cairn.state.heap;

import io.cairn.state.ValueState;

/** {@link ValueState} on the heap. */
final class HeapValueState<K, N, V> extends AbstractHeapState<K, N, V> implements ValueState<V> {

    private final V defaultValue;

    HeapValueState(HeapKeyedStateBackend<K> backend, StateTable<K, N, V> table, N namespace, V defaultValue) {
        super(backend, table, namespace);
        this.defaultValue = defaultValue;
    }

    @Override
    public V value() {
        V v = getStored();
        if (v == null && defaultValue != null) {
            return table.valueSerializer.copy(defaultValue);
        }
        return v;
    }

    @Override
    public void update(V value) {
        if (value == null) {
            clear();
        } else {
            putStored(value);
        }
    }
}
