package io.cairn.state;

import io.cairn.serialization.TypeSerializer;
import java.util.Objects;

/**
 * Describes a {@link ReducingState}.
 *
 * @param <T> the value type
 */
public class ReducingStateDescriptor<T> extends StateDescriptor<ReducingState<T>, T> {

    private final ReduceFunction<T> reduceFunction;

    /**
     * @param name the state name
     * @param reduceFunction combines the stored value with each added value
     * @param type the value class, which must have a built-in serializer
     */
    public ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction, Class<T> type) {
        this(name, reduceFunction, serializerFor(name, type));
    }

    /**
     * @param name the state name
     * @param reduceFunction combines the stored value with each added value
     * @param serializer the value serializer
     */
    public ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction, TypeSerializer<T> serializer) {
        super(name, serializer, null);
        this.reduceFunction = Objects.requireNonNull(reduceFunction, "reduceFunction cannot be null for state '" + name + "'");
    }

    /** @return the reduce function */
    public ReduceFunction<T> getReduceFunction() {
        return reduceFunction;
    }

    @Override
    public Type getType() {
        return Type.REDUCING;
    }
}
