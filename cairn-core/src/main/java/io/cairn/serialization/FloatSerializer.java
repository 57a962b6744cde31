package io.cairn.serialization;

import java.io.IOException;

/**
 * Serializes non-null {@link Float} values as their 4-byte IEEE 754 bit pattern. Stateless and immutable;
 * use {@link #INSTANCE}.
 */
public final class FloatSerializer extends TypeSerializer<Float> {

    /** The shared instance. */
    public static final FloatSerializer INSTANCE = new FloatSerializer();

    private FloatSerializer() {}

    /** @return true: {@link Float} values are immutable */
    @Override
    public boolean isImmutableType() {
        return true;
    }

    /** @return this stateless serializer */
    @Override
    public FloatSerializer duplicate() {
        return this;
    }

    /** @return {@code from} itself */
    @Override
    public Float copy(Float from) {
        return from;
    }

    /** @return 4, the fixed serialized length */
    @Override
    public int getLength() {
        return 4;
    }

    /**
     * Writes the value.
     *
     * @throws NullPointerException if {@code record} is null
     */
    @Override
    public void serialize(Float record, DataOutputView target) throws IOException {
        if (record == null) {
            throw SerializerSupport.nullValue(this);
        }
        target.writeFloat(record);
    }

    /** Reads a value written by {@link #serialize}. */
    @Override
    public Float deserialize(DataInputView source) throws IOException {
        return source.readFloat();
    }

    /** @return a snapshot that is compatible only with this serializer */
    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** @return true for any {@code FloatSerializer} */
    @Override
    public boolean equals(Object obj) {
        return obj instanceof FloatSerializer;
    }

    /** @return a hash code consistent with {@link #equals} */
    @Override
    public int hashCode() {
        return FloatSerializer.class.getName().hashCode();
    }

    /** The snapshot of {@link FloatSerializer}: no configuration beyond the class. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Float> {

        /** Creates the snapshot; used reflectively when restoring. */
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
