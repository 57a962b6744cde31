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

    /**
     * The capacity of a key's new list: {@code java.util.ArrayList}'s default, 10. (It was 4: a list's
     * first growth then came at its fifth element, which in a job whose lists hold a few elements
     * happens only once most keys have been seen a few times; HotSpot's C2 had by then compiled
     * the growth as an uncommon trap, and the first growth threw away the compiled keyed path of
     * the payments demo. The six extra slots cost eight bytes a key in a {@link LongArrayList} of
     * small numbers, which keeps them in a {@code byte[]}, 48 in one of longs, and 24 in an
     * {@code ArrayList} of other elements.)
     */
    static final int INITIAL_CAPACITY = 10;

    private final boolean longElements;
    /**
     * {@link #checkedLongs}'s copy of the new elements; it grows to the longest list updated, up to
     * {@link #MAX_SCRATCH} elements (a longer update uses an array of its own).
     */
    private long[] scratch = new long[INITIAL_CAPACITY];

    /** The most elements {@link #scratch} keeps room for between updates. */
    static final int MAX_SCRATCH = 1024;

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
     * copied by index: no {@code toArray} copy and no iterator per call. (Random-access lists of
     * {@code Long}s go through {@link #updateLongs} instead.)
     */
    private List<T> checkedCopyOf(List<T> values) {
        if (!(values instanceof RandomAccess)) {
            checkElements(values);
            return copyOf(values);
        }
        int n = values.size();
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
        List<T> list = slot >= 0 ? map.valueForUpdate(slot) : newList(INITIAL_CAPACITY);
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
        } else if (longElements && values instanceof RandomAccess) {
            updateLongs(values);
        } else {
            // a wholesale replacement: the old list is dropped, never copied
            putStored(checkedCopyOf(values));
        }
    }

    /**
     * {@link #update} with a random-access list of {@code Long}s: into the current entry's
     * {@link LongArrayList} in place, so no new list per call (the payments demo replaces its last
     * ten amounts at every event), or into a new one if the entry is absent. The elements are checked
     * and read into {@link #scratch} before anything changes, so a null element changes nothing, and
     * {@code values} may be the stored list itself or a view of it. A snapshot never sees the change:
     * {@code valueForUpdate} hands out a list no snapshot shares.
     *
     * <p>The stored list is the one {@link #get} handed out, so an iterable of this key's list held
     * across an update reads the new elements, and iterating it while updating fails with a
     * {@code ConcurrentModificationException}, as with {@link #add} (see {@link ListState#get}).
     */
    @SuppressWarnings("unchecked")
    private void updateLongs(List<T> values) {
        int n = values.size();
        long[] copy = checkedLongs(values, n);
        KeyGroupStateMap<K, N, List<T>> map = currentMap();
        int slot = lookup(map);
        if (slot >= 0 && map.valueForUpdate(slot) instanceof LongArrayList stored) {
            stored.setLongs(copy, n);
        } else {
            LongArrayList list = new LongArrayList(n);
            list.setLongs(copy, n);
            putStored((List<T>) (List<?>) list);
        }
    }

    /**
     * @return {@link #scratch} (or, past {@link #MAX_SCRATCH}, an array of its own) holding the first
     *     {@code n} elements of {@code values}
     * @throws NullPointerException if an element is null
     */
    private long[] checkedLongs(List<T> values, int n) {
        long[] copy = scratch;
        if (copy.length < n) {
            copy = new long[n];
            if (n <= MAX_SCRATCH) {
                scratch = copy;
            }
        }
        for (int i = 0; i < n; i++) {
            Object t = values.get(i);
            if (t == null) {
                throw nullValue("elements");
            }
            copy[i] = (Long) t;
        }
        return copy;
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
