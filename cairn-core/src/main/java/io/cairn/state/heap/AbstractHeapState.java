package io.cairn.state.heap;

import io.cairn.serialization.TypeSerializer;
import io.cairn.state.keyed.InternalKvState;
import java.util.Objects;

/**
 * Shared plumbing of the heap states: finds the current (key, namespace) in the current key group's
 * map and remembers the slot, so that a read followed by a write of the same entry probes once.
 *
 * <p>The remembered slot is keyed by ints only: the backend's key stamp (which fixes the key and so
 * the key group), the table's {@link StateTable#mapsEpoch} (which fixes the map object of that key
 * group), a stamp of the namespace object and the map's {@code modCount}. Remembering a lookup thus
 * stores no reference, so it costs no garbage-collector write barrier on every new key.
 *
 * @param <K> the key type
 * @param <N> the namespace type
 * @param <V> the stored value type
 */
abstract class AbstractHeapState<K, N, V> implements InternalKvState<K, N, V> {

    final HeapKeyedStateBackend<K> backend;
    final StateTable<K, N, V> table;
    N currentNamespace;
    /** Changes whenever {@link #currentNamespace} becomes another object. */
    private int namespaceStamp;

    private int cachedKeyStamp = -1;
    private int cachedMapsEpoch;
    private int cachedNamespaceStamp;
    private int cachedModCount;
    private int cachedSlot;

    AbstractHeapState(HeapKeyedStateBackend<K> backend, StateTable<K, N, V> table, N defaultNamespace) {
        this.backend = backend;
        this.table = table;
        this.currentNamespace = defaultNamespace;
    }

    @Override
    public String getName() {
        return table.name;
    }

    @Override
    public TypeSerializer<K> getKeySerializer() {
        return backend.getKeySerializer();
    }

    @Override
    public TypeSerializer<N> getNamespaceSerializer() {
        return table.namespaceSerializer;
    }

    @Override
    public TypeSerializer<V> getValueSerializer() {
        return table.valueSerializer;
    }

    @Override
    public void setCurrentNamespace(N namespace) {
        Objects.requireNonNull(namespace, "namespace cannot be null");
        if (namespace != currentNamespace) {
            currentNamespace = namespace;
            namespaceStamp++;
        }
    }

    /** @return the map of the current key's group */
    final KeyGroupStateMap<K, N, V> currentMap() {
        return table.maps[backend.currentKeyGroupIndex()];
    }

    /** {@link #rememberedSlot}'s answer when the remembered lookup is not for the current entry. */
    static final int NOT_CACHED = Integer.MIN_VALUE;

    /**
     * Finds the current key and namespace.
     *
     * @return the slot if present, else {@code -(insertionSlot + 1)}
     */
    final int lookup(KeyGroupStateMap<K, N, V> map) {
        int slot = rememberedSlot(map);
        if (slot == NOT_CACHED) {
            slot = map.find(lookupKey(), backend.currentKeyHash(), currentNamespace);
            remember(map, slot);
        }
        return slot;
    }

    /**
     * The remembered lookup, if it was of the current key and namespace in {@code map}.
     *
     * @return the remembered slot, or {@link #NOT_CACHED}
     */
    final int rememberedSlot(KeyGroupStateMap<K, N, V> map) {
        if (backend.keyStamp() == cachedKeyStamp && table.mapsEpoch == cachedMapsEpoch
                && namespaceStamp == cachedNamespaceStamp && map.modCount == cachedModCount) {
            return cachedSlot;
        }
        return NOT_CACHED;
    }

    /**
     * @return the current key, for a lookup
     * @throws IllegalStateException if no key or no namespace is set
     */
    final K lookupKey() {
        K key = backend.currentKeyOrFail(table.name);
        if (currentNamespace == null) {
            throw new IllegalStateException("no namespace set for state '" + table.name + "': call setCurrentNamespace");
        }
        return key;
    }

    /** Remembers a lookup; {@code map} must be {@code table.maps[backend.currentKeyGroupIndex()]}. */
    final void remember(KeyGroupStateMap<K, N, V> map, int slot) {
        cachedKeyStamp = backend.keyStamp();
        cachedMapsEpoch = table.mapsEpoch;
        cachedNamespaceStamp = namespaceStamp;
        cachedModCount = map.modCount;
        cachedSlot = slot;
    }

    /** Inserts a value for the current key and namespace at the slot {@link #lookup} reported. */
    final void insert(KeyGroupStateMap<K, N, V> map, int encodedSlot, V value) {
        remember(map, map.insert(encodedSlot, backend.getCurrentKey(), backend.currentKeyHash(), currentNamespace, value));
    }

    /** Removes the current entry if present. */
    @Override
    public void clear() {
        KeyGroupStateMap<K, N, V> map = currentMap();
        int slot = lookup(map);
        if (slot >= 0) {
            map.removeAt(slot);
        }
    }

    /** @return the stored value for the current key and namespace, or null */
    final V getStored() {
        KeyGroupStateMap<K, N, V> map = currentMap();
        int slot = lookup(map);
        return slot >= 0 ? map.valueAt(slot) : null;
    }

    /** Stores a value for the current key and namespace, which must not be null. */
    final void putStored(V value) {
        KeyGroupStateMap<K, N, V> map = currentMap();
        int slot = lookup(map);
        if (slot >= 0) {
            map.setValueAt(slot, value);
        } else {
            insert(map, slot, value);
        }
    }

    final NullPointerException nullValue(String what) {
        return new NullPointerException("state '" + table.name + "' does not accept null " + what);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + table.name + "}";
    }
}
