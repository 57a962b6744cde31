package io.cairn.state;

/**
 * Folds added values into an accumulator; used by {@link AggregatingState}.
 *
 * @param <IN> the type of added values
 * @param <ACC> the accumulator type, stored in state
 * @param <OUT> the result type
 */
public interface AggregateFunction<IN, ACC, OUT> {

    /** @return a new, empty accumulator */
    ACC createAccumulator();

    /**
     * @param value the added value
     * @param accumulator the accumulator; may be modified and returned
     * @return the updated accumulator
     */
    ACC add(IN value, ACC accumulator);

    /**
     * @param accumulator the accumulator
     * @return the result
     */
    OUT getResult(ACC accumulator);

    /**
     * @param a one accumulator
     * @param b another
     * @return their combination
     */
    ACC merge(ACC a, ACC b);
}
