package io.cairn.state;

import io.cairn.serialization.MapSerializer;
import io.cairn.serialization.TypeSerializer;
import java.util.Map;

/**
 * Describes a {@link MapState}; also used for broadcast state.
 *
 * @param <UK> the user key type
 * @param <UV> the user value type
 */
public class MapStateDescriptor<UK, UV> extends StateDescriptor<MapState<UK, UV>, Map<UK, UV>> {

    /**
     * @param name the state name
     * @param keyType the user key class, which must have a built-in serializer
     * @param valueType the user value class, which must have a built-in serializer
     * @throws IllegalArgumentException if no built-in serializer handles a class
     */
    public MapStateDescriptor(String name, Class<UK> keyType, Class<UV> valueType) {
        this(name, serializerFor(name, keyType), serializerFor(name, valueType));
    }

    /**
     * @param name the state name
     * @param keySerializer the user key serializer
     * @param valueSerializer the user value serializer
     */
    public MapStateDescriptor(String name, TypeSerializer<UK> keySerializer, TypeSerializer<UV> valueSerializer) {
        super(name, new MapSerializer<>(keySerializer, valueSerializer), null);
    }

    /** @return the user key serializer */
    public TypeSerializer<UK> getKeySerializer() {
        return ((MapSerializer<UK, UV>) getSerializer()).getKeySerializer();
    }

    /** @return the user value serializer */
    public TypeSerializer<UV> getValueSerializer() {
        return ((MapSerializer<UK, UV>) getSerializer()).getValueSerializer();
    }

    @Override
    public Type getType() {
        return Type.MAP;
    }
}
