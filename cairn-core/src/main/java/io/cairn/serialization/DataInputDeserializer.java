package io.cairn.serialization;

import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A {@link DataInputView} over a byte array region, the reading twin of
 * {@link DataOutputSerializer}. Reading past the end throws {@link EOFException} with the
 * position, so truncated data fails loudly. Not thread-safe; reusable via {@link #setBuffer}.
 */
public final class DataInputDeserializer implements DataInputView {

    /** Big-endian ints and longs at any offset of a byte array: one load instead of four or eight. */
    private static final VarHandle INT_BIG_ENDIAN = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BIG_ENDIAN = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buffer;
    private int position;
    private int end;

    /** Creates a deserializer with no data; call {@link #setBuffer} before reading. */
    public DataInputDeserializer() {
        this(new byte[0], 0, 0);
    }

    /**
     * Creates a deserializer over the whole array.
     *
     * @param buffer the bytes to read
     */
    public DataInputDeserializer(byte[] buffer) {
        this(buffer, 0, buffer.length);
    }

    /**
     * Creates a deserializer over {@code buffer[offset, offset + length)}.
     *
     * @param buffer the bytes to read
     * @param offset the first byte
     * @param length the number of readable bytes
     */
    public DataInputDeserializer(byte[] buffer, int offset, int length) {
        setBuffer(buffer, offset, length);
    }

    /**
     * Points this deserializer at a new region.
     *
     * @param buffer the bytes to read
     * @param offset the first byte
     * @param length the number of readable bytes
     * @throws IndexOutOfBoundsException if the region is outside {@code buffer}
     */
    public void setBuffer(byte[] buffer, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buffer.length - length) {
            throw new IndexOutOfBoundsException(
                    "offset=" + offset + ", length=" + length + ", buffer length=" + buffer.length);
        }
        this.buffer = buffer;
        this.position = offset;
        this.end = offset + length;
    }

    /** @return the number of bytes not yet read */
    public int available() {
        return end - position;
    }

    /** @return the index of the next byte to read in the backing array */
    public int getPosition() {
        return position;
    }

    private void require(int n) throws EOFException {
        if (end - position < n) {
            throw new EOFException(
                    "unexpected end of data: needed " + n + " bytes at position " + position + " but only "
                            + (end - position) + " remain");
        }
    }

    /**
     * Reads the next {@code length} bytes as a string of {@code length} chars if every one of them
     * is below {@code 0x80} (ASCII); otherwise, or if fewer bytes remain, reads nothing.
     *
     * @param length the number of bytes, not negative
     * @return the string, or null if the bytes are not all ASCII or not all there
     */
    public String readAsciiString(int length) {
        if (length > end - position) {
            return null;
        }
        int stop = position + length;
        for (int i = position; i < stop; i++) {
            if (buffer[i] < 0) {
                return null;
            }
        }
        String s = new String(buffer, position, length, StandardCharsets.ISO_8859_1);
        position = stop;
        return s;
    }

    @Override
    public void readFully(byte[] b) throws IOException {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
        require(len);
        System.arraycopy(buffer, position, b, off, len);
        position += len;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= end) {
            return len == 0 ? 0 : -1;
        }
        int n = Math.min(len, end - position);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int skipBytes(int n) {
        int skipped = Math.max(0, Math.min(n, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public void skipBytesToRead(int numBytes) throws IOException {
        require(numBytes);
        position += numBytes;
    }

    @Override
    public boolean readBoolean() throws IOException {
        require(1);
        return buffer[position++] != 0;
    }

    @Override
    public byte readByte() throws IOException {
        require(1);
        return buffer[position++];
    }

    @Override
    public int readUnsignedByte() throws IOException {
        return readByte() & 0xFF;
    }

    @Override
    public short readShort() throws IOException {
        require(2);
        int v = ((buffer[position] & 0xFF) << 8) | (buffer[position + 1] & 0xFF);
        position += 2;
        return (short) v;
    }

    @Override
    public int readUnsignedShort() throws IOException {
        return readShort() & 0xFFFF;
    }

    @Override
    public char readChar() throws IOException {
        return (char) readShort();
    }

    @Override
    public int readInt() throws IOException {
        require(4);
        int v = (int) INT_BIG_ENDIAN.get(buffer, position);
        position += 4;
        return v;
    }

    @Override
    public long readLong() throws IOException {
        require(8);
        long v = (long) LONG_BIG_ENDIAN.get(buffer, position);
        position += 8;
        return v;
    }

    @Override
    public float readFloat() throws IOException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws IOException {
        return Double.longBitsToDouble(readLong());
    }

    @Override
    public String readLine() throws IOException {
        if (position >= end) {
            return null;
        }
        int start = position;
        while (position < end && buffer[position] != '\n') {
            position++;
        }
        int stop = position;
        if (position < end) {
            position++;
        }
        if (stop > start && buffer[stop - 1] == '\r') {
            stop--;
        }
        return new String(buffer, start, stop - start, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String readUTF() throws IOException {
        int utfLength = readUnsignedShort();
        require(utfLength);
        char[] chars = new char[utfLength];
        int count = 0;
        int p = position;
        int stop = position + utfLength;
        while (p < stop) {
            int c = buffer[p] & 0xFF;
            if (c < 0x80) {
                chars[count++] = (char) c;
                p++;
            } else if ((c >> 5) == 0x06) {
                if (p + 1 >= stop) {
                    throw new UTFDataFormatException("malformed input: partial character at position " + p);
                }
                chars[count++] = (char) (((c & 0x1F) << 6) | (buffer[p + 1] & 0x3F));
                p += 2;
            } else if ((c >> 4) == 0x0E) {
                if (p + 2 >= stop) {
                    throw new UTFDataFormatException("malformed input: partial character at position " + p);
                }
                chars[count++] =
                        (char) (((c & 0x0F) << 12) | ((buffer[p + 1] & 0x3F) << 6) | (buffer[p + 2] & 0x3F));
                p += 3;
            } else {
                throw new UTFDataFormatException("malformed input around position " + p);
            }
        }
        position = stop;
        return new String(chars, 0, count);
    }
}
