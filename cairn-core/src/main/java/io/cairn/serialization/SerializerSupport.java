package io.cairn.serialization;

import java.io.IOException;

/** Package-private helpers shared by the built-in serializers: varints and compatibility merging. */
final class SerializerSupport {

    private SerializerSupport() {}

    /** Writes a non-negative int in 7-bit groups, low bits first (1 to 5 bytes). */
    static void writeVarInt(int value, DataOutputView out) throws IOException {
        int v = value;
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    /** Reads an int written by {@link #writeVarInt}. */
    static int readVarInt(DataInputView in) throws IOException {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.readUnsignedByte();
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IOException("malformed varint: more than 5 bytes");
    }

    /** Reads a collection size written as an int and rejects negative values. */
    static int readSize(DataInputView in, Object owner) throws IOException {
        int size = in.readInt();
        if (size < 0) {
            throw new IOException(owner + " read a negative size " + size + "; the data is corrupt");
        }
        return size;
    }

    /** An initial capacity for a collection whose size came from possibly corrupt data. */
    static int safeCapacity(int size) {
        return Math.min(size, 1 << 16);
    }

    /** The NullPointerException thrown when a serializer is handed a null it cannot write. */
    static NullPointerException nullValue(Object serializer) {
        return new NullPointerException(serializer + " cannot serialize null");
    }

    /** Re-labels a nested verdict for the enclosing serializer, prefixing an incompatibility reason. */
    static <T> TypeSerializerSchemaCompatibility<T> nested(
            TypeSerializerSchemaCompatibility<?> nested, String reasonPrefix) {
        switch (nested.getType()) {
            case COMPATIBLE_AS_IS:
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            case COMPATIBLE_AFTER_MIGRATION:
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            default:
                return TypeSerializerSchemaCompatibility.incompatible(reasonPrefix + nested.getReason());
        }
    }

    /** Returns the weaker verdict: incompatible beats after-migration beats as-is; the first incompatible wins. */
    static <T> TypeSerializerSchemaCompatibility<T> weaker(
            TypeSerializerSchemaCompatibility<T> a, TypeSerializerSchemaCompatibility<T> b) {
        return b.getType().ordinal() > a.getType().ordinal() ? b : a;
    }
}
