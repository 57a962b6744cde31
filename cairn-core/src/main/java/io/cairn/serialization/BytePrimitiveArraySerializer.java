package io.cairn.serialization;

import java.io.IOException;
import java.util.Arrays;

/**
 * Serializes non-null {@code byte[]} values as an int length followed by the bytes. Arrays are
 * mutable, so {@link #copy} returns a fresh array. Stateless; use {@link #INSTANCE}.
 */
public final class BytePrimitiveArraySerializer extends TypeSerializer<byte[]> {

    /** The shared instance. */
    public static final BytePrimitiveArraySerializer INSTANCE = new BytePrimitiveArraySerializer();

    private static final int CHUNK = 1 << 20;

    private BytePrimitiveArraySerializer() {}

    /** @return false: arrays can be modified */
    @Override
    public boolean isImmutableType() {
        return false;
    }

    /** @return this stateless serializer */
    @Override
    public BytePrimitiveArraySerializer duplicate() {
        return this;
    }

    /** @return a new array with the same contents, or null for null */
    @Override
    public byte[] copy(byte[] from) {
        return from == null ? null : Arrays.copyOf(from, from.length);
    }

    /** @return -1: arrays have variable length */
    @Override
    public int getLength() {
        return -1;
    }

    /**
     * Writes the length and the bytes.
     *
     * @throws NullPointerException if {@code record} is null
     */
    @Override
    public void serialize(byte[] record, DataOutputView target) throws IOException {
        if (record == null) {
            throw SerializerSupport.nullValue(this);
        }
        target.writeInt(record.length);
        target.write(record);
    }

    /** Reads an array written by {@link #serialize}. */
    @Override
    public byte[] deserialize(DataInputView source) throws IOException {
        int length = SerializerSupport.readSize(source, this);
        if (length <= CHUNK) {
            byte[] result = new byte[length];
            source.readFully(result);
            return result;
        }
        // a large length may come from corrupt data: grow while reading instead of trusting it up front
        byte[] result = new byte[CHUNK];
        int filled = 0;
        while (filled < length) {
            if (filled == result.length) {
                result = Arrays.copyOf(result, (int) Math.min(length, 2L * result.length));
            }
            int n = result.length - filled;
            source.readFully(result, filled, n);
            filled += n;
        }
        return result;
    }

    /** @return a snapshot that is compatible only with this serializer */
    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** @return true for any {@code BytePrimitiveArraySerializer} */
    @Override
    public boolean equals(Object obj) {
        return obj instanceof BytePrimitiveArraySerializer;
    }

    /** @return a hash code consistent with {@link #equals} */
    @Override
    public int hashCode() {
        return BytePrimitiveArraySerializer.class.getName().hashCode();
    }

    /** The snapshot of {@link BytePrimitiveArraySerializer}: no configuration beyond the class. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<byte[]> {

        /** Creates the snapshot; used reflectively when restoring. */
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
