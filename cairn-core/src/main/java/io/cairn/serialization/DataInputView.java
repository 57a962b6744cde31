package io.cairn.serialization;

import java.io.DataInput;
import java.io.IOException;

/**
 * The source that {@link TypeSerializer}s read from: a {@link DataInput} with a skip that either
 * skips exactly the requested bytes or fails.
 *
 * <p>Implementations are not thread-safe; one thread reads at a time.
 */
public interface DataInputView extends DataInput {

    /**
     * Skips exactly {@code numBytes} bytes.
     *
     * @param numBytes how many bytes to skip, not negative
     * @throws java.io.EOFException if fewer than {@code numBytes} bytes remain
     * @throws IOException if reading fails
     */
    void skipBytesToRead(int numBytes) throws IOException;

    /**
     * Reads up to {@code len} bytes into {@code b} starting at {@code off}.
     *
     * @param b the destination
     * @param off the first index to fill
     * @param len the maximum number of bytes to read
     * @return the number of bytes read, or -1 at the end of the input
     * @throws IOException if reading fails
     */
    int read(byte[] b, int off, int len) throws IOException;
}
