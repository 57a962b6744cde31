package io.cairn.state;

/**
 * An accumulator per key and namespace, fed by an {@link AggregateFunction}; {@link #get()} returns
 * the function's result for the accumulator.
 *
 * @param <IN> the type of added values
 * @param <OUT> the result type
 */
public interface AggregatingState<IN, OUT> extends AppendingState<IN, OUT> {}
