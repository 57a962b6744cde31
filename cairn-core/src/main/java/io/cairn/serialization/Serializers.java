package io.cairn.serialization;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Finds the built-in serializer for a type: boxed and primitive numbers and booleans, {@link String},
 * {@code byte[]}, enums, records, and {@code List<X>} / {@code Map<K, V>} of those.
 */
public final class Serializers {

    private Serializers() {}

    /**
     * Returns the built-in serializer for a class (primitive classes map to their boxed serializer).
     *
     * @param type the class
     * @param <T> the value type
     * @return the serializer
     * @throws IllegalArgumentException if no built-in serializer exists for {@code type}
     */
    public static <T> TypeSerializer<T> forClass(Class<T> type) {
        return cast(forClass(type, new ArrayDeque<>()));
    }

    /**
     * Returns the built-in serializer for a reflective type; besides the classes accepted by
     * {@link #forClass}, resolves {@code java.util.List<X>} and {@code java.util.Map<K, V>} recursively.
     *
     * @param type the type, e.g. a record component's generic type
     * @return the serializer
     * @throws IllegalArgumentException if no built-in serializer exists for {@code type}
     */
    public static TypeSerializer<?> forType(Type type) {
        return forType(type, new ArrayDeque<>());
    }

    static TypeSerializer<?> forType(Type type, Deque<Class<?>> inProgress) {
        if (type instanceof Class<?> c) {
            return forClass(c, inProgress);
        }
        if (type instanceof ParameterizedType p) {
            Type raw = p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (raw == List.class) {
                return listOf(forType(args[0], inProgress));
            }
            if (raw == Map.class) {
                return mapOf(forType(args[0], inProgress), forType(args[1], inProgress));
            }
        }
        throw noSerializer(type);
    }

    private static TypeSerializer<?> forClass(Class<?> type, Deque<Class<?>> inProgress) {
        if (type == null) {
            throw new IllegalArgumentException("type must not be null");
        }
        if (type == long.class || type == Long.class) {
            return LongSerializer.INSTANCE;
        }
        if (type == int.class || type == Integer.class) {
            return IntSerializer.INSTANCE;
        }
        if (type == short.class || type == Short.class) {
            return ShortSerializer.INSTANCE;
        }
        if (type == byte.class || type == Byte.class) {
            return ByteSerializer.INSTANCE;
        }
        if (type == boolean.class || type == Boolean.class) {
            return BooleanSerializer.INSTANCE;
        }
        if (type == double.class || type == Double.class) {
            return DoubleSerializer.INSTANCE;
        }
        if (type == float.class || type == Float.class) {
            return FloatSerializer.INSTANCE;
        }
        if (type == String.class) {
            return StringSerializer.INSTANCE;
        }
        if (type == byte[].class) {
            return BytePrimitiveArraySerializer.INSTANCE;
        }
        if (type.isEnum()) {
            return enumSerializer(type);
        }
        if (type.isRecord()) {
            return recordSerializer(type, inProgress);
        }
        throw noSerializer(type);
    }

    @SuppressWarnings("unchecked") // checked by isEnum(); E is erased at runtime
    private static <E extends Enum<E>> TypeSerializer<E> enumSerializer(Class<?> type) {
        return new EnumSerializer<>((Class<E>) type);
    }

    @SuppressWarnings("unchecked") // checked by isRecord(); R is erased at runtime
    private static <R extends Record> TypeSerializer<R> recordSerializer(Class<?> type, Deque<Class<?>> inProgress) {
        return RecordSerializer.of((Class<R>) type, inProgress);
    }

    private static <T> TypeSerializer<List<T>> listOf(TypeSerializer<T> element) {
        return new ListSerializer<>(element);
    }

    private static <K, V> TypeSerializer<Map<K, V>> mapOf(TypeSerializer<K> keys, TypeSerializer<V> values) {
        return new MapSerializer<>(keys, values);
    }

    @SuppressWarnings("unchecked") // the serializer was chosen for exactly this class (primitives map to their box)
    private static <T> TypeSerializer<T> cast(TypeSerializer<?> serializer) {
        return (TypeSerializer<T>) serializer;
    }

    private static IllegalArgumentException noSerializer(Type type) {
        return new IllegalArgumentException("no built-in serializer for type "
                + (type == null ? "null" : type.getTypeName()) + "; pass a TypeSerializer explicitly");
    }
}
