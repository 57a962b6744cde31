package io.cairn.state;

import java.util.Iterator;
import java.util.Map;

/**
 * A map per key and namespace. Iterators support {@link Iterator#remove()}. Iterating while
 * modifying the map through other methods is undefined.
 *
 * @param <UK> the user key type
 * @param <UV> the user value type
 */
public interface MapState<UK, UV> extends State {

    /**
     * @param key the user key, not null
     * @return the value, or null if absent
     */
    UV get(UK key);

    /**
     * @param key the user key, not null
     * @param value the value; null is allowed and stored as a present null
     */
    void put(UK key, UV value);

    /** @param map the entries to put */
    void putAll(Map<UK, UV> map);

    /** @param key the user key to remove */
    void remove(UK key);

    /**
     * @param key the user key
     * @return true if the key is present
     */
    boolean contains(UK key);

    /** @return the entries; modifying the map through the iterator's remove is allowed */
    Iterable<Map.Entry<UK, UV>> entries();

    /** @return the user keys */
    Iterable<UK> keys();

    /** @return the values */
    Iterable<UV> values();

    /** @return an iterator over the entries */
    Iterator<Map.Entry<UK, UV>> iterator();

    /** @return true if the map has no entries */
    boolean isEmpty();
}
