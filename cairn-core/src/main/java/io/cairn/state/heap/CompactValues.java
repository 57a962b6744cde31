package io.cairn.state.heap;

import io.cairn.serialization.DataInputView;
import io.cairn.serialization.DataOutputView;
import io.cairn.serialization.ListSerializer;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.MapSerializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.StateDescriptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the in-memory form of a heap state's mutable values. A {@code ListState<Long>} keeps
 * each key's list as a {@link LongArrayList}, a {@code MapState<Long, Long>} each key's map as a
 * {@link LongLongHashMap}, and a {@code MapState<K, Long>} with any other key type that its
 * serializer calls immutable (a {@code String}, say) as an {@link ObjectLongHashMap}: primitive
 * arrays instead of boxed elements and hash nodes. Every other list is an {@link ArrayList} and
 * every other map a {@link HashMap}. The serialized form is the
 * same either way ({@link ListSerializer}, {@link MapSerializer}), so snapshots do not depend on it.
 *
 * <p>{@link #serialize} and {@link #deserialize} are the snapshot writers' and restores' path for
 * values: a compact value is written and read by a primitive loop over its array, producing and
 * accepting exactly the bytes its serializer writes for the same elements (pinned by
 * {@code CompactValuesProperties}), without boxing an element or dispatching per element.
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
     * @return whether a map state with this value serializer stores {@link ObjectLongHashMap}s: long
     *     values, and keys of an immutable type other than {@code Long} (which
     *     {@link #isLongLongMap} covers)
     */
    static boolean isObjectLongMap(TypeSerializer<?> mapSerializer) {
        return mapSerializer instanceof MapSerializer<?, ?> m && m.getValueSerializer() instanceof LongSerializer
                && !(m.getKeySerializer() instanceof LongSerializer) && m.getKeySerializer().isImmutableType();
    }

    @SuppressWarnings("unchecked")
    private static TypeSerializer<Object> keySerializer(TypeSerializer<?> mapSerializer) {
        return (TypeSerializer<Object>) ((MapSerializer<?, ?>) mapSerializer).getKeySerializer();
    }

    /**
     * Writes a stored value as {@code serializer} would, by a primitive loop when the value is in a
     * compact form that {@code serializer} writes element by element as longs.
     *
     * @param serializer the state's value serializer
     * @param value the stored value, not null
     * @param out where to write
     * @throws IOException if writing fails
     */
    static void serialize(TypeSerializer<Object> serializer, Object value, DataOutputView out) throws IOException {
        if (value instanceof LongLongHashMap m && isLongLongMap(serializer)) {
            m.writeTo(out);
        } else if (value instanceof LongArrayList l && isLongList(serializer)) {
            l.writeTo(out);
        } else if (value instanceof ObjectLongHashMap<?> m && isObjectLongMap(serializer)) {
            m.writeTo(keySerializer(serializer), out);
        } else {
            serializer.serialize(value, out);
        }
    }

    /**
     * Reads a value written by {@link #serialize} (or by {@code serializer}) in the form a live state
     * of this type keeps: a {@code ListState<Long>}'s list and the maps of a {@code MapState<Long, Long>}
     * and a {@code MapState<K, Long>} are read straight into their primitive arrays, anything else
     * through {@code serializer}.
     *
     * @param type the state's type
     * @param serializer the state's value serializer
     * @param in where to read
     * @return the value to store
     * @throws IOException if reading fails or the data is corrupt
     */
    static Object deserialize(StateDescriptor.Type type, TypeSerializer<?> serializer, DataInputView in)
            throws IOException {
        if (type == StateDescriptor.Type.LIST && isLongList(serializer)) {
            return LongArrayList.readFrom(in, serializer);
        }
        if (type == StateDescriptor.Type.MAP && isLongLongMap(serializer)) {
            return LongLongHashMap.readFrom(in, serializer);
        }
        if (type == StateDescriptor.Type.MAP && isObjectLongMap(serializer)) {
            return ObjectLongHashMap.readFrom(in, keySerializer(serializer), serializer);
        }
        return compact(type, serializer, serializer.deserialize(in));
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
        if (type == io.cairn.state.StateDescriptor.Type.MAP && isObjectLongMap(serializer)
                && !(value instanceof ObjectLongHashMap)) {
            return ObjectLongHashMap.copyOf((Map<Object, Long>) value);
        }
        return value;
    }
}
