package io.cairn.state;

/**
 * Combines two values into one; used by {@link ReducingState}. Must be associative.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface ReduceFunction<T> {

    /**
     * @param accumulated the value so far
     * @param value the added value
     * @return the combination
     */
    T reduce(T accumulated, T value);
}
