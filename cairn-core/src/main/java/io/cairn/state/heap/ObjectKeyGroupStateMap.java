package io.cairn.state.heap;

import io.cairn.serialization.TypeSerializer;
import java.util.function.Consumer;

/**
 * The general {@link KeyGroupStateMap}: any key, namespace and value types, held as references.
 *
 * <h2>Design</h2>
 * Open addressing with linear probing and backward-shift deletion, so there are no entry objects,
 * no tombstones and no chains: a slot is two or three consecutive references in an {@code Object[]}
 * ({@code key, [namespace,] value}); states whose namespace is {@link io.cairn.state.VoidNamespace}
 * drop the namespace reference. The slot array is cut into segments of at most 512 slots, each with
 * a copy-on-write stamp (see {@link StateVersions}): a snapshot shares every segment and the segment
 * directory, and a later write copies only the segment it touches (and, for mutable value types,
 * deep-copies that segment's values). Resizing builds fresh segments, leaving shared ones intact.
 * Slot indices are stable until {@link #modCount} changes (insertions into empty slots keep them
 * stable too), so states can cache the slot of the last lookup and make a read-modify-write one probe.
 *
 * <p>The hash of a key is the caller's {@code key.hashCode()} (computed once per
 * {@code setCurrentKey}) combined with the namespace's, then spread by Fibonacci hashing.
 *
 * <p>Threads: owned by the task thread. A {@link View} may be read by one other thread while the
 * task thread writes, because writes never touch a segment that a live view shares.
 *
 * @param <K> the key type
 * @param <N> the namespace type
 * @param <V> the value type
 */
final class ObjectKeyGroupStateMap<K, N, V> extends KeyGroupStateMap<K, N, V> {

    private final StateVersions versions;
    private final boolean voidNamespace;
    private final int stride;
    private TypeSerializer<V> valueSerializer;
    private boolean deepCopyValues;

    private Object[][] segments;
    private int[] segmentStamps;
    private int directoryStamp;
    private int segmentShift;
    private int segmentMask;
    private int capacity;
    private int mask;
    private int hashShift;
    private int size;
    private int threshold;

    /** Keys (with namespaces) written since {@link #takeChanges()}; null when changes are not tracked. */
    private java.util.Set<Object> changes;

    ObjectKeyGroupStateMap(StateVersions versions, boolean voidNamespace, TypeSerializer<V> valueSerializer) {
        this.versions = versions;
        this.voidNamespace = voidNamespace;
        this.stride = voidNamespace ? 2 : 3;
        setValueSerializer(valueSerializer);
        resize(MIN_CAPACITY);
    }

    @Override
    void trackChanges() {
        if (changes == null) {
            changes = new java.util.HashSet<>();
        }
    }

    @Override
    java.util.Set<Object> takeChanges() {
        java.util.Set<Object> taken = changes;
        if (taken != null) {
            changes = new java.util.HashSet<>();
        }
        return taken;
    }

    @Override
    void adoptChanges(java.util.Set<Object> changed) {
        changes.addAll(changed);
    }

    private void recordChange(int slot) {
        Object[] seg = segments[slot >>> segmentShift];
        int base = (slot & segmentMask) * stride;
        changes.add(voidNamespace ? seg[base] : new KeyAndNamespace(seg[base], seg[base + 1]));
    }

    void setValueSerializer(TypeSerializer<V> valueSerializer) {
        this.valueSerializer = valueSerializer;
        this.deepCopyValues = !valueSerializer.isImmutableType();
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    private int hash(int keyHash, Object namespace) {
        return voidNamespace ? keyHash : keyHash * 31 + namespace.hashCode();
    }

    private int home(int hash) {
        return (hash * PHI) >>> hashShift;
    }

    /**
     * Finds a key.
     *
     * @return the slot if present, else {@code -(insertionSlot + 1)}
     */
    int find(K key, int keyHash, N namespace) {
        int idx = home(hash(keyHash, namespace));
        final int stride = this.stride;
        while (true) {
            Object[] seg = segments[idx >>> segmentShift];
            int base = (idx & segmentMask) * stride;
            Object k = seg[base];
            if (k == null) {
                return -(idx + 1);
            }
            if ((k == key || key.equals(k)) && (voidNamespace || namespaceEquals(seg[base + 1], namespace))) {
                return idx;
            }
            idx = (idx + 1) & mask;
        }
    }

    private static boolean namespaceEquals(Object stored, Object namespace) {
        return stored == namespace || namespace.equals(stored);
    }

    /** Reads a value for a caller that will not modify it in place. */
    @SuppressWarnings("unchecked")
    V valueAt(int slot) {
        if (deepCopyValues) {
            // the caller may hand the object to user code, which may mutate it
            return valueForUpdate(slot);
        }
        return (V) segments[slot >>> segmentShift][(slot & segmentMask) * stride + stride - 1];
    }

    /** Reads a value that the caller may modify in place; never shared with a live snapshot. */
    @SuppressWarnings("unchecked")
    V valueForUpdate(int slot) {
        if (changes != null) {
            recordChange(slot);
        }
        Object[] seg = writableSegment(slot >>> segmentShift);
        return (V) seg[(slot & segmentMask) * stride + stride - 1];
    }

    void setValueAt(int slot, V value) {
        if (changes != null) {
            recordChange(slot);
        }
        Object[] seg = writableSegment(slot >>> segmentShift);
        seg[(slot & segmentMask) * stride + stride - 1] = value;
    }

    /**
     * Inserts a key known to be absent.
     *
     * @param encodedInsertionSlot the negative result of {@link #find} for this key
     * @return the slot the entry landed in
     */
    int insert(int encodedInsertionSlot, K key, int keyHash, N namespace, V value) {
        int slot = -encodedInsertionSlot - 1;
        if (size + 1 > threshold) {
            resize(capacity * 2);
            slot = -find(key, keyHash, namespace) - 1;
        }
        Object[] seg = writableSegment(slot >>> segmentShift);
        int base = (slot & segmentMask) * stride;
        seg[base] = key;
        if (!voidNamespace) {
            seg[base + 1] = namespace;
        }
        seg[base + stride - 1] = value;
        size++;
        if (changes != null) {
            recordChange(slot);
        }
        return slot;
    }

    /** Removes the entry in {@code slot}, shifting later entries of its probe run back. */
    void removeAt(int slot) {
        if (changes != null) {
            recordChange(slot);
        }
        modCount++;
        size--;
        int hole = slot;
        clearSlot(hole);
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            Object[] seg = segments[j >>> segmentShift];
            int base = (j & segmentMask) * stride;
            Object k = seg[base];
            if (k == null) {
                return;
            }
            int home = home(hash(k.hashCode(), voidNamespace ? null : seg[base + 1]));
            // move j into the hole unless j's home lies cyclically in (hole, j]
            boolean homeInRange = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!homeInRange) {
                Object[] from = writableSegment(j >>> segmentShift);
                Object[] to = writableSegment(hole >>> segmentShift);
                System.arraycopy(from, base, to, (hole & segmentMask) * stride, stride);
                clearSlot(j);
                hole = j;
            }
        }
    }

    private void clearSlot(int slot) {
        Object[] seg = writableSegment(slot >>> segmentShift);
        int base = (slot & segmentMask) * stride;
        for (int i = 0; i < stride; i++) {
            seg[base + i] = null;
        }
    }

    /**
     * Returns segment {@code s}, writable: {@link #rebuild} copies it (and the directory) first if a
     * live snapshot shares it. The check whether it is shared is inside {@code rebuild}, which C2
     * never inlines, not here: see {@link #rebuild}.
     */
    private Object[] writableSegment(int s) {
        rebuild(capacity, s);
        return segments[s];
    }

    @SuppressWarnings("unchecked")
    private void copyValues(Object[] seg) {
        for (int base = 0; base < seg.length; base += stride) {
            if (seg[base] != null) {
                int v = base + stride - 1;
                seg[v] = CompactValues.copy(valueSerializer, (V) seg[v]);
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
                versions.recordCopy(highest, (long) segments.length * 8 + 32);
                segments = segments.clone();
                segmentStamps = segmentStamps.clone();
                directoryStamp = stamp;
            }
            versions.recordCopy(highest, (long) segments[s].length * 4 + 16);
            Object[] copy = segments[s].clone();
            if (deepCopyValues) {
                copyValues(copy);
            }
            segments[s] = copy;
            segmentStamps[s] = stamp;
            return;
        }
        if (newCapacity > MAX_CAPACITY) {
            throw new IllegalStateException("key group map is full: capacity=" + capacity);
        }
        Object[][] oldSegments = segments;
        int[] oldStamps = segmentStamps;
        int highest = versions.highestRetained();
        int log2 = Integer.numberOfTrailingZeros(newCapacity);
        segmentShift = Math.min(log2, MAX_SEGMENT_SHIFT);
        segmentMask = (1 << segmentShift) - 1;
        int numSegments = newCapacity >>> segmentShift;
        segments = new Object[numSegments][];
        for (int i = 0; i < numSegments; i++) {
            segments[i] = new Object[(1 << segmentShift) * stride];
        }
        int stamp = versions.current();
        segmentStamps = new int[numSegments];
        java.util.Arrays.fill(segmentStamps, stamp);
        directoryStamp = stamp;
        capacity = newCapacity;
        mask = newCapacity - 1;
        hashShift = 32 - log2;
        threshold = (int) (newCapacity * 0.75f);
        if (oldSegments == null) {
            return; // the constructor's empty table
        }
        modCount++;
        for (int s = 0; s < oldSegments.length; s++) {
            Object[] seg = oldSegments[s];
            boolean shared = oldStamps[s] <= highest;
            for (int base = 0; base < seg.length; base += stride) {
                Object k = seg[base];
                if (k == null) {
                    continue;
                }
                Object ns = voidNamespace ? null : seg[base + 1];
                Object v = seg[base + stride - 1];
                if (shared && deepCopyValues) {
                    @SuppressWarnings("unchecked")
                    V typed = (V) v;
                    v = CompactValues.copy(valueSerializer, typed);
                }
                int idx = home(hash(k.hashCode(), ns));
                while (true) {
                    Object[] target = segments[idx >>> segmentShift];
                    int tb = (idx & segmentMask) * stride;
                    if (target[tb] == null) {
                        target[tb] = k;
                        if (!voidNamespace) {
                            target[tb + 1] = ns;
                        }
                        target[tb + stride - 1] = v;
                        break;
                    }
                    idx = (idx + 1) & mask;
                }
            }
        }
    }

    /** Visits every entry of the live map. The visitor must not modify the map. */
    @SuppressWarnings("unchecked")
    void forEach(EntryVisitor<K, N, V> visitor) {
        for (Object[] seg : segments) {
            for (int base = 0; base < seg.length; base += stride) {
                Object k = seg[base];
                if (k != null) {
                    visitor.visit((K) k, voidNamespace ? null : (N) seg[base + 1], (V) seg[base + stride - 1]);
                }
            }
        }
    }

    /** Collects the keys whose namespace equals {@code namespace}. */
    @SuppressWarnings("unchecked")
    void collectKeys(Object namespace, Consumer<K> sink) {
        for (Object[] seg : segments) {
            for (int base = 0; base < seg.length; base += stride) {
                Object k = seg[base];
                if (k != null && (voidNamespace || namespace.equals(seg[base + 1]))) {
                    sink.accept((K) k);
                }
            }
        }
    }

    @Override
    boolean storesEntriesInline() {
        return false;
    }

    @Override
    long slotArrayBytes() {
        return (long) capacity * stride * 4 + (long) segments.length * 16 + 64;
    }

    /**
     * Freezes the current content. Costs O(1): the view shares the segment directory, and the
     * stamps make later writes copy. The caller must hold a version from
     * {@link StateVersions#retainSnapshot()} taken before this call for as long as the view is read.
     */
    View<K, N, V> view() {
        return new ObjectView<>(segments, stride, voidNamespace, size, capacity);
    }

    /**
     * An immutable view of a map at a snapshot. Readable from any thread that received it through a
     * happens-before edge (e.g. an executor hand-off).
     */
    static final class ObjectView<K, N, V> extends View<K, N, V> {
        private final Object[][] segments;
        private final int stride;
        private final boolean voidNamespace;
        private final int capacity;

        ObjectView(Object[][] segments, int stride, boolean voidNamespace, int size, int capacity) {
            super(size);
            this.segments = segments;
            this.stride = stride;
            this.voidNamespace = voidNamespace;
            this.capacity = capacity;
        }

        /**
         * Looks up a key in the frozen content.
         *
         * @param key the key
         * @param namespace the namespace (ignored for void-namespace maps)
         * @return the value, or null if absent
         */
        @SuppressWarnings("unchecked")
        V get(Object key, Object namespace) {
            int mask = capacity - 1;
            int shift = 32 - Integer.numberOfTrailingZeros(capacity);
            int segShift = Integer.numberOfTrailingZeros(segments[0].length / stride);
            int segMask = (1 << segShift) - 1;
            int h = voidNamespace ? key.hashCode() : key.hashCode() * 31 + namespace.hashCode();
            int idx = (h * PHI) >>> shift;
            while (true) {
                Object[] seg = segments[idx >>> segShift];
                int base = (idx & segMask) * stride;
                Object k = seg[base];
                if (k == null) {
                    return null;
                }
                if ((k == key || key.equals(k)) && (voidNamespace || namespace.equals(seg[base + 1]))) {
                    return (V) seg[base + stride - 1];
                }
                idx = (idx + 1) & mask;
            }
        }

        /**
         * Visits every entry; the namespace is null for void-namespace maps.
         */
        @SuppressWarnings("unchecked")
        <E extends Exception> void forEach(ThrowingVisitor<K, N, V, E> visitor) throws E {
            for (Object[] seg : segments) {
                for (int base = 0; base < seg.length; base += stride) {
                    Object k = seg[base];
                    if (k != null) {
                        visitor.visit((K) k, voidNamespace ? null : (N) seg[base + 1], (V) seg[base + stride - 1]);
                    }
                }
            }
        }
    }
}
