package io.cairn.state;

/**
 * A single value per key and namespace.
 *
 * @param <T> the value type
 */
public interface ValueState<T> extends State {

    /** @return the value, or the descriptor's default value (usually null) if none is set */
    T value();

    /**
     * Sets the value; {@code null} clears it.
     *
     * @param value the new value
     */
    void update(T value);
}
