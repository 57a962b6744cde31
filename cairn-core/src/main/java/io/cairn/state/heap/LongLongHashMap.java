package io.cairn.state.heap;

import io.cairn.serialization.DataInputView;
import io.cairn.serialization.DataOutputView;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A {@code Map<Long, Long>} with primitive keys and values: the stored value of a heap
 * {@code MapState<Long, Long>} (see {@link CompactValues}).
 *
 * <h2>Layout</h2>
 * Open addressing with linear probing over one {@code long[]} of (key, value) pairs, so a lookup
 * reads one cache line where a {@link HashMap} reads its bucket array and a node, and a put
 * allocates nothing. Two key values mark slots: {@link #EMPTY} ({@code Long.MIN_VALUE}) and
 * {@link #DELETED} ({@code Long.MIN_VALUE + 1}, a tombstone left by a removal so that iterators may
 * remove while walking; tombstones are dropped when the table is rebuilt). Entries whose key is one
 * of those two values live in a small side map, {@link #specials}. Null values (which
 * {@code MapState} allows) are recorded in {@link #nullValued}; both side structures are null until
 * first needed.
 *
 * <h2>Int mode</h2>
 * While every key lies in {@code (Integer.MIN_VALUE + 1, Integer.MAX_VALUE]} and every value fits in
 * an {@code int}, the pairs are kept in an {@code int[]} ({@link #ints}) instead, with the markers
 * {@link #EMPTY_INT} and {@link #DELETED_INT}: half the bytes, so twice as many maps stay in the
 * processor's caches (a get for a random key is bound by the miss on its slot). The first key or
 * value outside that range copies the pairs, slot for slot, into a {@code long[]} for good; slot
 * indices do not change, so iterators keep their place. Which mode a map is in depends only on its
 * data; the serialized form is the same in both.
 *
 * <p>Not thread-safe; owned by the task thread like the map that holds it.
 */
final class LongLongHashMap extends AbstractMap<Long, Long> implements CompactValues.Copyable {

    static final long EMPTY = Long.MIN_VALUE;
    static final long DELETED = Long.MIN_VALUE + 1;
    static final int EMPTY_INT = Integer.MIN_VALUE;
    static final int DELETED_INT = Integer.MIN_VALUE + 1;

    /** The pairs in long mode; null in int mode. */
    private long[] table;
    /** The pairs in int mode; null in long mode. */
    private int[] ints;
    private int mask;
    /** Entries in the table (not counting {@link #specials}). */
    private int tableSize;
    /** Slots not empty: entries plus tombstones. */
    private int used;
    private int modCount;
    private Map<Long, Long> specials;
    private Set<Long> nullValued;
    private Set<Map.Entry<Long, Long>> entrySet;

    /** Creates an empty map with room for about {@code expected} entries before it grows. */
    LongLongHashMap(int expected) {
        allocate(capacityFor(expected), true);
    }

    private LongLongHashMap(LongLongHashMap from) {
        table = from.table == null ? null : from.table.clone();
        ints = from.ints == null ? null : from.ints.clone();
        mask = from.mask;
        tableSize = from.tableSize;
        used = from.used;
        specials = from.specials == null ? null : new HashMap<>(from.specials);
        nullValued = from.nullValued == null ? null : new HashSet<>(from.nullValued);
    }

    /** @return a map holding {@code from}'s entries; a key may not be null */
    static LongLongHashMap copyOf(Map<? extends Long, ? extends Long> from) {
        LongLongHashMap map = new LongLongHashMap(from.size());
        for (Map.Entry<? extends Long, ? extends Long> e : from.entrySet()) {
            map.put(e.getKey(), e.getValue());
        }
        return map;
    }

    /**
     * Writes this map exactly as a {@code MapSerializer} over two {@code LongSerializer}s writes it
     * through {@link #entrySet()}: an int size, then per entry the key as a big-endian long, a null
     * flag and, unless null, the value as a big-endian long; table entries in slot order, then the
     * side map's. No entry object or boxed long is created for the table's entries.
     *
     * @param out where to write
     * @throws IOException if writing fails
     */
    void writeTo(DataOutputView out) throws IOException {
        out.writeInt(size());
        Set<Long> nulls = nullValued;
        int length = length();
        for (int i = 0; i < length; i += 2) {
            long k = keyAt(i);
            if (isSpecial(k)) {
                continue;
            }
            out.writeLong(k);
            if (nulls != null && nulls.contains(k)) {
                out.writeBoolean(true);
            } else {
                out.writeBoolean(false);
                out.writeLong(rawValueAt(i));
            }
        }
        if (specials != null) {
            for (Map.Entry<Long, Long> e : specials.entrySet()) {
                out.writeLong(e.getKey());
                Long v = e.getValue();
                out.writeBoolean(v == null);
                if (v != null) {
                    out.writeLong(v);
                }
            }
        }
    }

    /**
     * Reads a map written by {@link #writeTo} (or by a {@code MapSerializer} over two
     * {@code LongSerializer}s) straight into the table.
     *
     * @param in where to read
     * @param owner the serializer the bytes belong to, named in the error for a corrupt size
     * @return the map
     * @throws IOException if reading fails or the size is negative
     */
    static LongLongHashMap readFrom(DataInputView in, Object owner) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException(owner + " read a negative size " + n + "; the data is corrupt");
        }
        // a corrupt size must not allocate more than the bytes can hold; the table grows if needed
        LongLongHashMap map = new LongLongHashMap(Math.min(n, 1 << 16));
        for (int i = 0; i < n; i++) {
            long k = in.readLong();
            if (in.readBoolean()) {
                map.put(k, null);
            } else {
                map.putLong(k, in.readLong());
            }
        }
        return map;
    }

    /** Puts a primitive entry without boxing it (unless the key is one of the marker values). */
    void putLong(long k, long v) {
        if (isSpecial(k)) {
            put(k, (Long) v);
            return;
        }
        if (ints != null && !(fitsIntKey(k) && v == (int) v)) {
            widen();
        }
        int last = mask << 1;
        int i = home(k);
        int tombstone = -1;
        while (true) {
            long stored = keyAt(i);
            if (stored == k) {
                if (nullValued != null) {
                    nullValued.remove(k);
                }
                setValueAt(i, v);
                return;
            }
            if (stored == EMPTY) {
                break;
            }
            if (stored == DELETED && tombstone < 0) {
                tombstone = i;
            }
            i = i == last ? 0 : i + 2;
        }
        if (tombstone >= 0) {
            i = tombstone;
        } else if (used + 1 > (mask + 1) * 3 / 4) {
            rebuild(tableSize + 1 > (mask + 1) / 2 ? (mask + 1) * 2 : mask + 1);
            putLong(k, v);
            return;
        } else {
            used++;
        }
        setKeyAt(i, k);
        setValueAt(i, v);
        tableSize++;
        modCount++;
    }

    @Override
    public LongLongHashMap copy() {
        return new LongLongHashMap(this);
    }

    private static int capacityFor(int expected) {
        int needed = (int) Math.min((long) Math.max(expected, 2) * 4 / 3 + 1, 1 << 29);
        return Math.max(4, Integer.highestOneBit(needed - 1) << 1);
    }

    private void allocate(int capacity, boolean intMode) {
        if (intMode) {
            ints = new int[capacity * 2];
            table = null;
            for (int i = 0; i < ints.length; i += 2) {
                ints[i] = EMPTY_INT;
            }
        } else {
            table = new long[capacity * 2];
            ints = null;
            for (int i = 0; i < table.length; i += 2) {
                table[i] = EMPTY;
            }
        }
        mask = capacity - 1;
        used = 0;
    }

    /** @return whether the pairs are in an {@code int[]} (for tests) */
    boolean intMode() {
        return ints != null;
    }

    /** @return the length of the pair array: twice the capacity */
    private int length() {
        return (mask + 1) << 1;
    }

    /** @return whether int mode can hold {@code key}: an int above the two int markers */
    private static boolean fitsIntKey(long key) {
        return key == (int) key && (int) key > DELETED_INT;
    }

    /** @return the key of the pair at {@code index}, with the int markers read as {@link #EMPTY} and {@link #DELETED} */
    private long keyAt(int index) {
        int[] it = ints;
        return it != null ? decodeKey(it[index]) : table[index];
    }

    /** @return an int-mode key slot as a long key, the int markers as {@link #EMPTY} and {@link #DELETED} */
    private static long decodeKey(int k) {
        return k > DELETED_INT ? k : k == EMPTY_INT ? EMPTY : DELETED;
    }

    /** Sets the key of the pair at {@code index}; in int mode it must fit (or be a marker). */
    private void setKeyAt(int index, long key) {
        int[] it = ints;
        if (it != null) {
            it[index] = key == EMPTY ? EMPTY_INT : key == DELETED ? DELETED_INT : (int) key;
        } else {
            table[index] = key;
        }
    }

    private long rawValueAt(int index) {
        int[] it = ints;
        return it != null ? it[index + 1] : table[index + 1];
    }

    /** Sets the value of the pair at {@code index}; in int mode it must fit. */
    private void setValueAt(int index, long value) {
        int[] it = ints;
        if (it != null) {
            it[index + 1] = (int) value;
        } else {
            table[index + 1] = value;
        }
    }

    /** Leaves int mode for good: copies every pair, slot for slot, into a long[] of the same capacity. */
    private void widen() {
        int[] it = ints;
        long[] t = new long[it.length];
        for (int i = 0; i < it.length; i += 2) {
            t[i] = keyAt(i);
            t[i + 1] = it[i + 1];
        }
        table = t;
        ints = null;
    }

    /** @return whether {@code key} is {@link #EMPTY} or {@link #DELETED}, the two smallest longs: one comparison */
    private static boolean isSpecial(long key) {
        return key <= DELETED;
    }

    /** @return the index in {@link #table} of the pair starting at {@code key}'s home slot */
    private int home(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return ((int) (h ^ (h >>> 32)) & mask) << 1;
    }

    /** @return the index of {@code key}'s pair in the pair array, or -1 */
    private int indexOf(long key) {
        int[] it = ints;
        if (it != null) {
            if (!fitsIntKey(key)) {
                return -1; // int mode holds no such key
            }
            int k = (int) key;
            int last = mask << 1;
            int i = home(key);
            while (true) {
                int stored = it[i];
                if (stored == k) {
                    return i;
                }
                if (stored == EMPTY_INT) {
                    return -1;
                }
                i = i == last ? 0 : i + 2;
            }
        }
        long[] t = table;
        int last = t.length - 2;
        int i = home(key);
        while (true) {
            long k = t[i];
            if (k == key) {
                return i;
            }
            if (k == EMPTY) {
                return -1;
            }
            i = i == last ? 0 : i + 2;
        }
    }

    private Long valueAt(int index) {
        return nullValued != null && nullValued.contains(keyAt(index)) ? null : rawValueAt(index);
    }

    @Override
    public int size() {
        return specials == null ? tableSize : tableSize + specials.size();
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public Long get(Object key) {
        if (!(key instanceof Long)) {
            return null;
        }
        long k = (Long) key;
        if (isSpecial(k)) {
            return specials == null ? null : specials.get(k);
        }
        int i = indexOf(k);
        return i < 0 ? null : valueAt(i);
    }

    @Override
    public boolean containsKey(Object key) {
        if (!(key instanceof Long)) {
            return false;
        }
        long k = (Long) key;
        if (isSpecial(k)) {
            return specials != null && specials.containsKey(k);
        }
        return indexOf(k) >= 0;
    }

    @Override
    public Long put(Long key, Long value) {
        long k = Objects.requireNonNull(key, "LongLongHashMap does not hold null keys");
        if (isSpecial(k)) {
            if (specials == null) {
                specials = new HashMap<>(4);
            }
            boolean had = specials.containsKey(k);
            Long old = specials.put(k, value);
            if (!had) {
                modCount++;
            }
            return old;
        }
        if (ints != null && !(fitsIntKey(k) && (value == null || value == (int) (long) value))) {
            widen();
        }
        int last = mask << 1;
        int i = home(k);
        int tombstone = -1;
        while (true) {
            long stored = keyAt(i);
            if (stored == k) {
                Long old = valueAt(i);
                store(i, k, value);
                return old;
            }
            if (stored == EMPTY) {
                break;
            }
            if (stored == DELETED && tombstone < 0) {
                tombstone = i;
            }
            i = i == last ? 0 : i + 2;
        }
        if (tombstone >= 0) {
            i = tombstone;
        } else if (used + 1 > (mask + 1) * 3 / 4) {
            rebuild(tableSize + 1 > (mask + 1) / 2 ? (mask + 1) * 2 : mask + 1);
            return put(key, value);
        } else {
            used++;
        }
        setKeyAt(i, k);
        store(i, k, value);
        tableSize++;
        modCount++;
        return null;
    }

    private void store(int index, long key, Long value) {
        if (value == null) {
            if (nullValued == null) {
                nullValued = new HashSet<>(4);
            }
            nullValued.add(key);
            setValueAt(index, 0);
        } else {
            if (nullValued != null) {
                nullValued.remove(key);
            }
            if (ints != null && value != (int) (long) value) {
                widen();
            }
            setValueAt(index, value);
        }
    }

    private void rebuild(int capacity) {
        long[] oldTable = table;
        int[] oldInts = ints;
        int oldLength = length();
        allocate(capacity, oldInts != null);
        int last = mask << 1;
        for (int j = 0; j < oldLength; j += 2) {
            long k = oldInts != null ? decodeKey(oldInts[j]) : oldTable[j];
            if (!isSpecial(k)) {
                int i = home(k);
                while (keyAt(i) != EMPTY) {
                    i = i == last ? 0 : i + 2;
                }
                setKeyAt(i, k);
                setValueAt(i, oldInts != null ? oldInts[j + 1] : oldTable[j + 1]);
                used++;
            }
        }
        modCount++;
    }

    @Override
    public Long remove(Object key) {
        if (!(key instanceof Long)) {
            return null;
        }
        long k = (Long) key;
        if (isSpecial(k)) {
            if (specials == null || !specials.containsKey(k)) {
                return null;
            }
            modCount++;
            return specials.remove(k);
        }
        int i = indexOf(k);
        if (i < 0) {
            return null;
        }
        Long old = valueAt(i);
        removeAt(i);
        return old;
    }

    private void removeAt(int index) {
        if (nullValued != null) {
            nullValued.remove(keyAt(index));
        }
        setKeyAt(index, DELETED);
        tableSize--;
        modCount++;
    }

    @Override
    public void clear() {
        allocate(mask + 1, ints != null);
        tableSize = 0;
        specials = null;
        nullValued = null;
        modCount++;
    }

    @Override
    public Set<Map.Entry<Long, Long>> entrySet() {
        Set<Map.Entry<Long, Long>> es = entrySet;
        if (es == null) {
            es = new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<Long, Long>> iterator() {
                    return new EntryIterator();
                }

                @Override
                public int size() {
                    return LongLongHashMap.this.size();
                }

                @Override
                public void clear() {
                    LongLongHashMap.this.clear();
                }
            };
            entrySet = es;
        }
        return es;
    }

    /**
     * Walks the table in slot order, then the side map. A removal leaves a tombstone, so no entry
     * moves during the walk.
     */
    private final class EntryIterator implements Iterator<Map.Entry<Long, Long>> {
        private int next = advance(0);
        private int last = -1;
        private Iterator<Map.Entry<Long, Long>> specialIterator;
        private boolean lastWasSpecial;
        private int expectedModCount = modCount;

        private int advance(int from) {
            int i = from;
            int length = length();
            while (i < length && isSpecial(keyAt(i))) {
                i += 2;
            }
            return i;
        }

        private Iterator<Map.Entry<Long, Long>> specials() {
            if (specialIterator == null) {
                specialIterator = specials == null ? java.util.Collections.emptyIterator() : specials.entrySet().iterator();
            }
            return specialIterator;
        }

        @Override
        public boolean hasNext() {
            return next < length() || specials().hasNext();
        }

        @Override
        public Map.Entry<Long, Long> next() {
            if (modCount != expectedModCount) {
                throw new ConcurrentModificationException();
            }
            if (next < length()) {
                last = next;
                lastWasSpecial = false;
                next = advance(next + 2);
                return new Entry(keyAt(last));
            }
            if (!specials().hasNext()) {
                throw new NoSuchElementException();
            }
            lastWasSpecial = true;
            last = 0;
            return specials().next();
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException("next() was not called, or remove() was already called");
            }
            if (modCount != expectedModCount) {
                throw new ConcurrentModificationException();
            }
            if (lastWasSpecial) {
                specialIterator.remove();
                modCount++;
            } else {
                removeAt(last);
            }
            last = -1;
            expectedModCount = modCount;
        }
    }

    /** An entry of the table, reading and writing through to the map by key. */
    private final class Entry implements Map.Entry<Long, Long> {
        private final long key;

        Entry(long key) {
            this.key = key;
        }

        @Override
        public Long getKey() {
            return key;
        }

        @Override
        public Long getValue() {
            int i = indexOf(key);
            return i < 0 ? null : valueAt(i);
        }

        @Override
        public Long setValue(Long value) {
            int i = indexOf(key);
            if (i < 0) {
                throw new IllegalStateException("entry for key " + key + " was removed from the map");
            }
            Long old = valueAt(i);
            store(i, key, value);
            return old;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && Objects.equals(getKey(), e.getKey())
                    && Objects.equals(getValue(), e.getValue());
        }

        @Override
        public int hashCode() {
            return Long.hashCode(key) ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return key + "=" + getValue();
        }
    }
}
