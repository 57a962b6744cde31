package io.cairn.state.heap;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The record of changed keys of one long-keyed key-group map ({@link LongKeyGroupStateMap},
 * {@link LongKeyObjectStateMap}) since the last incremental checkpoint: a set of primitive
 * {@code long}s. Recording a change boxes nothing and, once the table has grown to the number of
 * keys a checkpoint interval changes, allocates nothing; the delta writer walks it with
 * {@link #forEachLong} without boxing either.
 *
 * <h2>Layout</h2>
 * Open addressing with linear probing over one {@code long[]}, at most half full; the key
 * {@link #EMPTY} ({@code Long.MIN_VALUE}) marks a free slot, and the key that really is
 * {@code Long.MIN_VALUE} is kept in {@link #hasEmptyKey}. There is no removal: a change, once
 * recorded, stays until the set is handed to a checkpoint.
 *
 * <p>As a {@code Set<Object>} of {@code Long}s it fits the generic change-tracking contract of
 * {@link KeyGroupStateMap#takeChanges()}; its iterator boxes, and {@link #remove} is not supported.
 *
 * <p>Not thread-safe: written by the task thread while it is a map's current record; once taken by
 * a checkpoint's synchronous part it is never written again and is read by the checkpoint's writer
 * thread (the hand-off to that thread orders the reads after the last write).
 */
final class LongChangeSet extends AbstractSet<Object> {

    private static final long EMPTY = Long.MIN_VALUE;
    private static final long PHI64 = 0x9E3779B97F4A7C15L;
    private static final int MIN_CAPACITY = 16;

    private long[] table;
    private int mask;
    private int hashShift;
    /** Keys in {@link #table} (not counting the out-of-table one). */
    private int tableSize;
    private boolean hasEmptyKey;

    /** Creates an empty set. */
    LongChangeSet() {
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        table = new long[capacity];
        Arrays.fill(table, EMPTY);
        mask = capacity - 1;
        hashShift = 64 - Integer.numberOfTrailingZeros(capacity);
    }

    private int home(long key) {
        return (int) ((key * PHI64) >>> hashShift);
    }

    /**
     * Adds a key.
     *
     * @param key the key
     * @return whether it was absent
     */
    boolean addLong(long key) {
        if (key == EMPTY) {
            boolean added = !hasEmptyKey;
            hasEmptyKey = true;
            return added;
        }
        long[] t = table;
        int i = home(key);
        while (true) {
            long stored = t[i];
            if (stored == key) {
                return false;
            }
            if (stored == EMPTY) {
                break;
            }
            i = (i + 1) & mask;
        }
        t[i] = key;
        if (++tableSize * 2 > t.length) {
            grow();
        }
        return true;
    }

    private void grow() {
        long[] old = table;
        allocate(old.length * 2);
        for (long key : old) {
            if (key != EMPTY) {
                int i = home(key);
                while (table[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                table[i] = key;
            }
        }
    }

    /** @return whether the set holds {@code key} */
    boolean containsLong(long key) {
        if (key == EMPTY) {
            return hasEmptyKey;
        }
        int i = home(key);
        while (true) {
            long stored = table[i];
            if (stored == key) {
                return true;
            }
            if (stored == EMPTY) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    /** Adds every key of {@code other}. */
    void addAllLongs(LongChangeSet other) {
        if (other.hasEmptyKey) {
            addLong(EMPTY);
        }
        for (long key : other.table) {
            if (key != EMPTY) {
                addLong(key);
            }
        }
    }

    /** Receives the keys of a set. */
    @FunctionalInterface
    interface LongVisitor<E extends Exception> {
        void visit(long key) throws E;
    }

    /**
     * Visits every key, without boxing, in no particular order.
     *
     * @param visitor receives each key
     * @param <E> what the visitor may throw
     * @throws E whatever the visitor throws
     */
    <E extends Exception> void forEachLong(LongVisitor<E> visitor) throws E {
        if (hasEmptyKey) {
            visitor.visit(EMPTY);
        }
        for (long key : table) {
            if (key != EMPTY) {
                visitor.visit(key);
            }
        }
    }

    @Override
    public int size() {
        return hasEmptyKey ? tableSize + 1 : tableSize;
    }

    @Override
    public boolean isEmpty() {
        return tableSize == 0 && !hasEmptyKey;
    }

    /** Adds a {@code Long}; anything else is rejected. */
    @Override
    public boolean add(Object key) {
        if (!(key instanceof Long k)) {
            throw new IllegalArgumentException("a long change set holds Long keys, not " + key);
        }
        return addLong(k);
    }

    @Override
    public boolean addAll(Collection<?> keys) {
        if (keys instanceof LongChangeSet other) {
            int before = size();
            addAllLongs(other);
            return size() != before;
        }
        return super.addAll(keys);
    }

    @Override
    public boolean contains(Object key) {
        return key instanceof Long k && containsLong(k);
    }

    @Override
    public void clear() {
        allocate(MIN_CAPACITY);
        tableSize = 0;
        hasEmptyKey = false;
    }

    /** Boxes each key; {@link Iterator#remove()} is not supported. */
    @Override
    public Iterator<Object> iterator() {
        return new Iterator<>() {
            private boolean emptyKeyPending = hasEmptyKey;
            private int next = advance(0);

            private int advance(int from) {
                int i = from;
                while (i < table.length && table[i] == EMPTY) {
                    i++;
                }
                return i;
            }

            @Override
            public boolean hasNext() {
                return emptyKeyPending || next < table.length;
            }

            @Override
            public Object next() {
                if (emptyKeyPending) {
                    emptyKeyPending = false;
                    return EMPTY;
                }
                if (next >= table.length) {
                    throw new NoSuchElementException();
                }
                long key = table[next];
                next = advance(next + 1);
                return key;
            }
        };
    }
}
