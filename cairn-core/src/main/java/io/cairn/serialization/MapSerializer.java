package io.cairn.serialization;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Serializes non-null {@link Map}s as an int size followed by entries; keys must not be null,
 * values may be (each value is preceded by a null flag). Maps are read back as {@link HashMap}s.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class MapSerializer<K, V> extends TypeSerializer<Map<K, V>> {

    private final TypeSerializer<K> keySerializer;
    private final TypeSerializer<V> valueSerializer;

    /**
     * Creates a map serializer.
     *
     * @param keySerializer the serializer of the keys
     * @param valueSerializer the serializer of the non-null values
     */
    public MapSerializer(TypeSerializer<K> keySerializer, TypeSerializer<V> valueSerializer) {
        this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer");
        this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
    }

    /** @return the serializer of the keys */
    public TypeSerializer<K> getKeySerializer() {
        return keySerializer;
    }

    /** @return the serializer of the values */
    public TypeSerializer<V> getValueSerializer() {
        return valueSerializer;
    }

    /** @return false: maps are mutable */
    @Override
    public boolean isImmutableType() {
        return false;
    }

    /** @return this if both child serializers are stateless, otherwise a serializer over their duplicates */
    @Override
    public MapSerializer<K, V> duplicate() {
        TypeSerializer<K> keys = keySerializer.duplicate();
        TypeSerializer<V> values = valueSerializer.duplicate();
        return keys == keySerializer && values == valueSerializer ? this : new MapSerializer<>(keys, values);
    }

    /** @return a new {@link HashMap} with keys and non-null values deep-copied unless immutable */
    @Override
    public Map<K, V> copy(Map<K, V> from) {
        if (from == null) {
            return null;
        }
        if (keySerializer.isImmutableType() && valueSerializer.isImmutableType()) {
            return new HashMap<>(from);
        }
        Map<K, V> result = new HashMap<>(Math.max(16, (int) (from.size() / 0.75f) + 1));
        for (Map.Entry<K, V> e : from.entrySet()) {
            V value = e.getValue();
            result.put(keySerializer.copy(e.getKey()), value == null ? null : valueSerializer.copy(value));
        }
        return result;
    }

    /** @return -1: maps have variable length */
    @Override
    public int getLength() {
        return -1;
    }

    /**
     * Writes the size and the entries.
     *
     * @throws NullPointerException if the map or one of its keys is null
     */
    @Override
    public void serialize(Map<K, V> record, DataOutputView target) throws IOException {
        if (record == null) {
            throw SerializerSupport.nullValue(this);
        }
        target.writeInt(record.size());
        for (Map.Entry<K, V> e : record.entrySet()) {
            K key = e.getKey();
            if (key == null) {
                throw new NullPointerException(this + " cannot serialize a null key");
            }
            keySerializer.serialize(key, target);
            V value = e.getValue();
            if (value == null) {
                target.writeBoolean(true);
            } else {
                target.writeBoolean(false);
                valueSerializer.serialize(value, target);
            }
        }
    }

    /** Reads a map written by {@link #serialize}, as a {@link HashMap}. */
    @Override
    public Map<K, V> deserialize(DataInputView source) throws IOException {
        int size = SerializerSupport.readSize(source, this);
        Map<K, V> result = new HashMap<>(Math.max(16, (int) (SerializerSupport.safeCapacity(size) / 0.75f) + 1));
        for (int i = 0; i < size; i++) {
            K key = keySerializer.deserialize(source);
            boolean isNull = source.readBoolean();
            result.put(key, isNull ? null : valueSerializer.deserialize(source));
        }
        return result;
    }

    /** @return a snapshot holding the key and value serializers' snapshots */
    @Override
    public Snapshot<K, V> snapshotConfiguration() {
        return new Snapshot<>(keySerializer.snapshotConfiguration(), valueSerializer.snapshotConfiguration());
    }

    /** @return true if {@code obj} is a map serializer with equal key and value serializers */
    @Override
    public boolean equals(Object obj) {
        return obj == this
                || obj instanceof MapSerializer<?, ?> other
                        && keySerializer.equals(other.keySerializer)
                        && valueSerializer.equals(other.valueSerializer);
    }

    /** @return a hash code consistent with {@link #equals} */
    @Override
    public int hashCode() {
        return Objects.hash(MapSerializer.class, keySerializer, valueSerializer);
    }

    /** @return e.g. {@code MapSerializer<StringSerializer, LongSerializer>} */
    @Override
    public String toString() {
        return "MapSerializer<" + keySerializer + ", " + valueSerializer + ">";
    }

    /**
     * The snapshot of a {@link MapSerializer}: the key and value serializers' snapshots.
     * Compatibility is the weaker of the two verdicts.
     *
     * @param <K> the key type
     * @param <V> the value type
     */
    public static final class Snapshot<K, V> implements TypeSerializerSnapshot<Map<K, V>> {

        private TypeSerializerSnapshot<K> keySnapshot;
        private TypeSerializerSnapshot<V> valueSnapshot;

        /** Creates an empty snapshot; used reflectively before {@link #readSnapshot}. */
        public Snapshot() {}

        Snapshot(TypeSerializerSnapshot<K> keySnapshot, TypeSerializerSnapshot<V> valueSnapshot) {
            this.keySnapshot = keySnapshot;
            this.valueSnapshot = valueSnapshot;
        }

        /** @return 1 */
        @Override
        public int getCurrentVersion() {
            return 1;
        }

        /** Writes the key snapshot, then the value snapshot. */
        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            TypeSerializerSnapshots.write(out, keySnapshot);
            TypeSerializerSnapshots.write(out, valueSnapshot);
        }

        /** Reads the key snapshot, then the value snapshot. */
        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader)
                throws IOException {
            keySnapshot = TypeSerializerSnapshots.read(in, userCodeClassLoader);
            valueSnapshot = TypeSerializerSnapshots.read(in, userCodeClassLoader);
        }

        /** @return a map serializer over the key and value restore serializers */
        @Override
        public MapSerializer<K, V> restoreSerializer() {
            return new MapSerializer<>(keySnapshot.restoreSerializer(), valueSnapshot.restoreSerializer());
        }

        /** Incompatible unless {@code newSerializer} is a map serializer; otherwise the weaker child verdict. */
        @Override
        public TypeSerializerSchemaCompatibility<Map<K, V>> resolveSchemaCompatibility(
                TypeSerializer<Map<K, V>> newSerializer) {
            if (!(newSerializer instanceof MapSerializer<K, V> other)) {
                return TypeSerializerSchemaCompatibility.incompatible(
                        "state was written with a MapSerializer but is read with " + newSerializer);
            }
            TypeSerializerSchemaCompatibility<Map<K, V>> keys = SerializerSupport.nested(
                    keySnapshot.resolveSchemaCompatibility(other.keySerializer), "map key: ");
            TypeSerializerSchemaCompatibility<Map<K, V>> values = SerializerSupport.nested(
                    valueSnapshot.resolveSchemaCompatibility(other.valueSerializer), "map value: ");
            return SerializerSupport.weaker(keys, values);
        }
    }
}
