package io.cairn.serialization;

import java.io.IOException;

/**
 * Serializes non-null {@link Boolean} values as one byte. Stateless and immutable;
 * use {@link #INSTANCE}.
 */
public final class BooleanSerializer extends TypeSerializer<Boolean> {

    /** The shared instance. */
    public static final BooleanSerializer INSTANCE = new BooleanSerializer();

    private BooleanSerializer() {}

    /** @return true: {@link Boolean} values are immutable */
    @Override
    public boolean isImmutableType() {
        return true;
    }

    /** @return this stateless serializer */
    @Override
    public BooleanSerializer duplicate() {
        return this;
    }

    /** @return {@code from} itself */
    @Override
    public Boolean copy(Boolean from) {
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
    public void serialize(Boolean record, DataOutputView target) throws IOException {
        if (record == null) {
            throw SerializerSupport.nullValue(this);
        }
        target.writeBoolean(record);
    }

    /** Reads a value written by {@link #serialize}. */
    @Override
    public Boolean deserialize(DataInputView source) throws IOException {
        return source.readBoolean();
    }

    /** @return a snapshot that is compatible only with this serializer */
    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** @return true for any {@code BooleanSerializer} */
    @Override
    public boolean equals(Object obj) {
        return obj instanceof BooleanSerializer;
    }

    /** @return a hash code consistent with {@link #equals} */
    @Override
    public int hashCode() {
        return BooleanSerializer.class.getName().hashCode();
    }

    /** The snapshot of {@link BooleanSerializer}: no configuration beyond the class. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Boolean> {

        /** Creates the snapshot; used reflectively when restoring. */
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
