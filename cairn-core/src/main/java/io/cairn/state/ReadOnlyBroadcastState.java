package io.cairn.state;

import java.util.Map;

/**
 * A read-only view of a {@link BroadcastState}: what the non-broadcast side of an operator sees, so
 * that every subtask keeps an identical copy.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface ReadOnlyBroadcastState<K, V> {

    /**
     * @param key the key, not null
     * @return the value mapped to {@code key}, or null if there is none
     * @throws NullPointerException if {@code key} is null; the message names the state
     */
    V get(K key);

    /**
     * @param key the key, not null
     * @return true if {@code key} has a mapping (possibly to null)
     * @throws NullPointerException if {@code key} is null; the message names the state
     */
    boolean contains(K key);

    /** @return the mappings as an unmodifiable live view; entries cannot be changed through it */
    Iterable<Map.Entry<K, V>> immutableEntries();
}
