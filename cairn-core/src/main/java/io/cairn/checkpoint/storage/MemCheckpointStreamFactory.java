package io.cairn.checkpoint.storage;

import io.cairn.state.handle.ByteStreamStateHandle;
import io.cairn.state.handle.StreamStateHandle;
import java.io.IOException;
import java.util.Arrays;
import java.util.UUID;

/**
 * Writes state into memory and returns {@link ByteStreamStateHandle}s; used by JobManager-memory
 * checkpoint storage and tests. Each stream refuses to grow beyond a size limit.
 */
public final class MemCheckpointStreamFactory implements CheckpointStreamFactory {

    private final int maxStateSize;

    /**
     * @param maxStateSize the largest stream, in bytes
     * @throws IllegalArgumentException if {@code maxStateSize} is not positive
     */
    public MemCheckpointStreamFactory(int maxStateSize) {
        if (maxStateSize <= 0) {
            throw new IllegalArgumentException("maxStateSize must be positive: maxStateSize=" + maxStateSize);
        }
        this.maxStateSize = maxStateSize;
    }

    /** @return the largest stream, in bytes */
    public int getMaxStateSize() {
        return maxStateSize;
    }

    @Override
    public CheckpointStateOutputStream createCheckpointStateOutputStream(CheckpointedStateScope scope) {
        return new MemoryStream(maxStateSize);
    }

    /** A stream into a growing byte array. */
    static final class MemoryStream extends CheckpointStateOutputStream {
        private final int maxSize;
        private byte[] buffer = new byte[256];
        private int size;
        private boolean closed;

        MemoryStream(int maxSize) {
            this.maxSize = maxSize;
        }

        private void ensure(int extra) throws IOException {
            if (closed) {
                throw new IOException("stream is closed");
            }
            long required = (long) size + extra;
            if (required > maxSize) {
                throw new IOException("state size " + required + " bytes exceeds the in-memory limit of "
                        + maxSize + " bytes; raise state.storage.jobmanager.max-state-size or use file-system"
                        + " checkpoint storage (state.checkpoints.dir)");
            }
            if (required > buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(maxSize, Math.max(required, 2L * buffer.length)));
            }
        }

        @Override
        public void write(int b) throws IOException {
            ensure(1);
            buffer[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ensure(len);
            System.arraycopy(b, off, buffer, size, len);
            size += len;
        }

        @Override
        public long getPos() {
            return size;
        }

        @Override
        public void sync() {
            // memory is as durable as it gets
        }

        @Override
        public StreamStateHandle closeAndGetHandle() throws IOException {
            if (closed) {
                throw new IOException("stream is closed");
            }
            closed = true;
            return size == 0 ? null : new ByteStreamStateHandle(UUID.randomUUID().toString(), Arrays.copyOf(buffer, size));
        }

        @Override
        public void close() {
            closed = true;
            buffer = new byte[0];
        }
    }
}
