package io.cairn.state.heap;

import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.TypeSerializer;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The heap map of one state in one key group: (key, namespace) to value, with O(1) copy-on-write
 * {@link View}s for asynchronous snapshots.
 *
 * <p>Two layouts implement it; {@link #create} picks one per state:
 * <ul>
 *   <li>{@link LongKeyGroupStateMap}, when the key and value serializers are both
 *       {@link LongSerializer} and the namespace is void (a {@code ValueState<Long>},
 *       {@code ReducingState<Long>} or {@code AggregatingState} with a {@code Long} accumulator,
 *       keyed by {@code Long}): key and value live side by side in a {@code long[]}. A lookup touches
 *       one cache line, and an update writes a primitive, so no boxed object is kept per entry and
 *       no garbage-collector write barrier fires (on a 1,000,000-key {@code value-update} workload,
 *       G1's card refinement took more CPU than the task thread itself with the reference layout);</li>
 *   <li>{@link LongKeyObjectStateMap} for other void-namespace states keyed by {@code Long}: keys in a
 *       {@code long[]}, values in a parallel {@code Object[]}, so a lookup never follows a boxed key;</li>
 *   <li>{@link ObjectKeyGroupStateMap} for everything else: references in an {@code Object[]}.</li>
 * </ul>
 * Both use open addressing with linear probing, backward-shift deletion, and segments of at most 512
 * slots, each with a copy-on-write stamp (see {@link StateVersions}).
 *
 * <p>Slots: {@link #find} returns a slot index that stays valid until {@link #modCount} changes, so
 * states can cache it and make a read-modify-write one probe.
 *
 * <p>Threads: owned by the task thread. A {@link View} may be read by one other thread while the
 * task thread writes, because writes never touch a segment that a live view shares.
 *
 * @param <K> the key type
 * @param <N> the namespace type
 * @param <V> the value type
 */
abstract class KeyGroupStateMap<K, N, V> {

    static final int MAX_SEGMENT_SHIFT = 9;
    static final int MIN_CAPACITY = 8;
    static final int MAX_CAPACITY = 1 << 30;
    static final int PHI = 0x9E3779B9;

    /** Incremented by every change that can move a slot: insertion by resize, removal, resize. */
    int modCount;

    /**
     * A snapshot version whose view of this map is no longer read (its writer has written this
     * map's key group), though the snapshot as a whole is still running; 0 for none. Written by the
     * snapshot's thread, read by the task thread.
     */
    private volatile int releasedEarly;

    /**
     * Tells the map that the view it gave the snapshot of {@code version} will not be read again,
     * so writes need not copy what only that snapshot shares. Called by a snapshot writer after it
     * has serialized this map, from its own thread; the volatile write orders its last read of the
     * view before any in-place write the task thread makes after seeing it.
     *
     * @param version the snapshot's version from {@link StateVersions#retainSnapshot()}
     */
    final void releaseViewEarly(int version) {
        releasedEarly = version;
    }

    /**
     * Whether a structure stamped {@code stamp} is still read by a live snapshot view, so a write
     * must copy it first. True when some retained version at or above the stamp has not released
     * its view of this map early. A stale answer is always "copy".
     *
     * @param versions the backend's versions
     * @param stamp the structure's stamp
     */
    final boolean sharedWithLiveView(StateVersions versions, int stamp) {
        long pair = versions.retainedPair();
        int highest = (int) (pair >>> 32);
        if (stamp > highest) {
            return false;
        }
        // the newest snapshot has finished with this map: only older ones can share the structure
        return !(highest == releasedEarly && stamp > (int) pair);
    }

    /**
     * Creates the map for one key group of a state, in the layout that fits its types.
     *
     * @param versions the backend's snapshot versions
     * @param voidNamespace whether the state's namespace serializer is the void namespace's
     * @param keySerializer the backend's key serializer
     * @param valueSerializer the state's value serializer
     * @return a new, empty map
     */
    static <K, N, V> KeyGroupStateMap<K, N, V> create(
            StateVersions versions,
            boolean voidNamespace,
            TypeSerializer<?> keySerializer,
            TypeSerializer<V> valueSerializer) {
        if (fitsLongLayout(voidNamespace, keySerializer, valueSerializer)) {
            return new LongKeyGroupStateMap<>(versions);
        }
        if (voidNamespace && keySerializer instanceof LongSerializer) {
            return new LongKeyObjectStateMap<>(versions, valueSerializer);
        }
        return new ObjectKeyGroupStateMap<>(versions, voidNamespace, valueSerializer);
    }

    /** @return whether {@link LongKeyGroupStateMap} can hold a state with these types */
    static boolean fitsLongLayout(boolean voidNamespace, TypeSerializer<?> keySerializer, TypeSerializer<?> valueSerializer) {
        return voidNamespace && keySerializer instanceof LongSerializer && valueSerializer instanceof LongSerializer;
    }

    /**
     * Copies this map's entries (and its record of changes, if tracked) into a new map of the
     * general layout, for a state whose value serializer no longer fits this one's layout.
     *
     * @param versions the backend's snapshot versions
     * @param voidNamespace whether the namespace is void
     * @param valueSerializer the new value serializer
     * @return the new map; this one must no longer be written
     */
    final KeyGroupStateMap<K, N, V> copyToObjectLayout(
            StateVersions versions, boolean voidNamespace, TypeSerializer<V> valueSerializer) {
        ObjectKeyGroupStateMap<K, N, V> copy = new ObjectKeyGroupStateMap<>(versions, voidNamespace, valueSerializer);
        forEach((k, n, v) -> copy.put(k, k.hashCode(), n, v));
        Set<Object> changes = takeChanges();
        if (changes != null) {
            copy.trackChanges();
            copy.takeChanges();
            copy.adoptChanges(changes);
        }
        return copy;
    }

    /** Starts recording which (key, namespace) pairs change, for incremental checkpoints. */
    abstract void trackChanges();

    /**
     * Returns the keys changed since the last call and starts a new, empty record. O(1).
     *
     * @return the changed keys (for namespaced maps, {@link KeyAndNamespace}s), or null if changes
     *     are not tracked
     */
    abstract Set<Object> takeChanges();

    /** Switches the value serializer (after a restore); the layout must still fit it. */
    abstract void setValueSerializer(TypeSerializer<V> valueSerializer);

    /** @return the number of entries */
    abstract int size();

    /** @return the number of slots */
    abstract int capacity();

    /**
     * Finds a key.
     *
     * @param key the key
     * @param keyHash {@code key.hashCode()}
     * @param namespace the namespace (ignored by void-namespace maps)
     * @return the slot if present, else {@code -(insertionSlot + 1)}
     */
    abstract int find(K key, int keyHash, N namespace);

    /** Reads a value for a caller that will not modify it in place. */
    abstract V valueAt(int slot);

    /** Reads a value that the caller may modify in place; never shared with a live snapshot. */
    abstract V valueForUpdate(int slot);

    /** Replaces the value in an occupied slot. */
    abstract void setValueAt(int slot, V value);

    /**
     * Inserts a key known to be absent.
     *
     * @param encodedInsertionSlot the negative result of {@link #find} for this key
     * @return the slot the entry landed in
     */
    abstract int insert(int encodedInsertionSlot, K key, int keyHash, N namespace, V value);

    /** Puts a value, inserting or replacing. */
    final void put(K key, int keyHash, N namespace, V value) {
        int slot = find(key, keyHash, namespace);
        if (slot >= 0) {
            setValueAt(slot, value);
        } else {
            insert(slot, key, keyHash, namespace, value);
        }
    }

    /** Removes the entry in {@code slot}. */
    abstract void removeAt(int slot);

    /**
     * Grows the table, if needed, so that it holds {@code expectedSize} entries without resizing.
     * Restores call it with a key group's entry count before inserting: the entries arrive in the
     * slot order of the map that wrote them, and inserting them in that order into a smaller table
     * with the same hash function piles them into one ever longer probe run (quadratic time).
     *
     * @param expectedSize the number of entries the map is about to hold
     */
    abstract void ensureCapacity(int expectedSize);

    /** @return the smallest table capacity whose resize threshold (3/4) admits {@code expectedSize} entries */
    static int capacityFor(int expectedSize) {
        int capacity = MIN_CAPACITY;
        while ((int) (capacity * 0.75f) < expectedSize && capacity < MAX_CAPACITY) {
            capacity <<= 1;
        }
        return capacity;
    }

    /** Visits every entry of the live map. The visitor must not modify the map. */
    abstract void forEach(EntryVisitor<K, N, V> visitor);

    /** Collects the keys whose namespace equals {@code namespace}. */
    abstract void collectKeys(Object namespace, Consumer<K> sink);

    /** @return bytes held by the slot arrays of the live map */
    abstract long slotArrayBytes();

    /** @return whether {@link #slotArrayBytes()} already counts the keys' and values' own bytes */
    abstract boolean storesEntriesInline();

    /**
     * Freezes the current content. Costs O(1): the view shares the segment directory, and the
     * stamps make later writes copy. The caller must hold a version from
     * {@link StateVersions#retainSnapshot()} taken before this call for as long as the view is read.
     */
    abstract View<K, N, V> view();

    /** Adds keys to the record of changes (used when changing layouts). */
    abstract void adoptChanges(Set<Object> changed);

    /** A key with its namespace, as recorded for namespaced maps. */
    record KeyAndNamespace(Object key, Object namespace) {}

    /** Receives entries. */
    @FunctionalInterface
    interface EntryVisitor<K, N, V> {
        void visit(K key, N namespace, V value);
    }

    /** Receives entries and may throw. */
    @FunctionalInterface
    interface ThrowingVisitor<K, N, V, E extends Exception> {
        void visit(K key, N namespace, V value) throws E;
    }

    /**
     * An immutable view of a map at a snapshot. Readable from any thread that received it through a
     * happens-before edge (e.g. an executor hand-off).
     */
    abstract static class View<K, N, V> {

        /** The number of entries in the view. */
        final int size;

        View(int size) {
            this.size = size;
        }

        /**
         * Looks up a key in the frozen content.
         *
         * @param key the key
         * @param namespace the namespace (ignored for void-namespace maps)
         * @return the value, or null if absent
         */
        abstract V get(Object key, Object namespace);

        /** Visits every entry; the namespace is null for void-namespace maps. */
        abstract <E extends Exception> void forEach(ThrowingVisitor<K, N, V, E> visitor) throws E;
    }
}
