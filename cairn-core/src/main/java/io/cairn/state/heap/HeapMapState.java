package io.cairn.state.heap;

import io.cairn.state.MapState;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * {@link MapState} on the heap: the stored value is a {@link HashMap} (a {@link LongLongHashMap} for
 * {@code Long} keys and values, an {@link ObjectLongHashMap} for {@code Long} values and other
 * immutable keys, see {@link CompactValues}), modified in place.
 */
final class HeapMapState<K, N, UK, UV> extends AbstractHeapState<K, N, Map<UK, UV>> implements MapState<UK, UV> {

    /** Which map a new key gets: 0 a {@link HashMap}, 1 a {@link LongLongHashMap}, 2 an {@link ObjectLongHashMap}. */
    private final int mapForm;

    HeapMapState(HeapKeyedStateBackend<K> backend, StateTable<K, N, Map<UK, UV>> table, N namespace) {
        super(backend, table, namespace);
        this.mapForm = CompactValues.isLongLongMap(table.valueSerializer) ? 1
                : CompactValues.isObjectLongMap(table.valueSerializer) ? 2 : 0;
    }

    @SuppressWarnings("unchecked")
    private Map<UK, UV> newMap() {
        return switch (mapForm) {
            case 1 -> (Map<UK, UV>) (Map<?, ?>) new LongLongHashMap(4);
            case 2 -> (Map<UK, UV>) (Map<?, ?>) new ObjectLongHashMap<UK>(1);
            default -> new HashMap<>(4);
        };
    }

    private UK checkKey(UK key) {
        if (key == null) {
            throw nullValue("map keys");
        }
        return key;
    }

    /** @return the live map for update, or null if absent */
    private Map<UK, UV> mapForUpdate() {
        KeyGroupStateMap<K, N, Map<UK, UV>> map = currentMap();
        int slot = lookup(map);
        return slot >= 0 ? map.valueForUpdate(slot) : null;
    }

    @Override
    public UV get(UK key) {
        checkKey(key);
        Map<UK, UV> m = getStored();
        return m == null ? null : m.get(key);
    }

    @Override
    public void put(UK key, UV value) {
        checkKey(key);
        KeyGroupStateMap<K, N, Map<UK, UV>> map = currentMap();
        int slot = lookup(map);
        // one call to the map's put for both cases: the JIT inlines each call site separately
        Map<UK, UV> m = slot >= 0 ? map.valueForUpdate(slot) : newMap();
        m.put(key, value);
        if (slot < 0) {
            insert(map, slot, m);
        }
    }

    @Override
    public void putAll(Map<UK, UV> entries) {
        if (entries == null) {
            throw nullValue("maps");
        }
        for (Map.Entry<UK, UV> e : entries.entrySet()) {
            put(e.getKey(), e.getValue());
        }
    }

    @Override
    public void remove(UK key) {
        checkKey(key);
        KeyGroupStateMap<K, N, Map<UK, UV>> map = currentMap();
        int slot = lookup(map);
        if (slot < 0) {
            return;
        }
        Map<UK, UV> m = map.valueForUpdate(slot);
        m.remove(key);
        if (m.isEmpty()) {
            map.removeAt(slot);
        }
    }

    @Override
    public boolean contains(UK key) {
        checkKey(key);
        Map<UK, UV> m = getStored();
        return m != null && m.containsKey(key);
    }

    @Override
    public Iterable<Map.Entry<UK, UV>> entries() {
        Map<UK, UV> m = mapForUpdate();
        return m == null ? Collections.emptySet() : m.entrySet();
    }

    @Override
    public Iterable<UK> keys() {
        Map<UK, UV> m = mapForUpdate();
        return m == null ? Collections.emptySet() : m.keySet();
    }

    @Override
    public Iterable<UV> values() {
        Map<UK, UV> m = mapForUpdate();
        return m == null ? Collections.emptyList() : m.values();
    }

    @Override
    public Iterator<Map.Entry<UK, UV>> iterator() {
        return entries().iterator();
    }

    @Override
    public boolean isEmpty() {
        Map<UK, UV> m = getStored();
        return m == null || m.isEmpty();
    }
}
