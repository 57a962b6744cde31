package io.cairn.state.handle;

import io.cairn.fs.FSDataInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Snapshot bytes held in memory: state checkpointed to the JobManager, or small state inlined into
 * the checkpoint metadata. Discarding it is a no-op; the bytes go when the handle is dropped.
 */
public final class ByteStreamStateHandle implements StreamStateHandle {

    private static final long serialVersionUID = 1L;

    private final String handleName;
    private final byte[] data;

    /**
     * @param handleName a name unique within the checkpoint, used in messages and for identity
     * @param data the bytes; not copied, the caller must not modify them afterwards
     */
    public ByteStreamStateHandle(String handleName, byte[] data) {
        this.handleName = Objects.requireNonNull(handleName, "handleName");
        this.data = Objects.requireNonNull(data, "data");
    }

    /** @return the name of this handle */
    public String getHandleName() {
        return handleName;
    }

    /** @return the bytes; callers must not modify them */
    public byte[] getData() {
        return data;
    }

    @Override
    public FSDataInputStream openInputStream() {
        return new ByteArrayFSDataInputStream(data);
    }

    @Override
    public Optional<byte[]> asBytesIfInMemory() {
        return Optional.of(data);
    }

    @Override
    public void discardState() {
        // nothing to delete
    }

    @Override
    public long getStateSize() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteStreamStateHandle
                && handleName.equals(((ByteStreamStateHandle) o).handleName)
                && Arrays.equals(data, ((ByteStreamStateHandle) o).data);
    }

    @Override
    public int hashCode() {
        return 31 * handleName.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ByteStreamStateHandle{" + handleName + ", " + data.length + " bytes}";
    }

    /** A seekable stream over a byte array. */
    private static final class ByteArrayFSDataInputStream extends FSDataInputStream {
        private final byte[] data;
        private int position;

        ByteArrayFSDataInputStream(byte[] data) {
            this.data = data;
        }

        @Override
        public void seek(long pos) throws IOException {
            if (pos < 0 || pos > data.length) {
                throw new IOException("seek position " + pos + " outside [0, " + data.length + "]");
            }
            position = (int) pos;
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (position >= data.length) {
                return -1;
            }
            int n = Math.min(len, data.length - position);
            System.arraycopy(data, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return data.length - position;
        }

        @Override
        public long skip(long n) {
            int skipped = (int) Math.max(0, Math.min(n, data.length - position));
            position += skipped;
            return skipped;
        }
    }
}
