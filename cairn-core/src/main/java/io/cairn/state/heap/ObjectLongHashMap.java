package io.cairn.state.heap;

import io.cairn.serialization.DataInputView;
import io.cairn.serialization.DataOutputView;
import io.cairn.serialization.TypeSerializer;
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
 * A {@code Map<K, Long>} with primitive values: the stored value of a heap {@code MapState<K, Long>}
 * whose key type is immutable and not {@code Long}, such as the {@code MapState<String, Long>} of a
 * few named counters (see {@link CompactValues}).
 *
 * <h2>Layout</h2>
 * Open addressing with linear probing over an {@code Object[]} of keys and a parallel
 * {@code long[]} of values. A lookup reads those two arrays where a {@link HashMap} reads its bucket
 * array, a node and a boxed {@code Long}; a put of an existing key writes a primitive, so it
 * allocates nothing and stores no reference (no garbage-collector write barrier); a copy for
 * copy-on-write clones two arrays. Keys are compared as a {@link HashMap} compares them
 * ({@code hashCode}, then identity or {@code equals}), and spread over the table by the high bits
 * of {@code hashCode() * 0x9E3779B9}. An empty slot is null; a removal leaves {@link #DELETED}, a
 * tombstone, so that iterators may remove while walking (tombstones are dropped when the table is
 * rebuilt). Null values, which {@code MapState} allows, are recorded in {@link #nullValued}, null
 * until first needed. The smallest table has two slots and holds one entry.
 *
 * <p>Keys are shared, not copied, by {@link #copy()}: {@link CompactValues} uses this form only for
 * key serializers of immutable types.
 *
 * <p>Not thread-safe; owned by the task thread like the map that holds it.
 *
 * @param <K> the key type
 */
final class ObjectLongHashMap<K> extends AbstractMap<K, Long> implements CompactValues.Copyable {

    /** The tombstone of a removed key. */
    private static final Object DELETED = new Object();
    private static final int PHI32 = 0x9E3779B9;
    private static final int MAX_CAPACITY = 1 << 30;

    private Object[] keys;
    private long[] values;
    /** 32 minus log2 of the capacity: a key's home slot is the top bits of its spread hash. */
    private int shift;
    private int size;
    /** Slots not empty: entries plus tombstones. */
    private int used;
    private int modCount;
    private Set<Object> nullValued;
    private Set<Map.Entry<K, Long>> entrySet;

    /** Creates an empty map with room for {@code expected} entries before it grows. */
    ObjectLongHashMap(int expected) {
        allocate(capacityFor(expected));
    }

    private ObjectLongHashMap(ObjectLongHashMap<K> from) {
        keys = from.keys.clone();
        values = from.values.clone();
        shift = from.shift;
        size = from.size;
        used = from.used;
        nullValued = from.nullValued == null ? null : new HashSet<>(from.nullValued);
    }

    /** @return a map holding {@code from}'s entries; a key may not be null */
    static <K> ObjectLongHashMap<K> copyOf(Map<? extends K, ? extends Long> from) {
        ObjectLongHashMap<K> map = new ObjectLongHashMap<>(from.size());
        for (Map.Entry<? extends K, ? extends Long> e : from.entrySet()) {
            map.put(e.getKey(), e.getValue());
        }
        return map;
    }

    /**
     * Writes this map exactly as a {@code MapSerializer} over {@code keySerializer} and a
     * {@code LongSerializer} writes it through {@link #entrySet()}: an int size, then per entry the
     * key, a null flag and, unless null, the value as a big-endian long, in slot order. No entry
     * object or boxed long is created.
     *
     * @param keySerializer the map serializer's key serializer
     * @param out where to write
     * @throws IOException if writing fails
     */
    void writeTo(TypeSerializer<Object> keySerializer, DataOutputView out) throws IOException {
        out.writeInt(size);
        Object[] ks = keys;
        long[] vs = values;
        Set<Object> nulls = nullValued;
        for (int i = 0; i < ks.length; i++) {
            Object k = ks[i];
            if (k == null || k == DELETED) {
                continue;
            }
            keySerializer.serialize(k, out);
            if (nulls != null && nulls.contains(k)) {
                out.writeBoolean(true);
            } else {
                out.writeBoolean(false);
                out.writeLong(vs[i]);
            }
        }
    }

    /**
     * Reads a map written by {@link #writeTo} (or by a {@code MapSerializer} over
     * {@code keySerializer} and a {@code LongSerializer}) straight into the arrays.
     *
     * @param in where to read
     * @param keySerializer the map serializer's key serializer
     * @param owner the serializer the bytes belong to, named in the error for corrupt data
     * @return the map
     * @throws IOException if reading fails, or the size is negative or a key null
     */
    static ObjectLongHashMap<Object> readFrom(DataInputView in, TypeSerializer<Object> keySerializer, Object owner)
            throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException(owner + " read a negative size " + n + "; the data is corrupt");
        }
        // a corrupt size must not allocate more than the bytes can hold; the table grows if needed
        ObjectLongHashMap<Object> map = new ObjectLongHashMap<>(Math.min(n, 1 << 16));
        for (int i = 0; i < n; i++) {
            Object k = keySerializer.deserialize(in);
            if (k == null) {
                throw new IOException(owner + " read a null map key; the data is corrupt");
            }
            map.put(k, in.readBoolean() ? null : in.readLong());
        }
        return map;
    }

    @Override
    public ObjectLongHashMap<K> copy() {
        return new ObjectLongHashMap<>(this);
    }

    /** @return the smallest power-of-two capacity, at least 2, that holds {@code expected} entries */
    private static int capacityFor(int expected) {
        int capacity = 2;
        while (threshold(capacity) < expected && capacity < MAX_CAPACITY) {
            capacity <<= 1;
        }
        return capacity;
    }

    /** @return how many slots of a table of {@code capacity} may be used: three quarters, so one is always empty */
    private static int threshold(int capacity) {
        return (int) ((capacity * 3L) >>> 2);
    }

    private void allocate(int capacity) {
        keys = new Object[capacity];
        values = new long[capacity];
        shift = 32 - Integer.numberOfTrailingZeros(capacity);
        used = 0;
    }

    /** @return the capacity of the table (for tests) */
    int capacity() {
        return keys.length;
    }

    private int home(Object key) {
        return (key.hashCode() * PHI32) >>> shift;
    }

    /** @return the slot of {@code key} (not null), or -1 */
    private int indexOf(Object key) {
        Object[] ks = keys;
        int last = ks.length - 1;
        int i = home(key);
        while (true) {
            Object k = ks[i];
            if (k == key) {
                return i;
            }
            if (k == null) {
                return -1;
            }
            if (k != DELETED && key.equals(k)) {
                return i;
            }
            i = (i + 1) & last;
        }
    }

    private Long valueAt(int slot) {
        return nullValued != null && nullValued.contains(keys[slot]) ? null : values[slot];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public Long get(Object key) {
        if (key == null) {
            return null;
        }
        int i = indexOf(key);
        return i < 0 ? null : valueAt(i);
    }

    @Override
    public boolean containsKey(Object key) {
        return key != null && indexOf(key) >= 0;
    }

    @Override
    public Long put(K key, Long value) {
        Objects.requireNonNull(key, "ObjectLongHashMap does not hold null keys");
        Object[] ks = keys;
        int last = ks.length - 1;
        int i = home(key);
        int tombstone = -1;
        while (true) {
            Object k = ks[i];
            if (k == null) {
                break;
            }
            if (k == DELETED) {
                if (tombstone < 0) {
                    tombstone = i;
                }
            } else if (k == key || key.equals(k)) {
                Long old = valueAt(i);
                store(i, k, value);
                return old;
            }
            i = (i + 1) & last;
        }
        if (tombstone >= 0) {
            i = tombstone;
        } else if (used + 1 > threshold(ks.length)) {
            rebuild(size + 1 > ks.length >>> 1 ? ks.length << 1 : ks.length);
            return put(key, value);
        } else {
            used++;
        }
        ks[i] = key;
        store(i, key, value);
        size++;
        modCount++;
        return null;
    }

    private void store(int slot, Object key, Long value) {
        if (value == null) {
            if (nullValued == null) {
                nullValued = new HashSet<>(4);
            }
            nullValued.add(key);
            values[slot] = 0;
        } else {
            if (nullValued != null) {
                nullValued.remove(key);
            }
            values[slot] = value;
        }
    }

    private void rebuild(int capacity) {
        if (capacity > MAX_CAPACITY) {
            throw new IllegalStateException("map is full: " + size + " entries");
        }
        Object[] oldKeys = keys;
        long[] oldValues = values;
        allocate(capacity);
        Object[] ks = keys;
        int last = ks.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            Object k = oldKeys[j];
            if (k != null && k != DELETED) {
                int i = home(k);
                while (ks[i] != null) {
                    i = (i + 1) & last;
                }
                ks[i] = k;
                values[i] = oldValues[j];
                used++;
            }
        }
        modCount++;
    }

    @Override
    public Long remove(Object key) {
        if (key == null) {
            return null;
        }
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        Long old = valueAt(i);
        removeAt(i);
        return old;
    }

    private void removeAt(int slot) {
        if (nullValued != null) {
            nullValued.remove(keys[slot]);
        }
        keys[slot] = DELETED;
        values[slot] = 0;
        size--;
        modCount++;
    }

    @Override
    public void clear() {
        allocate(keys.length);
        size = 0;
        nullValued = null;
        modCount++;
    }

    @Override
    public Set<Map.Entry<K, Long>> entrySet() {
        Set<Map.Entry<K, Long>> es = entrySet;
        if (es == null) {
            es = new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<K, Long>> iterator() {
                    return new EntryIterator();
                }

                @Override
                public int size() {
                    return ObjectLongHashMap.this.size;
                }

                @Override
                public void clear() {
                    ObjectLongHashMap.this.clear();
                }
            };
            entrySet = es;
        }
        return es;
    }

    /** Walks the table in slot order. A removal leaves a tombstone, so no entry moves during the walk. */
    private final class EntryIterator implements Iterator<Map.Entry<K, Long>> {
        private int next = advance(0);
        private int last = -1;
        private int expectedModCount = modCount;

        private int advance(int from) {
            Object[] ks = keys;
            int i = from;
            while (i < ks.length && (ks[i] == null || ks[i] == DELETED)) {
                i++;
            }
            return i;
        }

        @Override
        public boolean hasNext() {
            return next < keys.length;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map.Entry<K, Long> next() {
            if (modCount != expectedModCount) {
                throw new ConcurrentModificationException();
            }
            if (next >= keys.length) {
                throw new NoSuchElementException();
            }
            last = next;
            next = advance(next + 1);
            return new Entry((K) keys[last]);
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException("next() was not called, or remove() was already called");
            }
            if (modCount != expectedModCount) {
                throw new ConcurrentModificationException();
            }
            removeAt(last);
            last = -1;
            expectedModCount = modCount;
        }
    }

    /** An entry of the table, reading and writing through to the map by key. */
    private final class Entry implements Map.Entry<K, Long> {
        private final K key;

        Entry(K key) {
            this.key = key;
        }

        @Override
        public K getKey() {
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
            store(i, keys[i], value);
            return old;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && Objects.equals(key, e.getKey())
                    && Objects.equals(getValue(), e.getValue());
        }

        @Override
        public int hashCode() {
            return key.hashCode() ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return key + "=" + getValue();
        }
    }
}
