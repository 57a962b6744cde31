package io.cairn.state;

import io.cairn.serialization.TypeSerializer;

/**
 * Describes a {@link ValueState}.
 *
 * @param <T> the value type
 */
public class ValueStateDescriptor<T> extends StateDescriptor<ValueState<T>, T> {

    /**
     * @param name the state name
     * @param type the value class, which must have a built-in serializer
     * @throws IllegalArgumentException if no built-in serializer handles {@code type}
     */
    public ValueStateDescriptor(String name, Class<T> type) {
        this(name, serializerFor(name, type), null);
    }

    /**
     * @param name the state name
     * @param serializer the value serializer
     */
    public ValueStateDescriptor(String name, TypeSerializer<T> serializer) {
        this(name, serializer, null);
    }

    /**
     * @param name the state name
     * @param serializer the value serializer
     * @param defaultValue returned by {@link ValueState#value()} when no value is set
     */
    public ValueStateDescriptor(String name, TypeSerializer<T> serializer, T defaultValue) {
        super(name, serializer, defaultValue);
    }

    @Override
    public Type getType() {
        return Type.VALUE;
    }
}
