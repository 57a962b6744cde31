package io.cairn.state.heap;

import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.TypeSerializer;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@link KeyGroupStateMap} of a void-namespace state whose keys and values are both
 * {@code Long}s ({@link LongSerializer}): each slot is two consecutive {@code long}s, key then
 * value, in segments of at most 512 slots.
 *
 * <h2>Why</h2>
 * With references, one read-modify-write of a counter touches the slot, the boxed key and the boxed
 * value (three cache misses on a large state) and stores a freshly allocated {@code Long} into an
 * old-generation array, which makes G1 dirty and later re-scan that card. Here it touches one cache
 * line and stores a primitive. Values are boxed only when handed out ({@link #valueAt}); the JIT
 * usually removes that allocation when the caller only unboxes it again.
 *
 * <h2>Layout</h2>
 * An empty slot holds the key {@link #EMPTY} ({@link Long#MIN_VALUE}). The entry whose key really is
 * {@code Long.MIN_VALUE} lives outside the table, in {@link #hasEmptyKey}/{@link #emptyKeyValue},
 * and its slot index is {@link #capacity()} (one past the table). Probing, backward-shift deletion,
 * copy-on-write segments and slot stability follow {@link ObjectKeyGroupStateMap}; a key's home slot
 * is its Fibonacci hash ({@code key * 0x9E3779B97F4A7C15L}, top bits).
 *
 * <p>Threads: owned by the task thread. A {@link View} may be read by one other thread while the
 * task thread writes, because writes never touch a segment that a live view shares, and the view
 * copies the out-of-table entry when it is taken.
 *
 * @param <K> the key type ({@code Long})
 * @param <N> the namespace type (void)
 * @param <V> the value type ({@code Long})
 */
final class LongKeyGroupStateMap<K, N, V> extends KeyGroupStateMap<K, N, V> {

    /** The key value marking an empty slot. */
    static final long EMPTY = Long.MIN_VALUE;

    private static final long PHI64 = 0x9E3779B97F4A7C15L;

    private final StateVersions versions;

    private long[][] segments;
    private int[] segmentStamps;
    private int directoryStamp;
    private int segmentShift;
    private int segmentMask;
    private int capacity;
    private int mask;
    private int hashShift;
    /** Entries in the table (not counting the out-of-table one). */
    private int tableSize;
    private int threshold;
    private boolean hasEmptyKey;
    private long emptyKeyValue;

    /** Keys written since {@link #takeChanges()}; null when changes are not tracked. */
    private LongChangeSet changes;

    LongKeyGroupStateMap(StateVersions versions) {
        this.versions = versions;
        resize(MIN_CAPACITY);
    }

    private int home(long key) {
        return (int) ((key * PHI64) >>> hashShift);
    }

    @SuppressWarnings("unchecked")
    private static <V> V box(long value) {
        return (V) Long.valueOf(value);
    }

    private static long unbox(Object value) {
        return (Long) value;
    }

    @Override
    void trackChanges() {
        if (changes == null) {
            changes = new LongChangeSet();
        }
    }

    @Override
    Set<Object> takeChanges() {
        LongChangeSet taken = changes;
        if (taken != null) {
            changes = new LongChangeSet();
        }
        return taken;
    }

    @Override
    void adoptChanges(Set<Object> changed) {
        changes.addAll(changed);
    }

    private void recordChange(int slot) {
        changes.addLong(slot == capacity ? EMPTY : segments[slot >>> segmentShift][(slot & segmentMask) * 2]);
    }

    @Override
    void setValueSerializer(TypeSerializer<V> valueSerializer) {
        if (!(valueSerializer instanceof LongSerializer)) {
            throw new IllegalStateException("a long-layout state map cannot hold values of " + valueSerializer);
        }
    }

    @Override
    int size() {
        return hasEmptyKey ? tableSize + 1 : tableSize;
    }

    @Override
    int capacity() {
        return capacity;
    }

    @Override
    int find(K key, int keyHash, N namespace) {
        return findLong(unbox(key));
    }

    /** {@link #find} for an unboxed key. */
    private int findLong(long k) {
        if (k == EMPTY) {
            return hasEmptyKey ? capacity : -(capacity + 1);
        }
        int idx = home(k);
        while (true) {
            long[] seg = segments[idx >>> segmentShift];
            long stored = seg[(idx & segmentMask) * 2];
            if (stored == k) {
                return idx;
            }
            if (stored == EMPTY) {
                return -(idx + 1);
            }
            idx = (idx + 1) & mask;
        }
    }

    /**
     * Sets {@code key}'s value, inserting the key if it is absent: {@link #put} without boxing, for
     * restores.
     *
     * @param key the key
     * @param value the value
     */
    void putLong(long key, long value) {
        int slot = findLong(key);
        if (slot >= 0) {
            setLongAt(slot, value);
        } else {
            insertLong(slot, key, value);
        }
    }

    @Override
    V valueAt(int slot) {
        if (slot == capacity) {
            return box(emptyKeyValue);
        }
        return box(segments[slot >>> segmentShift][(slot & segmentMask) * 2 + 1]);
    }

    @Override
    V valueForUpdate(int slot) {
        // Long is immutable: the caller can only replace the value, through setValueAt
        return valueAt(slot);
    }

    @Override
    void setValueAt(int slot, V value) {
        setLongAt(slot, unbox(value));
    }

    private void setLongAt(int slot, long v) {
        if (slot == capacity) {
            emptyKeyValue = v;
        } else {
            writableSegment(slot >>> segmentShift)[(slot & segmentMask) * 2 + 1] = v;
        }
        if (changes != null) {
            recordChange(slot);
        }
    }

    @Override
    int insert(int encodedInsertionSlot, K key, int keyHash, N namespace, V value) {
        return insertLong(encodedInsertionSlot, unbox(key), unbox(value));
    }

    /** {@link #insert} for an unboxed key and value. */
    private int insertLong(int encodedInsertionSlot, long k, long v) {
        int slot;
        if (k == EMPTY) {
            hasEmptyKey = true;
            emptyKeyValue = v;
            slot = capacity;
        } else {
            slot = -encodedInsertionSlot - 1;
            if (tableSize + 1 > threshold) {
                resize(capacity * 2);
                slot = -findLong(k) - 1;
            }
            long[] seg = writableSegment(slot >>> segmentShift);
            int base = (slot & segmentMask) * 2;
            seg[base] = k;
            seg[base + 1] = v;
            tableSize++;
        }
        if (changes != null) {
            recordChange(slot);
        }
        return slot;
    }

    @Override
    void removeAt(int slot) {
        if (changes != null) {
            recordChange(slot);
        }
        modCount++;
        if (slot == capacity) {
            hasEmptyKey = false;
            return;
        }
        tableSize--;
        int hole = slot;
        writableSegment(hole >>> segmentShift)[(hole & segmentMask) * 2] = EMPTY;
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            long k = segments[j >>> segmentShift][(j & segmentMask) * 2];
            if (k == EMPTY) {
                return;
            }
            int home = home(k);
            // move j into the hole unless j's home lies cyclically in (hole, j]
            boolean homeInRange = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!homeInRange) {
                long[] from = writableSegment(j >>> segmentShift);
                long[] to = writableSegment(hole >>> segmentShift);
                int fromBase = (j & segmentMask) * 2;
                int toBase = (hole & segmentMask) * 2;
                to[toBase] = k;
                to[toBase + 1] = from[fromBase + 1];
                from[fromBase] = EMPTY;
                hole = j;
            }
        }
    }

    /**
     * Returns segment {@code s}, writable: {@link #rebuild} copies it (and the directory) first if a
     * live snapshot shares it. The check whether it is shared is inside {@code rebuild}, which C2
     * never inlines, not here: see {@link #rebuild}.
     */
    private long[] writableSegment(int s) {
        rebuild(capacity, s);
        return segments[s];
    }

    @Override
    void ensureCapacity(int expectedSize) {
        int needed = capacityFor(expectedSize);
        if (needed > capacity) {
            resize(needed);
        }
    }

    /** Grows the table to {@code newCapacity} slots (from the constructor: allocates it), see {@link #rebuild}. */
    private void resize(int newCapacity) {
        rebuild(newCapacity, -1);
    }

    /**
     * The rare work of a write: with {@code newCapacity} other than the table's capacity, allocates a
     * table of that many slots and moves the entries of the old one, if any, into it (the
     * constructor calls it on no table); otherwise copies segment {@code copySegment}, and the
     * directory if a live snapshot shares it too, so that a write into it does not change what a
     * snapshot reads; it returns at once if no live snapshot shares that segment. One method on
     * purpose: it is over 325 bytecodes, HotSpot C2's {@code FreqInlineSize}, so C2 never inlines it,
     * however often it runs, and compiles it once instead of into every compiled state access.
     *
     * <p>Every write calls it, and the check whether its segment is shared is made here, not in the
     * caller: a state access compiled before the job's first checkpoint has never seen a shared
     * segment, so C2 compiles the check with the copy as an uncommon trap, and the first copy
     * deoptimizes the compiled code that holds the check. Here that is this method alone; inlined,
     * it was the user function with every state access inlined into it, which C2 then compiled
     * again, for half a second of a two-core machine (see docs/benchmarks.md, "JIT warm-up").
     */
    private void rebuild(int newCapacity, int copySegment) {
        if (newCapacity == capacity && copySegment >= 0) {
            int s = copySegment;
            if (!sharedWithLiveView(versions, segmentStamps[s])) {
                return;
            }
            int highest = versions.highestRetained();
            int stamp = versions.current();
            if (sharedWithLiveView(versions, directoryStamp)) {
                versions.recordCopy(highest, (long) segments.length * 8 + 32);
                segments = segments.clone();
                segmentStamps = segmentStamps.clone();
                directoryStamp = stamp;
            }
            long[] shared = segments[s];
            long[] copy = versions.recycleSegment(highest, shared);
            if (copy == null) {
                copy = shared.clone();
            } else {
                System.arraycopy(shared, 0, copy, 0, shared.length);
            }
            segments[s] = copy;
            segmentStamps[s] = stamp;
            return;
        }
        if (newCapacity > MAX_CAPACITY) {
            throw new IllegalStateException("key group map is full: capacity=" + capacity);
        }
        long[][] old = segments;
        int log2 = Integer.numberOfTrailingZeros(newCapacity);
        segmentShift = Math.min(log2, MAX_SEGMENT_SHIFT);
        segmentMask = (1 << segmentShift) - 1;
        int numSegments = newCapacity >>> segmentShift;
        segments = new long[numSegments][];
        for (int i = 0; i < numSegments; i++) {
            long[] seg = new long[(1 << segmentShift) * 2];
            Arrays.fill(seg, EMPTY);
            segments[i] = seg;
        }
        int stamp = versions.current();
        segmentStamps = new int[numSegments];
        Arrays.fill(segmentStamps, stamp);
        directoryStamp = stamp;
        capacity = newCapacity;
        mask = newCapacity - 1;
        hashShift = 64 - log2;
        threshold = (int) (newCapacity * 0.75f);
        if (old == null) {
            return; // the constructor's empty table
        }
        modCount++;
        for (long[] seg : old) {
            for (int base = 0; base < seg.length; base += 2) {
                long k = seg[base];
                if (k == EMPTY) {
                    continue;
                }
                int idx = home(k);
                while (true) {
                    long[] target = segments[idx >>> segmentShift];
                    int tb = (idx & segmentMask) * 2;
                    if (target[tb] == EMPTY) {
                        target[tb] = k;
                        target[tb + 1] = seg[base + 1];
                        break;
                    }
                    idx = (idx + 1) & mask;
                }
            }
        }
    }

    @Override
    void forEach(EntryVisitor<K, N, V> visitor) {
        if (hasEmptyKey) {
            visitor.visit(box(EMPTY), null, box(emptyKeyValue));
        }
        for (long[] seg : segments) {
            for (int base = 0; base < seg.length; base += 2) {
                if (seg[base] != EMPTY) {
                    visitor.visit(box(seg[base]), null, box(seg[base + 1]));
                }
            }
        }
    }

    @Override
    void collectKeys(Object namespace, Consumer<K> sink) {
        forEach((k, n, v) -> sink.accept(k));
    }

    @Override
    long slotArrayBytes() {
        return (long) capacity * 16 + (long) segments.length * 16 + 64;
    }

    @Override
    boolean storesEntriesInline() {
        return true;
    }

    @Override
    View<K, N, V> view() {
        return new LongView<>(segments, size(), capacity, hasEmptyKey, emptyKeyValue);
    }

    /** Receives a long-layout map's entries as primitives. */
    @FunctionalInterface
    interface LongEntryVisitor<E extends Exception> {
        void visit(long key, long value) throws E;
    }

    /** A frozen view of a {@link LongKeyGroupStateMap}. */
    static final class LongView<K, N, V> extends View<K, N, V> {
        private final long[][] segments;
        private final int capacity;
        private final boolean hasEmptyKey;
        private final long emptyKeyValue;
        private final int mask;
        private final int hashShift;
        private final int segmentShift;
        private final int segmentMask;

        LongView(long[][] segments, int size, int capacity, boolean hasEmptyKey, long emptyKeyValue) {
            super(size);
            this.segments = segments;
            this.capacity = capacity;
            this.hasEmptyKey = hasEmptyKey;
            this.emptyKeyValue = emptyKeyValue;
            this.mask = capacity - 1;
            this.hashShift = 64 - Integer.numberOfTrailingZeros(capacity);
            this.segmentShift = Integer.numberOfTrailingZeros(segments[0].length / 2);
            this.segmentMask = (1 << segmentShift) - 1;
        }

        @Override
        V get(Object key, Object namespace) {
            int index = indexOf(unbox(key));
            return index < 0 ? null : box(valueAtIndex(index));
        }

        /**
         * Finds a key in the frozen content, without boxing (the delta writer's path).
         *
         * @param key the key
         * @return its index for {@link #valueAtIndex} ({@code capacity} for {@code Long.MIN_VALUE}),
         *     or -1 if absent
         */
        int indexOf(long key) {
            if (key == EMPTY) {
                return hasEmptyKey ? capacity : -1;
            }
            int idx = (int) ((key * PHI64) >>> hashShift);
            while (true) {
                long[] seg = segments[idx >>> segmentShift];
                int base = (idx & segmentMask) * 2;
                long stored = seg[base];
                if (stored == key) {
                    return idx;
                }
                if (stored == EMPTY) {
                    return -1;
                }
                idx = (idx + 1) & mask;
            }
        }

        /**
         * @param index a non-negative result of {@link #indexOf}
         * @return the value stored there
         */
        long valueAtIndex(int index) {
            if (index == capacity) {
                return emptyKeyValue;
            }
            return segments[index >>> segmentShift][(index & segmentMask) * 2 + 1];
        }

        /**
         * Visits every entry as primitives, without boxing (the snapshot writer's path).
         *
         * @param visitor receives each key and value
         * @param <E> what the visitor may throw
         * @throws E whatever the visitor throws
         */
        <E extends Exception> void forEachLong(LongEntryVisitor<E> visitor) throws E {
            if (hasEmptyKey) {
                visitor.visit(EMPTY, emptyKeyValue);
            }
            for (long[] seg : segments) {
                for (int base = 0; base < seg.length; base += 2) {
                    if (seg[base] != EMPTY) {
                        visitor.visit(seg[base], seg[base + 1]);
                    }
                }
            }
        }

        @Override
        <E extends Exception> void forEach(ThrowingVisitor<K, N, V, E> visitor) throws E {
            if (hasEmptyKey) {
                visitor.visit(box(EMPTY), null, box(emptyKeyValue));
            }
            for (long[] seg : segments) {
                for (int base = 0; base < seg.length; base += 2) {
                    if (seg[base] != EMPTY) {
                        visitor.visit(box(seg[base]), null, box(seg[base + 1]));
                    }
                }
            }
        }
    }
}
