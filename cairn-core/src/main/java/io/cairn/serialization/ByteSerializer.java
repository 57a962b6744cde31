package io.cairn.serialization;

import java.io.IOException;

/**
 * Serializes non-null {@link Byte} values as one byte. Stateless and immutable;
 * use {@link #INSTANCE}.
 */
public final class ByteSerializer extends TypeSerializer<Byte> {

    /** The shared instance. */
    public static final ByteSerializer INSTANCE = new ByteSerializer();

    private ByteSerializer() {}

    /** @return true: {@link Byte} values are immutable */
    @Override
    public boolean isImmutableType() {
        return true;
    }

    /** @return this stateless serializer */
    @Override
    public ByteSerializer duplicate() {
        return this;
    }

    /** @return {@code from} itself */
    @Override
    public Byte copy(Byte from) {
        return from;
    }

    /** @return 1, the fixed serialized length */
    @Override
    public int getLength() {
        return 1;
    }

    /**
     * Writes the value.
     *
     * @throws NullPointerException if {@code record} is null
     */
    @Override
    public void serialize(Byte record, DataOutputView target) throws IOException {
        if (record == null) {
            throw SerializerSupport.nullValue(this);
        }
        target.writeByte(record);
    }

    /** Reads a value written by {@link #serialize}. */
    @Override
    public Byte deserialize(DataInputView source) throws IOException {
        return source.readByte();
    }

    /** @return a snapshot that is compatible only with this serializer */
    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** @return true for any {@code ByteSerializer} */
    @Override
    public boolean equals(Object obj) {
        return obj instanceof ByteSerializer;
    }

    /** @return a hash code consistent with {@link #equals} */
    @Override
    public int hashCode() {
        return ByteSerializer.class.getName().hashCode();
    }

    /** The snapshot of {@link ByteSerializer}: no configuration beyond the class. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Byte> {

        /** Creates the snapshot; used reflectively when restoring. */
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
