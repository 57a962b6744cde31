package io.cairn.state.heap;

import io.cairn.state.ListState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.RandomAccess;

/**
 * {@link ListState} on the heap: the stored value is an {@link ArrayList} (a {@link LongArrayList}
 * for {@code Long} elements, see {@link CompactValues}), appended in place.
 */
final class HeapListState<K, N, T> extends AbstractHeapState<K, N, List<T>> implements ListState<T> {

    private final boolean longElements;

    HeapListState(HeapKeyedStateBackend<K> backend, StateTable<K, N, List<T>> table, N namespace) {
        super(backend, table, namespace);
        this.longElements = CompactValues.isLongList(table.valueSerializer);
    }

    @SuppressWarnings("unchecked")
    private List<T> newList(int capacity) {
        return longElements ? (List<T>) (List<?>) new LongArrayList(capacity) : new ArrayList<>(capacity);
    }

    private List<T> copyOf(List<T> values) {
        List<T> list = newList(values.size());
        list.addAll(values);
        return list;
    }

    /**
     * Copies {@code values} for {@link #update}, rejecting null elements. A random-access list is
     * copied by index, and into a {@link LongArrayList} as primitives: no {@code toArray} copy and no
     * iterator per call (the list was replaced once per event in the payments demo).
     */
    @SuppressWarnings("unchecked")
    private List<T> checkedCopyOf(List<T> values) {
        if (!(values instanceof RandomAccess)) {
            checkElements(values);
            return copyOf(values);
        }
        int n = values.size();
        if (longElements) {
            LongArrayList list = new LongArrayList(n);
            for (int i = 0; i < n; i++) {
                Object t = values.get(i);
                if (t == null) {
                    throw nullValue("elements");
                }
                list.addLong((Long) t);
            }
            return (List<T>) (List<?>) list;
        }
        List<T> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            T t = values.get(i);
            if (t == null) {
                throw nullValue("elements");
            }
            list.add(t);
        }
        return list;
    }

    @Override
    public Iterable<T> get() {
        List<T> list = getStored();
        return list == null ? Collections.emptyList() : list;
    }

    @Override
    public void add(T value) {
        if (value == null) {
            throw nullValue("elements");
        }
        KeyGroupStateMap<K, N, List<T>> map = currentMap();
        int slot = lookup(map);
        // one call to the list's add for both cases: the JIT inlines each call site separately
        List<T> list = slot >= 0 ? map.valueForUpdate(slot) : newList(4);
        list.add(value);
        if (slot < 0) {
            insert(map, slot, list);
        }
    }

    @Override
    public void update(List<T> values) {
        if (values == null) {
            throw nullValue("lists");
        }
        if (values.isEmpty()) {
            clear();
        } else {
            // a wholesale replacement: the old list is dropped, never copied
            putStored(checkedCopyOf(values));
        }
    }

    @Override
    public void addAll(List<T> values) {
        if (values == null) {
            throw nullValue("lists");
        }
        checkElements(values);
        if (values.isEmpty()) {
            return;
        }
        KeyGroupStateMap<K, N, List<T>> map = currentMap();
        int slot = lookup(map);
        if (slot >= 0) {
            map.valueForUpdate(slot).addAll(values);
        } else {
            insert(map, slot, copyOf(values));
        }
    }

    private void checkElements(List<T> values) {
        for (T t : values) {
            if (t == null) {
                throw nullValue("elements");
            }
        }
    }
}
