package io.cairn.state.heap;

import io.cairn.state.ValueState;

/**
 * {@link ValueState} on the heap.
 *
 * <p>{@link #value} and {@link #update} make their own calls into the key-group map instead of
 * going through {@link AbstractHeapState#getStored} and {@link AbstractHeapState#putStored}, which
 * the list and map states use. The JIT profiles the receiver types of each call site in the
 * bytecode, so shared call sites see every map layout of every state: a {@code ValueState<Long>}
 * keeps unboxed longs ({@link LongKeyGroupStateMap}) while lists and maps keep objects
 * ({@link LongKeyObjectStateMap}), and each access of either compiled both layouts and deoptimized
 * when the second showed up mid-run (in the payments demo, when the first accounts reached ten
 * amounts and their lists began to be replaced). With their own call sites a job's value states
 * and its list and map states each see the layouts they use.
 */
final class HeapValueState<K, N, V> extends AbstractHeapState<K, N, V> implements ValueState<V> {

    private final V defaultValue;

    HeapValueState(HeapKeyedStateBackend<K> backend, StateTable<K, N, V> table, N namespace, V defaultValue) {
        super(backend, table, namespace);
        this.defaultValue = defaultValue;
    }

    @Override
    public V value() {
        KeyGroupStateMap<K, N, V> map = currentMap();
        int slot = find(map);
        if (slot >= 0) {
            return map.valueAt(slot);
        }
        return defaultValue == null ? null : table.valueSerializer.copy(defaultValue);
    }

    @Override
    public void update(V value) {
        if (value == null) {
            clear();
            return;
        }
        KeyGroupStateMap<K, N, V> map = currentMap();
        int slot = find(map);
        if (slot >= 0) {
            map.setValueAt(slot, value);
        } else {
            remember(map, map.insert(slot, backend.getCurrentKey(), backend.currentKeyHash(), currentNamespace, value));
        }
    }

    /** {@link AbstractHeapState#lookup}, with this class's own call to {@code find}. */
    private int find(KeyGroupStateMap<K, N, V> map) {
        int slot = rememberedSlot(map);
        if (slot == NOT_CACHED) {
            slot = map.find(lookupKey(), backend.currentKeyHash(), currentNamespace);
            remember(map, slot);
        }
        return slot;
    }
}
