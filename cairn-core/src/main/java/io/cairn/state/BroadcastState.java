package io.cairn.state;

import java.util.Iterator;
import java.util.Map;

/**
 * Operator state that is a map, kept identical on every subtask of an operator: the broadcast side
 * writes it, and every subtask snapshots its own copy. Keys are never null; values may be null.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface BroadcastState<K, V> extends ReadOnlyBroadcastState<K, V>, State {

    /**
     * Maps {@code key} to {@code value}, replacing any previous value.
     *
     * @param key the key, not null
     * @param value the value, may be null
     * @throws NullPointerException if {@code key} is null; the message names the state
     */
    void put(K key, V value);

    /**
     * Copies all mappings of {@code map} into this state.
     *
     * @param map the mappings, no key null
     * @throws NullPointerException if {@code map} or one of its keys is null
     */
    void putAll(Map<K, V> map);

    /**
     * Removes the mapping for {@code key}, if any.
     *
     * @param key the key, not null
     * @throws NullPointerException if {@code key} is null; the message names the state
     */
    void remove(K key);

    /** @return the mappings as a live view; entries may be updated or removed while iterating */
    Iterable<Map.Entry<K, V>> entries();

    /** @return an iterator over the mappings that supports {@link Iterator#remove()} */
    Iterator<Map.Entry<K, V>> iterator();

    /** Removes all mappings. */
    @Override
    void clear();
}
