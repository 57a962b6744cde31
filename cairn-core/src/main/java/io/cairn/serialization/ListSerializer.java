package io.cairn.serialization;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Serializes non-null {@link List}s of non-null elements as an int size followed by the elements;
 * lists are read back as {@link ArrayList}s.
 *
 * @param <T> the element type
 */
public final class ListSerializer<T> extends TypeSerializer<List<T>> {

    private final TypeSerializer<T> elementSerializer;

    /**
     * Creates a list serializer.
     *
     * @param elementSerializer the serializer of the elements
     */
    public ListSerializer(TypeSerializer<T> elementSerializer) {
        this.elementSerializer = Objects.requireNonNull(elementSerializer, "elementSerializer");
    }

    /** @return the serializer of the elements */
    public TypeSerializer<T> getElementSerializer() {
        return elementSerializer;
    }

    /** @return false: lists are mutable */
    @Override
    public boolean isImmutableType() {
        return false;
    }

    /** @return this if the element serializer is stateless, otherwise a serializer over its duplicate */
    @Override
    public ListSerializer<T> duplicate() {
        TypeSerializer<T> duplicate = elementSerializer.duplicate();
        return duplicate == elementSerializer ? this : new ListSerializer<>(duplicate);
    }

    /** @return a new {@link ArrayList}, with elements deep-copied unless they are immutable */
    @Override
    public List<T> copy(List<T> from) {
        if (from == null) {
            return null;
        }
        if (elementSerializer.isImmutableType()) {
            return new ArrayList<>(from);
        }
        List<T> result = new ArrayList<>(from.size());
        for (T element : from) {
            result.add(elementSerializer.copy(element));
        }
        return result;
    }

    /** @return -1: lists have variable length */
    @Override
    public int getLength() {
        return -1;
    }

    /**
     * Writes the size and the elements.
     *
     * @throws NullPointerException if the list or one of its elements is null
     */
    @Override
    public void serialize(List<T> record, DataOutputView target) throws IOException {
        if (record == null) {
            throw SerializerSupport.nullValue(this);
        }
        target.writeInt(record.size());
        for (T element : record) {
            if (element == null) {
                throw new NullPointerException(this + " cannot serialize a null element");
            }
            elementSerializer.serialize(element, target);
        }
    }

    /** Reads a list written by {@link #serialize}, as an {@link ArrayList}. */
    @Override
    public List<T> deserialize(DataInputView source) throws IOException {
        int size = SerializerSupport.readSize(source, this);
        List<T> result = new ArrayList<>(SerializerSupport.safeCapacity(size));
        for (int i = 0; i < size; i++) {
            result.add(elementSerializer.deserialize(source));
        }
        return result;
    }

    /** @return a snapshot holding the element serializer's snapshot */
    @Override
    public Snapshot<T> snapshotConfiguration() {
        return new Snapshot<>(elementSerializer.snapshotConfiguration());
    }

    /** @return true if {@code obj} is a list serializer with an equal element serializer */
    @Override
    public boolean equals(Object obj) {
        return obj == this
                || obj instanceof ListSerializer<?> other && elementSerializer.equals(other.elementSerializer);
    }

    /** @return a hash code consistent with {@link #equals} */
    @Override
    public int hashCode() {
        return 31 * ListSerializer.class.hashCode() + elementSerializer.hashCode();
    }

    /** @return e.g. {@code ListSerializer<LongSerializer>} */
    @Override
    public String toString() {
        return "ListSerializer<" + elementSerializer + ">";
    }

    /**
     * The snapshot of a {@link ListSerializer}: the element serializer's snapshot. Compatibility is
     * the element's compatibility.
     *
     * @param <T> the element type
     */
    public static final class Snapshot<T> implements TypeSerializerSnapshot<List<T>> {

        private TypeSerializerSnapshot<T> elementSnapshot;

        /** Creates an empty snapshot; used reflectively before {@link #readSnapshot}. */
        public Snapshot() {}

        Snapshot(TypeSerializerSnapshot<T> elementSnapshot) {
            this.elementSnapshot = elementSnapshot;
        }

        /** @return 1 */
        @Override
        public int getCurrentVersion() {
            return 1;
        }

        /** Writes the element snapshot with its class name and version. */
        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            TypeSerializerSnapshots.write(out, elementSnapshot);
        }

        /** Reads the element snapshot. */
        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader)
                throws IOException {
            elementSnapshot = TypeSerializerSnapshots.read(in, userCodeClassLoader);
        }

        /** @return a list serializer over the element snapshot's restore serializer */
        @Override
        public ListSerializer<T> restoreSerializer() {
            return new ListSerializer<>(elementSnapshot.restoreSerializer());
        }

        /** Incompatible unless {@code newSerializer} is a list serializer; otherwise the element's verdict. */
        @Override
        public TypeSerializerSchemaCompatibility<List<T>> resolveSchemaCompatibility(
                TypeSerializer<List<T>> newSerializer) {
            if (!(newSerializer instanceof ListSerializer<T> other)) {
                return TypeSerializerSchemaCompatibility.incompatible(
                        "state was written with a ListSerializer but is read with " + newSerializer);
            }
            return SerializerSupport.nested(
                    elementSnapshot.resolveSchemaCompatibility(other.elementSerializer), "list element: ");
        }
    }
}
