package io.cairn.serialization;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable, reusable in-memory {@link DataOutputView} over a byte array, big-endian like
 * {@link java.io.DataOutputStream}.
 *
 * <p>Used as the scratch buffer of snapshot writers: callers write a block, read it with
 * {@link #getSharedBuffer()} and {@link #length()}, then {@link #clear()} and reuse it. Not
 * thread-safe.
 */
public final class DataOutputSerializer implements DataOutputView {

    private static final int MAX_ARRAY_SIZE = Integer.MAX_VALUE - 8;

    /** Big-endian ints and longs at any offset of a byte array: one store instead of four or eight. */
    private static final VarHandle INT_BIG_ENDIAN = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BIG_ENDIAN = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buffer;
    private int position;

    /**
     * Creates a buffer with the given initial capacity.
     *
     * @param initialCapacity the initial size of the backing array, at least 1
     * @throws IllegalArgumentException if {@code initialCapacity} is less than 1
     */
    public DataOutputSerializer(int initialCapacity) {
        if (initialCapacity < 1) {
            throw new IllegalArgumentException(
                    "initialCapacity must be at least 1: initialCapacity=" + initialCapacity);
        }
        this.buffer = new byte[initialCapacity];
    }

    /** @return the number of bytes written since creation or the last {@link #clear()} */
    public int length() {
        return position;
    }

    /**
     * Returns the backing array without copying; only the first {@link #length()} bytes are
     * meaningful, and the array is overwritten by later writes.
     *
     * @return the backing array
     */
    public byte[] getSharedBuffer() {
        return buffer;
    }

    /** @return a copy of the bytes written so far */
    public byte[] getCopyOfBuffer() {
        return Arrays.copyOf(buffer, position);
    }

    /** Forgets everything written, keeping the backing array for reuse. */
    public void clear() {
        position = 0;
    }

    /**
     * Writes the bytes written so far to {@code out}.
     *
     * @param out the stream to write to
     * @throws IOException if {@code out} fails
     */
    public void writeTo(OutputStream out) throws IOException {
        out.write(buffer, 0, position);
    }

    private void ensure(int extra) {
        int required = position + extra;
        if (required < 0 || required > MAX_ARRAY_SIZE) {
            throw new IllegalStateException(
                    "serialized data exceeds the maximum array size: required=" + (long) position + extra);
        }
        if (required > buffer.length) {
            int newCapacity = (int) Math.min(MAX_ARRAY_SIZE, Math.max((long) buffer.length * 2, required));
            buffer = Arrays.copyOf(buffer, newCapacity);
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        buffer[position++] = (byte) b;
    }

    @Override
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new IndexOutOfBoundsException("off=" + off + ", len=" + len + ", length=" + b.length);
        }
        ensure(len);
        System.arraycopy(b, off, buffer, position, len);
        position += len;
    }

    @Override
    public void writeBoolean(boolean v) {
        write(v ? 1 : 0);
    }

    @Override
    public void writeByte(int v) {
        write(v);
    }

    @Override
    public void writeShort(int v) {
        ensure(2);
        buffer[position++] = (byte) (v >>> 8);
        buffer[position++] = (byte) v;
    }

    @Override
    public void writeChar(int v) {
        writeShort(v);
    }

    @Override
    public void writeInt(int v) {
        ensure(4);
        INT_BIG_ENDIAN.set(buffer, position, v);
        position += 4;
    }

    @Override
    public void writeLong(long v) {
        ensure(8);
        LONG_BIG_ENDIAN.set(buffer, position, v);
        position += 8;
    }

    @Override
    public void writeFloat(float v) {
        writeInt(Float.floatToIntBits(v));
    }

    @Override
    public void writeDouble(double v) {
        writeLong(Double.doubleToLongBits(v));
    }

    @Override
    public void writeBytes(String s) {
        int len = s.length();
        ensure(len);
        for (int i = 0; i < len; i++) {
            buffer[position++] = (byte) s.charAt(i);
        }
    }

    @Override
    public void writeChars(String s) {
        int len = s.length();
        ensure(2 * len);
        for (int i = 0; i < len; i++) {
            writeChar(s.charAt(i));
        }
    }

    @Override
    public void writeUTF(String s) throws IOException {
        int utfLength = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            utfLength += (c >= 0x0001 && c <= 0x007F) ? 1 : (c > 0x07FF ? 3 : 2);
        }
        if (utfLength > 65535) {
            throw new UTFDataFormatException("string too long for writeUTF: encodedLength=" + utfLength);
        }
        ensure(utfLength + 2);
        writeShort(utfLength);
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x0001 && c <= 0x007F) {
                buffer[position++] = (byte) c;
            } else if (c > 0x07FF) {
                buffer[position++] = (byte) (0xE0 | ((c >> 12) & 0x0F));
                buffer[position++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buffer[position++] = (byte) (0x80 | (c & 0x3F));
            } else {
                buffer[position++] = (byte) (0xC0 | ((c >> 6) & 0x1F));
                buffer[position++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    @Override
    public void write(DataInputView source, int numBytes) throws IOException {
        if (numBytes < 0) {
            throw new IllegalArgumentException("numBytes must not be negative: numBytes=" + numBytes);
        }
        ensure(numBytes);
        source.readFully(buffer, position, numBytes);
        position += numBytes;
    }
}
