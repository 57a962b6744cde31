package io.cairn.state;

import io.cairn.serialization.TypeSerializer;
import java.util.Objects;

/**
 * Describes an {@link AggregatingState}; the stored value is the accumulator.
 *
 * @param <IN> the type of added values
 * @param <ACC> the accumulator type
 * @param <OUT> the result type
 */
public class AggregatingStateDescriptor<IN, ACC, OUT>
        extends StateDescriptor<AggregatingState<IN, OUT>, ACC> {

    private final AggregateFunction<IN, ACC, OUT> aggregateFunction;

    /**
     * @param name the state name
     * @param aggregateFunction folds added values into the accumulator
     * @param accumulatorType the accumulator class, which must have a built-in serializer
     */
    public AggregatingStateDescriptor(
            String name, AggregateFunction<IN, ACC, OUT> aggregateFunction, Class<ACC> accumulatorType) {
        this(name, aggregateFunction, serializerFor(name, accumulatorType));
    }

    /**
     * @param name the state name
     * @param aggregateFunction folds added values into the accumulator
     * @param accumulatorSerializer the accumulator serializer
     */
    public AggregatingStateDescriptor(
            String name, AggregateFunction<IN, ACC, OUT> aggregateFunction, TypeSerializer<ACC> accumulatorSerializer) {
        super(name, accumulatorSerializer, null);
        this.aggregateFunction =
                Objects.requireNonNull(aggregateFunction, "aggregateFunction cannot be null for state '" + name + "'");
    }

    /** @return the aggregate function */
    public AggregateFunction<IN, ACC, OUT> getAggregateFunction() {
        return aggregateFunction;
    }

    @Override
    public Type getType() {
        return Type.AGGREGATING;
    }
}
