package io.cairn.serialization;

import java.io.IOException;

/**
 * Serializes non-null {@link Short} values as 2 fixed bytes, big-endian. Stateless and immutable;
 * use {@link #INSTANCE}.
 */
public final class ShortSerializer extends TypeSerializer<Short> {

    /** The shared instance. */
    public static final ShortSerializer INSTANCE = new ShortSerializer();

    private ShortSerializer() {}

    /** @return true: {@link Short} values are immutable */
    @Override
    public boolean isImmutableType() {
        return true;
    }

    /** @return this stateless serializer */
    @Override
    public ShortSerializer duplicate() {
        return this;
    }

    /** @return {@code from} itself */
    @Override
    public Short copy(Short from) {
        return from;
    }

    /** @return 2, the fixed serialized length */
    @Override
    public int getLength() {
        return 2;
    }

    /**
     * Writes the value.
     *
     * @throws NullPointerException if {@code record} is null
     */
    @Override
    public void serialize(Short record, DataOutputView target) throws IOException {
        if (record == null) {
            throw SerializerSupport.nullValue(this);
        }
        target.writeShort(record);
    }

    /** Reads a value written by {@link #serialize}. */
    @Override
    public Short deserialize(DataInputView source) throws IOException {
        return source.readShort();
    }

    /** @return a snapshot that is compatible only with this serializer */
    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** @return true for any {@code ShortSerializer} */
    @Override
    public boolean equals(Object obj) {
        return obj instanceof ShortSerializer;
    }

    /** @return a hash code consistent with {@link #equals} */
    @Override
    public int hashCode() {
        return ShortSerializer.class.getName().hashCode();
    }

    /** The snapshot of {@link ShortSerializer}: no configuration beyond the class. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Short> {

        /** Creates the snapshot; used reflectively when restoring. */
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
