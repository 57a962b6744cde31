package io.cairn.state;

import java.util.List;

/**
 * A list of values per key and namespace. {@link #get()} never returns null: an empty list reads as
 * an empty iterable.
 *
 * <p>What {@link #get()} returns may be the stored list itself (the heap backend hands it out; the
 * RocksDB backend reads a new list each time): a later {@link #add}, {@link #addAll} or
 * {@link #update} of the same key and namespace can change it, and iterating it while writing this
 * state can fail with a {@code ConcurrentModificationException}. Copy it to keep it, or before
 * writing the state inside a loop over it.
 *
 * @param <T> the element type
 */
public interface ListState<T> extends AppendingState<T, Iterable<T>> {

    /**
     * Replaces the list; an empty list clears the state.
     *
     * @param values the new elements, none null
     * @throws NullPointerException if {@code values} or an element is null
     */
    void update(List<T> values);

    /**
     * Appends all values.
     *
     * @param values the elements to append, none null
     * @throws NullPointerException if {@code values} or an element is null
     */
    void addAll(List<T> values);
}
