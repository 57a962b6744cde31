package io.cairn.state;

import io.cairn.serialization.Serializers;
import io.cairn.serialization.TypeSerializer;
import java.util.Objects;

/**
 * Names a state and says how to store it: its kind, its serializer and an optional default value.
 * A state is created from its descriptor; two descriptors with the same name must have the same
 * kind. Descriptors are immutable and may be shared between threads; backends duplicate the
 * serializer before use.
 *
 * @param <S> the state interface, e.g. {@code ValueState<Long>}
 * @param <T> the type of the value stored per key and namespace
 */
public abstract class StateDescriptor<S extends State, T> {

    /** The kinds of keyed state. */
    public enum Type {
        /** {@link ValueState}. */
        VALUE,
        /** {@link ListState}. */
        LIST,
        /** {@link MapState}. */
        MAP,
        /** {@link ReducingState}. */
        REDUCING,
        /** {@link AggregatingState}. */
        AGGREGATING
    }

    private final String name;
    private final TypeSerializer<T> serializer;
    private final T defaultValue;

    /**
     * @param name the state name, not blank
     * @param serializer the serializer of the stored value
     * @param defaultValue what reads return when no value is set, or null
     * @throws IllegalArgumentException if the name is blank
     */
    protected StateDescriptor(String name, TypeSerializer<T> serializer, T defaultValue) {
        Objects.requireNonNull(name, "state name cannot be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("state name must not be blank");
        }
        this.name = name;
        this.serializer = Objects.requireNonNull(serializer, "serializer cannot be null for state '" + name + "'");
        this.defaultValue = defaultValue;
    }

    /**
     * Resolves a built-in serializer for a class, naming the state if there is none.
     *
     * @param name the state name, for the error message
     * @param type the class
     * @param <X> the class's type
     * @return the serializer
     * @throws IllegalArgumentException if no built-in serializer handles {@code type}
     */
    protected static <X> TypeSerializer<X> serializerFor(String name, Class<X> type) {
        Objects.requireNonNull(type, "type class cannot be null for state '" + name + "'");
        try {
            return Serializers.forClass(type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state '" + name + "': " + e.getMessage(), e);
        }
    }

    /** @return the state name */
    public String getName() {
        return name;
    }

    /** @return the serializer of the stored value */
    public TypeSerializer<T> getSerializer() {
        return serializer;
    }

    /** @return the default value, or null */
    public T getDefaultValue() {
        return defaultValue == null ? null : serializer.copy(defaultValue);
    }

    /** @return the kind of state */
    public abstract Type getType();

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && name.equals(((StateDescriptor<?, ?>) o).name);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + getClass().hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{name=" + name + ", serializer=" + serializer + "}";
    }
}
