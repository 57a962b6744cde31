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
 * until first needed.
 *
 * <p><b>One entry, no table.</b> A map of at most one entry keeps it in two fields,
 * {@link #key0} and {@link #value0}, and has no arrays ({@link #keys} is null): the inline form. Its
 * second key moves both into a table of four slots, which then stays (until {@link #clear}). Many
 * keyed states hold one entry per key (a {@code MapState} of a single named counter): a lookup then
 * reads this object's own fields, one cache line where the table form reads three (the object and
 * its two arrays), and a copy for copy-on-write allocates one object instead of three.
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

    /** The table's keys, or null in the inline form (see the class comment). */
    private Object[] keys;
    /** The table's values, parallel to {@link #keys}; null in the inline form. */
    private long[] values;
    /** In the inline form: the entry's key, or null if the map is empty. */
    private Object key0;
    /** In the inline form: the entry's value (0 for a null value, see {@link #nullValued}). */
    private long value0;
    /** 32 minus log2 of the capacity: a key's home slot is the top bits of its spread hash. */
    private int shift;
    private int size;
    /** Slots not empty: entries plus tombstones. */
    private int used;
    private int modCount;
    private Set<Object> nullValued;
    private Set<Map.Entry<K, Long>> entrySet;

    /**
     * Creates an empty map with room for {@code expected} entries before it grows: in the inline form
     * for at most one.
     */
    ObjectLongHashMap(int expected) {
        if (expected > 1) {
            allocate(capacityFor(expected));
        }
    }

    private ObjectLongHashMap(ObjectLongHashMap<K> from) {
        if (from.keys != null) {
            keys = from.keys.clone();
            values = from.values.clone();
        }
        key0 = from.key0;
        value0 = from.value0;
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
        int slots = slotCount();
        for (int i = 0; i < slots; i++) {
            Object k = keyAt(i);
            if (k == null || k == DELETED) {
                continue;
            }
            keySerializer.serialize(k, out);
            if (nullValued != null && nullValued.contains(k)) {
                out.writeBoolean(true);
            } else {
                out.writeBoolean(false);
                out.writeLong(rawAt(i));
            }
        }
    }

    /**
     * Reads a map written by {@link #writeTo} (or by a {@code MapSerializer} over
     * {@code keySerializer} and a {@code LongSerializer}) straight into the map, with no boxed entry.
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

    /**
     * @return the smallest power-of-two capacity that holds {@code expected} entries (4 or more: it is
     *     used for two entries or more, fewer need no table)
     */
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

    /** @return the slots of the table, or 1 in the inline form (for tests) */
    int capacity() {
        return slotCount();
    }

    /** @return the slots there are: the table's, or the inline form's one */
    private int slotCount() {
        return keys == null ? 1 : keys.length;
    }

    /** @return the key in slot {@code slot} (null if empty, {@link #DELETED} if removed) */
    private Object keyAt(int slot) {
        return keys == null ? key0 : keys[slot];
    }

    /** @return the primitive value in slot {@code slot} */
    private long rawAt(int slot) {
        return keys == null ? value0 : values[slot];
    }

    private int home(Object key) {
        return (key.hashCode() * PHI32) >>> shift;
    }

    /** @return the slot of {@code key} (not null), or -1; the inline form's entry is slot 0 */
    private int indexOf(Object key) {
        Object[] ks = keys;
        if (ks == null) {
            Object k = key0;
            return k != null && (k == key || key.equals(k)) ? 0 : -1;
        }
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
        return nullValued != null && nullValued.contains(keyAt(slot)) ? null : rawAt(slot);
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
        if (keys == null) {
            Object k = key0;
            if (k == null) {
                key0 = key;
                store(0, key, value);
                size = 1;
                modCount++;
                return null;
            }
            if (k == key || key.equals(k)) {
                Long old = valueAt(0);
                store(0, k, value);
                return old;
            }
            spill();
        }
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
        long raw;
        if (value == null) {
            if (nullValued == null) {
                nullValued = new HashSet<>(4);
            }
            nullValued.add(key);
            raw = 0;
        } else {
            if (nullValued != null) {
                nullValued.remove(key);
            }
            raw = value;
        }
        if (keys == null) {
            value0 = raw;
        } else {
            values[slot] = raw;
        }
    }

    /** Moves the inline form's entry into a table of four slots (the map gets its second key). */
    private void spill() {
        Object k = key0;
        long v = value0;
        allocate(4);
        int i = home(k);
        keys[i] = k;
        values[i] = v;
        used = 1;
        key0 = null;
        value0 = 0;
        modCount++;
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
            nullValued.remove(keyAt(slot));
        }
        if (keys == null) {
            key0 = null;
            value0 = 0;
        } else {
            keys[slot] = DELETED;
            values[slot] = 0;
        }
        size--;
        modCount++;
    }

    /** Empties the map, back to the inline form. */
    @Override
    public void clear() {
        keys = null;
        values = null;
        key0 = null;
        value0 = 0;
        used = 0;
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
            int slots = slotCount();
            int i = from;
            while (i < slots && (keyAt(i) == null || keyAt(i) == DELETED)) {
                i++;
            }
            return i;
        }

        @Override
        public boolean hasNext() {
            return next < slotCount();
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map.Entry<K, Long> next() {
            if (modCount != expectedModCount) {
                throw new ConcurrentModificationException();
            }
            if (next >= slotCount()) {
                throw new NoSuchElementException();
            }
            last = next;
            next = advance(next + 1);
            return new Entry((K) keyAt(last));
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
            store(i, keyAt(i), value);
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
