package io.cairn.state;

import io.cairn.serialization.ListSerializer;
import io.cairn.serialization.TypeSerializer;
import java.util.List;

/**
 * Describes a {@link ListState}; also used for operator list state.
 *
 * @param <T> the element type
 */
public class ListStateDescriptor<T> extends StateDescriptor<ListState<T>, List<T>> {

    /**
     * @param name the state name
     * @param elementType the element class, which must have a built-in serializer
     * @throws IllegalArgumentException if no built-in serializer handles {@code elementType}
     */
    public ListStateDescriptor(String name, Class<T> elementType) {
        this(name, serializerFor(name, elementType));
    }

    /**
     * @param name the state name
     * @param elementSerializer the element serializer
     */
    public ListStateDescriptor(String name, TypeSerializer<T> elementSerializer) {
        super(name, new ListSerializer<>(elementSerializer), null);
    }

    /** @return the element serializer */
    public TypeSerializer<T> getElementSerializer() {
        return ((ListSerializer<T>) getSerializer()).getElementSerializer();
    }

    @Override
    public Type getType() {
        return Type.LIST;
    }
}
