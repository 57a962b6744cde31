package io.cairn.serialization;

import java.io.IOException;

/**
 * Serializes {@link String}s, including {@code null}, so that every Java string round-trips exactly
 * (unpaired surrogates included, no 64K limit).
 *
 * <p>Format: a varint of {@code length + 1} ({@code 0} means null), then each UTF-16 {@code char} as a
 * varint of 1 to 3 bytes (1 byte for ASCII, 2 up to U+3FFF, 3 above). Stateless; use {@link #INSTANCE}.
 */
public final class StringSerializer extends TypeSerializer<String> {

    /** The shared instance. */
    public static final StringSerializer INSTANCE = new StringSerializer();

    private StringSerializer() {}

    /** @return true: strings are immutable */
    @Override
    public boolean isImmutableType() {
        return true;
    }

    /** @return this stateless serializer */
    @Override
    public StringSerializer duplicate() {
        return this;
    }

    /** @return {@code from} itself */
    @Override
    public String copy(String from) {
        return from;
    }

    /** @return -1: strings have variable length */
    @Override
    public int getLength() {
        return -1;
    }

    /** Writes the string, or the null marker if {@code record} is null. */
    @Override
    public void serialize(String record, DataOutputView target) throws IOException {
        writeString(record, target);
    }

    /** Reads a string (or null) written by {@link #serialize}. */
    @Override
    public String deserialize(DataInputView source) throws IOException {
        return readString(source);
    }

    /**
     * Writes a string (or null) in this serializer's format; usable by other serializers.
     *
     * @param value the string, may be null
     * @param out where to write
     * @throws IOException if writing fails
     */
    public static void writeString(String value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeByte(0);
            return;
        }
        int length = value.length();
        if (length == Integer.MAX_VALUE) {
            throw new IOException("string too long to serialize: length=" + length);
        }
        SerializerSupport.writeVarInt(length + 1, out);
        if (isAscii(value, length)) {
            out.writeBytes(value); // an ASCII char's varint is the char itself: one byte each, in one call
            return;
        }
        for (int i = 0; i < length; i++) {
            int c = value.charAt(i);
            if (c < 0x80) {
                out.writeByte(c);
            } else if (c < 0x4000) {
                out.writeByte((c & 0x7F) | 0x80);
                out.writeByte(c >>> 7);
            } else {
                out.writeByte((c & 0x7F) | 0x80);
                out.writeByte(((c >>> 7) & 0x7F) | 0x80);
                out.writeByte(c >>> 14);
            }
        }
    }

    /**
     * Reads a string (or null) written by {@link #writeString}.
     *
     * @param in where to read
     * @return the string, or null
     * @throws IOException if reading fails or the data is malformed
     */
    public static String readString(DataInputView in) throws IOException {
        int lengthPlusOne = SerializerSupport.readVarInt(in);
        if (lengthPlusOne == 0) {
            return null;
        }
        int length = lengthPlusOne - 1;
        if (length < 0) {
            throw new IOException("malformed string length " + length);
        }
        if (in instanceof DataInputDeserializer d) {
            String ascii = d.readAsciiString(length); // length bytes below 0x80 are length one-byte chars
            if (ascii != null) {
                return ascii;
            }
        }
        StringBuilder sb = new StringBuilder(SerializerSupport.safeCapacity(length));
        for (int i = 0; i < length; i++) {
            int c = in.readUnsignedByte();
            if (c >= 0x80) {
                int b1 = in.readUnsignedByte();
                c = (c & 0x7F) | ((b1 & 0x7F) << 7);
                if (b1 >= 0x80) {
                    int b2 = in.readUnsignedByte();
                    if (b2 > 0x03) {
                        throw new IOException("malformed string: char value out of range at index " + i);
                    }
                    c |= b2 << 14;
                }
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static boolean isAscii(String value, int length) {
        for (int i = 0; i < length; i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** @return a snapshot that is compatible only with this serializer */
    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** @return true for any {@code StringSerializer} */
    @Override
    public boolean equals(Object obj) {
        return obj instanceof StringSerializer;
    }

    /** @return a hash code consistent with {@link #equals} */
    @Override
    public int hashCode() {
        return StringSerializer.class.getName().hashCode();
    }

    /** The snapshot of {@link StringSerializer}: no configuration beyond the class. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<String> {

        /** Creates the snapshot; used reflectively when restoring. */
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
