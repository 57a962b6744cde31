package io.cairn.state;

import java.util.List;

/**
 * A list of values per key and namespace. {@link #get()} never returns null: an empty list reads as
 * an empty iterable.
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
