package io.cairn.serialization;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** A {@link DataOutputView} that writes to an {@link OutputStream}. Not thread-safe. */
public final class DataOutputViewStreamWrapper extends DataOutputStream implements DataOutputView {

    private byte[] copyBuffer;

    /**
     * Wraps a stream.
     *
     * @param out the stream to write to; it is not closed by this wrapper unless {@link #close()} is called
     */
    public DataOutputViewStreamWrapper(OutputStream out) {
        super(out);
    }

    @Override
    public void write(DataInputView source, int numBytes) throws IOException {
        if (copyBuffer == null) {
            copyBuffer = new byte[4096];
        }
        int remaining = numBytes;
        while (remaining > 0) {
            int n = Math.min(remaining, copyBuffer.length);
            source.readFully(copyBuffer, 0, n);
            write(copyBuffer, 0, n);
            remaining -= n;
        }
    }
}
