package io.cairn.state;

/**
 * State that values can be added to, and read back as one result.
 *
 * @param <IN> the type of added values
 * @param <OUT> the type of the result
 */
public interface AppendingState<IN, OUT> extends State {

    /** @return the current result, or null (lists: an empty iterable) if nothing was added */
    OUT get();

    /**
     * Adds a value.
     *
     * @param value the value, not null
     * @throws NullPointerException if {@code value} is null; the message names the state
     */
    void add(IN value);
}
