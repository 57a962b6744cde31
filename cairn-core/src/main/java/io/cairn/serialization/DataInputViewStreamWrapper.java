package io.cairn.serialization;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** A {@link DataInputView} that reads from an {@link InputStream}. Not thread-safe. */
public final class DataInputViewStreamWrapper extends DataInputStream implements DataInputView {

    /**
     * Wraps a stream.
     *
     * @param in the stream to read from
     */
    public DataInputViewStreamWrapper(InputStream in) {
        super(in);
    }

    @Override
    public void skipBytesToRead(int numBytes) throws IOException {
        int remaining = numBytes;
        while (remaining > 0) {
            int skipped = skipBytes(remaining);
            if (skipped <= 0) {
                if (read() < 0) {
                    throw new EOFException("unexpected end of stream while skipping " + numBytes + " bytes");
                }
                skipped = 1;
            }
            remaining -= skipped;
        }
    }
}
