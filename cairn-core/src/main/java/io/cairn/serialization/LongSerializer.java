package io.cairn.serialization;

import java.io.IOException;

/**
 * Serializes non-null {@link Long} values as 8 fixed bytes, big-endian. Stateless and immutable;
 * use {@link #INSTANCE}.
 */
public final class LongSerializer extends TypeSerializer<Long> {

    /** The shared instance. */
    public static final LongSerializer INSTANCE = new LongSerializer();

    private LongSerializer() {}

    /** @return true: {@link Long} values are immutable */
    @Override
    public boolean isImmutableType() {
        return true;
    }

    /** @return this stateless serializer */
    @Override
    public LongSerializer duplicate() {
        return this;
    }

    /** @return {@code from} itself */
    @Override
    public Long copy(Long from) {
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
    public void serialize(Long record, DataOutputView target) throws IOException {
        if (record == null) {
            throw SerializerSupport.nullValue(this);
        }
        writeLong(record, target);
    }

    /**
     * Writes a primitive exactly as {@link #serialize} writes its boxed value, for callers that hold
     * longs and should not box them (the heap snapshot of a long-layout map).
     *
     * @param value the value
     * @param target where to write
     * @throws IOException if writing fails
     */
    public static void writeLong(long value, DataOutputView target) throws IOException {
        target.writeLong(value);
    }

    /** Reads a value written by {@link #serialize}. */
    @Override
    public Long deserialize(DataInputView source) throws IOException {
        return source.readLong();
    }

    /** @return a snapshot that is compatible only with this serializer */
    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** @return true for any {@code LongSerializer} */
    @Override
    public boolean equals(Object obj) {
        return obj instanceof LongSerializer;
    }

    /** @return a hash code consistent with {@link #equals} */
    @Override
    public int hashCode() {
        return LongSerializer.class.getName().hashCode();
    }

    /** The snapshot of {@link LongSerializer}: no configuration beyond the class. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Long> {

        /** Creates the snapshot; used reflectively when restoring. */
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
