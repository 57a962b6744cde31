package io.cairn.serialization;

import java.io.IOException;

/**
 * Serializes non-null {@link Double} values as their 8-byte IEEE 754 bit pattern. Stateless and immutable;
 * use {@link #INSTANCE}.
 */
public final class DoubleSerializer extends TypeSerializer<Double> {

    /** The shared instance. */
    public static final DoubleSerializer INSTANCE = new DoubleSerializer();

    private DoubleSerializer() {}

    /** @return true: {@link Double} values are immutable */
    @Override
    public boolean isImmutableType() {
        return true;
    }

    /** @return this stateless serializer */
    @Override
    public DoubleSerializer duplicate() {
        return this;
    }

    /** @return {@code from} itself */
    @Override
    public Double copy(Double from) {
        return from;
    }

    /** @return 8, the fixed serialized length */
    @Override
    public int getLength() {
        return 8;
    }

    /**
     * Writes the value.
     *
     * @throws NullPointerException if {@code record} is null
     */
    @Override
    public void serialize(Double record, DataOutputView target) throws IOException {
        if (record == null) {
            throw SerializerSupport.nullValue(this);
        }
        target.writeDouble(record);
    }

    /** Reads a value written by {@link #serialize}. */
    @Override
    public Double deserialize(DataInputView source) throws IOException {
        return source.readDouble();
    }

    /** @return a snapshot that is compatible only with this serializer */
    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** @return true for any {@code DoubleSerializer} */
    @Override
    public boolean equals(Object obj) {
        return obj instanceof DoubleSerializer;
    }

    /** @return a hash code consistent with {@link #equals} */
    @Override
    public int hashCode() {
        return DoubleSerializer.class.getName().hashCode();
    }

    /** The snapshot of {@link DoubleSerializer}: no configuration beyond the class. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Double> {

        /** Creates the snapshot; used reflectively when restoring. */
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
