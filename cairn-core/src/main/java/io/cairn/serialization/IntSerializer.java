package io.cairn.serialization;

import java.io.IOException;

/**
 * Serializes non-null {@link Integer} values as 4 fixed bytes, big-endian. Stateless and immutable;
 * use {@link #INSTANCE}.
 */
public final class IntSerializer extends TypeSerializer<Integer> {

    /** The shared instance. */
    public static final IntSerializer INSTANCE = new IntSerializer();

    private IntSerializer() {}

    /** @return true: {@link Integer} values are immutable */
    @Override
    public boolean isImmutableType() {
        return true;
    }

    /** @return this stateless serializer */
    @Override
    public IntSerializer duplicate() {
        return this;
    }

    /** @return {@code from} itself */
    @Override
    public Integer copy(Integer from) {
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
    public void serialize(Integer record, DataOutputView target) throws IOException {
        if (record == null) {
            throw SerializerSupport.nullValue(this);
        }
        target.writeInt(record);
    }

    /** Reads a value written by {@link #serialize}. */
    @Override
    public Integer deserialize(DataInputView source) throws IOException {
        return source.readInt();
    }

    /** @return a snapshot that is compatible only with this serializer */
    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** @return true for any {@code IntSerializer} */
    @Override
    public boolean equals(Object obj) {
        return obj instanceof IntSerializer;
    }

    /** @return a hash code consistent with {@link #equals} */
    @Override
    public int hashCode() {
        return IntSerializer.class.getName().hashCode();
    }

    /** The snapshot of {@link IntSerializer}: no configuration beyond the class. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Integer> {

        /** Creates the snapshot; used reflectively when restoring. */
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
