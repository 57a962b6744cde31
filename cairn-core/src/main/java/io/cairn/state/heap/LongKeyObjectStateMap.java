package io.cairn.state.heap;

import io.cairn.serialization.TypeSerializer;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@link KeyGroupStateMap} of a void-namespace state keyed by {@code Long} whose values are
 * objects (lists, maps, anything but a {@code Long}): each segment is a {@code long[]} of keys and a
 * parallel {@code Object[]} of values. A lookup compares primitive keys, so it never follows a
 * reference to a boxed key (with the reference layout, that dereference was a fifth of a
 * {@code ListState} read's time), and the key array is dense (8 bytes per slot).
 *
 * <p>Layout, out-of-table key, probing, backward-shift deletion and copy-on-write follow
 * {@link LongKeyGroupStateMap}; a copied segment deep-copies its values when the value type is
 * mutable, as {@link ObjectKeyGroupStateMap} does.
 *
 * <p>Threads: owned by the task thread. A {@link View} may be read by one other thread while the
 * task thread writes, because writes never touch a segment that a live view shares.
 *
 * @param <K> the key type ({@code Long})
 * @param <N> the namespace type (void)
 * @param <V> the value type
 */
final class LongKeyObjectStateMap<K, N, V> extends KeyGroupStateMap<K, N, V> {

    private static final long EMPTY = LongKeyGroupStateMap.EMPTY;
    private static final long PHI64 = 0x9E3779B97F4A7C15L;

    private final StateVersions versions;
    private TypeSerializer<V> valueSerializer;
    private boolean deepCopyValues;

    private long[][] keySegments;
    private Object[][] valueSegments;
    private int[] segmentStamps;
    private int directoryStamp;
    private int segmentShift;
    private int segmentMask;
    private int capacity;
    private int mask;
    private int hashShift;
    private int tableSize;
    private int threshold;
    private boolean hasEmptyKey;
    private Object emptyKeyValue;

    /** Keys written since {@link #takeChanges()}; null when changes are not tracked. */
    private LongChangeSet changes;

    LongKeyObjectStateMap(StateVersions versions, TypeSerializer<V> valueSerializer) {
        this.versions = versions;
        setValueSerializer(valueSerializer);
        resize(MIN_CAPACITY);
    }

    private int home(long key) {
        return (int) ((key * PHI64) >>> hashShift);
    }

    @SuppressWarnings("unchecked")
    private static <T> T boxKey(long key) {
        return (T) Long.valueOf(key);
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
        changes.addLong(slot == capacity ? EMPTY : keySegments[slot >>> segmentShift][slot & segmentMask]);
    }

    @Override
    void setValueSerializer(TypeSerializer<V> valueSerializer) {
        this.valueSerializer = valueSerializer;
        this.deepCopyValues = !valueSerializer.isImmutableType();
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
        long k = (Long) key;
        if (k == EMPTY) {
            return hasEmptyKey ? capacity : -(capacity + 1);
        }
        int idx = home(k);
        while (true) {
            long stored = keySegments[idx >>> segmentShift][idx & segmentMask];
            if (stored == k) {
                return idx;
            }
            if (stored == EMPTY) {
                return -(idx + 1);
            }
            idx = (idx + 1) & mask;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    V valueAt(int slot) {
        if (deepCopyValues) {
            // the caller may hand the object to user code, which may mutate it
            return valueForUpdate(slot);
        }
        return (V) (slot == capacity ? emptyKeyValue : valueSegments[slot >>> segmentShift][slot & segmentMask]);
    }

    @Override
    @SuppressWarnings("unchecked")
    V valueForUpdate(int slot) {
        if (changes != null) {
            recordChange(slot);
        }
        if (slot == capacity) {
            // the out-of-table entry's value is shared with live views; copy it once per snapshot
            if (emptyKeyStamp <= versions.highestRetained()) {
                emptyKeyValue = CompactValues.copy(valueSerializer, (V) emptyKeyValue);
                emptyKeyStamp = versions.current();
            }
            return (V) emptyKeyValue;
        }
        return (V) writableValues(slot >>> segmentShift)[slot & segmentMask];
    }

    /** The version at which {@link #emptyKeyValue} was last made private to the live map. */
    private int emptyKeyStamp;

    @Override
    void setValueAt(int slot, V value) {
        if (slot == capacity) {
            emptyKeyValue = value;
            emptyKeyStamp = versions.current();
        } else {
            writableValues(slot >>> segmentShift)[slot & segmentMask] = value;
        }
        if (changes != null) {
            recordChange(slot);
        }
    }

    @Override
    int insert(int encodedInsertionSlot, K key, int keyHash, N namespace, V value) {
        long k = (Long) key;
        int slot;
        if (k == EMPTY) {
            hasEmptyKey = true;
            emptyKeyValue = value;
            emptyKeyStamp = versions.current();
            slot = capacity;
        } else {
            slot = -encodedInsertionSlot - 1;
            if (tableSize + 1 > threshold) {
                resize(capacity * 2);
                slot = -find(key, keyHash, namespace) - 1;
            }
            int s = slot >>> segmentShift;
            Object[] values = writableValues(s);
            keySegments[s][slot & segmentMask] = k;
            values[slot & segmentMask] = value;
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
            emptyKeyValue = null;
            return;
        }
        tableSize--;
        int hole = slot;
        clearSlot(hole);
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            long k = keySegments[j >>> segmentShift][j & segmentMask];
            if (k == EMPTY) {
                return;
            }
            int home = home(k);
            // move j into the hole unless j's home lies cyclically in (hole, j]
            boolean homeInRange = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!homeInRange) {
                Object[] fromValues = writableValues(j >>> segmentShift);
                Object[] toValues = writableValues(hole >>> segmentShift);
                keySegments[hole >>> segmentShift][hole & segmentMask] = k;
                toValues[hole & segmentMask] = fromValues[j & segmentMask];
                clearSlot(j);
                hole = j;
            }
        }
    }

    private void clearSlot(int slot) {
        int s = slot >>> segmentShift;
        Object[] values = writableValues(s);
        keySegments[s][slot & segmentMask] = EMPTY;
        values[slot & segmentMask] = null;
    }

    /**
     * Returns segment {@code s}'s values, writable: {@link #rebuild} copies the segment (keys, values,
     * and the directories) first if a live snapshot shares it. After this call,
     * {@code keySegments[s]} is writable too. The check whether it is shared is inside
     * {@code rebuild}, which C2 never inlines, not here: see {@link #rebuild}.
     */
    private Object[] writableValues(int s) {
        rebuild(capacity, s);
        return valueSegments[s];
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
     * caller, for the reason given at {@code LongKeyGroupStateMap.rebuild}.
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
                versions.recordCopy(highest, (long) keySegments.length * 16 + 64);
                keySegments = keySegments.clone();
                valueSegments = valueSegments.clone();
                segmentStamps = segmentStamps.clone();
                directoryStamp = stamp;
            }
            versions.recordCopy(highest, (long) keySegments[s].length * 12 + 32);
            keySegments[s] = keySegments[s].clone();
            Object[] copy = valueSegments[s].clone();
            if (deepCopyValues) {
                for (int i = 0; i < copy.length; i++) {
                    if (copy[i] != null) {
                        @SuppressWarnings("unchecked")
                        V v = (V) copy[i];
                        copy[i] = CompactValues.copy(valueSerializer, v);
                    }
                }
            }
            valueSegments[s] = copy;
            segmentStamps[s] = stamp;
            return;
        }
        if (newCapacity > MAX_CAPACITY) {
            throw new IllegalStateException("key group map is full: capacity=" + capacity);
        }
        long[][] oldKeys = keySegments;
        Object[][] oldValues = valueSegments;
        int[] oldStamps = segmentStamps;
        int highest = versions.highestRetained();
        int log2 = Integer.numberOfTrailingZeros(newCapacity);
        segmentShift = Math.min(log2, MAX_SEGMENT_SHIFT);
        segmentMask = (1 << segmentShift) - 1;
        int numSegments = newCapacity >>> segmentShift;
        keySegments = new long[numSegments][];
        valueSegments = new Object[numSegments][];
        for (int i = 0; i < numSegments; i++) {
            long[] keys = new long[1 << segmentShift];
            Arrays.fill(keys, EMPTY);
            keySegments[i] = keys;
            valueSegments[i] = new Object[1 << segmentShift];
        }
        int stamp = versions.current();
        segmentStamps = new int[numSegments];
        Arrays.fill(segmentStamps, stamp);
        directoryStamp = stamp;
        capacity = newCapacity;
        mask = newCapacity - 1;
        hashShift = 64 - log2;
        threshold = (int) (newCapacity * 0.75f);
        if (oldKeys == null) {
            return; // the constructor's empty table
        }
        modCount++;
        for (int s = 0; s < oldKeys.length; s++) {
            long[] keys = oldKeys[s];
            Object[] values = oldValues[s];
            boolean shared = oldStamps[s] <= highest;
            for (int i = 0; i < keys.length; i++) {
                long k = keys[i];
                if (k == EMPTY) {
                    continue;
                }
                Object v = values[i];
                if (shared && deepCopyValues) {
                    @SuppressWarnings("unchecked")
                    V typed = (V) v;
                    v = CompactValues.copy(valueSerializer, typed);
                }
                int idx = home(k);
                while (true) {
                    long[] target = keySegments[idx >>> segmentShift];
                    if (target[idx & segmentMask] == EMPTY) {
                        target[idx & segmentMask] = k;
                        valueSegments[idx >>> segmentShift][idx & segmentMask] = v;
                        break;
                    }
                    idx = (idx + 1) & mask;
                }
            }
        }
    }

    @Override
    void ensureCapacity(int expectedSize) {
        int needed = capacityFor(expectedSize);
        if (needed > capacity) {
            resize(needed);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    void forEach(EntryVisitor<K, N, V> visitor) {
        if (hasEmptyKey) {
            visitor.visit(boxKey(EMPTY), null, (V) emptyKeyValue);
        }
        for (int s = 0; s < keySegments.length; s++) {
            long[] keys = keySegments[s];
            Object[] values = valueSegments[s];
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != EMPTY) {
                    visitor.visit(boxKey(keys[i]), null, (V) values[i]);
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
        return (long) capacity * 12 + (long) keySegments.length * 32 + 96;
    }

    @Override
    boolean storesEntriesInline() {
        return false;
    }

    @Override
    View<K, N, V> view() {
        return new LongKeyObjectView<>(keySegments, valueSegments, size(), capacity, hasEmptyKey, emptyKeyValue);
    }

    /** A frozen view of a {@link LongKeyObjectStateMap}. */
    static final class LongKeyObjectView<K, N, V> extends View<K, N, V> {
        private final long[][] keySegments;
        private final Object[][] valueSegments;
        private final int capacity;
        private final boolean hasEmptyKey;
        private final Object emptyKeyValue;

        LongKeyObjectView(long[][] keySegments, Object[][] valueSegments, int size, int capacity,
                boolean hasEmptyKey, Object emptyKeyValue) {
            super(size);
            this.keySegments = keySegments;
            this.valueSegments = valueSegments;
            this.capacity = capacity;
            this.hasEmptyKey = hasEmptyKey;
            this.emptyKeyValue = emptyKeyValue;
        }

        @Override
        @SuppressWarnings("unchecked")
        V get(Object key, Object namespace) {
            long k = (Long) key;
            if (k == EMPTY) {
                return hasEmptyKey ? (V) emptyKeyValue : null;
            }
            int mask = capacity - 1;
            int segShift = Integer.numberOfTrailingZeros(keySegments[0].length);
            int segMask = (1 << segShift) - 1;
            int idx = (int) ((k * PHI64) >>> (64 - Integer.numberOfTrailingZeros(capacity)));
            while (true) {
                long stored = keySegments[idx >>> segShift][idx & segMask];
                if (stored == k) {
                    return (V) valueSegments[idx >>> segShift][idx & segMask];
                }
                if (stored == EMPTY) {
                    return null;
                }
                idx = (idx + 1) & mask;
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        <E extends Exception> void forEach(ThrowingVisitor<K, N, V, E> visitor) throws E {
            if (hasEmptyKey) {
                visitor.visit(boxKey(EMPTY), null, (V) emptyKeyValue);
            }
            for (int s = 0; s < keySegments.length; s++) {
                long[] keys = keySegments[s];
                Object[] values = valueSegments[s];
                for (int i = 0; i < keys.length; i++) {
                    if (keys[i] != EMPTY) {
                        visitor.visit(boxKey(keys[i]), null, (V) values[i]);
                    }
                }
            }
        }

        /**
         * Visits every entry with its key as a primitive, in the order of {@link #forEach}: the
         * snapshot writer serializes the keys without boxing one {@code Long} per entry.
         */
        @SuppressWarnings("unchecked")
        <E extends Exception> void forEachLongKey(LongKeyVisitor<V, E> visitor) throws E {
            if (hasEmptyKey) {
                visitor.visit(EMPTY, (V) emptyKeyValue);
            }
            for (int s = 0; s < keySegments.length; s++) {
                long[] keys = keySegments[s];
                Object[] values = valueSegments[s];
                for (int i = 0; i < keys.length; i++) {
                    if (keys[i] != EMPTY) {
                        visitor.visit(keys[i], (V) values[i]);
                    }
                }
            }
        }
    }

    /** Receives an entry of a {@link LongKeyObjectView} with its key unboxed; may throw. */
    @FunctionalInterface
    interface LongKeyVisitor<V, E extends Exception> {
        void visit(long key, V value) throws E;
    }
}
