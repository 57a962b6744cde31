package io.cairn.state.heap;

import io.cairn.serialization.ListSerializer;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.MapSerializer;
import io.cairn.serialization.TypeSerializer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the in-memory form of a heap state's mutable values. A {@code ListState<Long>} keeps
 * each key's list as a {@link LongArrayList} and a {@code MapState<Long, Long>} each key's map as a
 * {@link LongLongHashMap}: primitive arrays instead of boxed elements and hash nodes. Every other
 * list is an {@link ArrayList} and every other map a {@link HashMap}. The serialized form is the
 * same either way ({@link ListSerializer}, {@link MapSerializer}), so snapshots do not depend on it.
 */
final class CompactValues {

    /** A stored value that makes its own deep copy (for copy-on-write), keeping its compact form. */
    interface Copyable {
        /** @return an independent copy */
        Object copy();
    }

    private CompactValues() {}

    /** @return whether a list state with this value serializer stores {@link LongArrayList}s */
    static boolean isLongList(TypeSerializer<?> listSerializer) {
        return listSerializer instanceof ListSerializer<?> l && l.getElementSerializer() instanceof LongSerializer;
    }

    /** @return whether a map state with this value serializer stores {@link LongLongHashMap}s */
    static boolean isLongLongMap(TypeSerializer<?> mapSerializer) {
        return mapSerializer instanceof MapSerializer<?, ?> m && m.getKeySerializer() instanceof LongSerializer
                && m.getValueSerializer() instanceof LongSerializer;
    }

    /**
     * Deep-copies a stored value for copy-on-write.
     *
     * @param serializer the state's value serializer
     * @param value the value
     * @return the copy, in the same compact form when the value has one
     */
    @SuppressWarnings("unchecked")
    static <V> V copy(TypeSerializer<V> serializer, V value) {
        if (value instanceof Copyable c) {
            return (V) c.copy();
        }
        return serializer.copy(value);
    }

    /**
     * Converts a value read from a snapshot into the form a live state of this type keeps.
     *
     * @param type the state's type
     * @param serializer the state's value serializer
     * @param value the deserialized value
     * @return the value to store
     */
    @SuppressWarnings("unchecked")
    static Object compact(io.cairn.state.StateDescriptor.Type type, TypeSerializer<?> serializer, Object value) {
        if (type == io.cairn.state.StateDescriptor.Type.LIST && isLongList(serializer) && !(value instanceof LongArrayList)) {
            return LongArrayList.copyOf((List<Long>) value);
        }
        if (type == io.cairn.state.StateDescriptor.Type.MAP && isLongLongMap(serializer) && !(value instanceof LongLongHashMap)) {
            return LongLongHashMap.copyOf((Map<Long, Long>) value);
        }
        return value;
    }
}
