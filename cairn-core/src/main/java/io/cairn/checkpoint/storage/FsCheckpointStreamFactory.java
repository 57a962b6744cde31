package io.cairn.checkpoint.storage;

import io.cairn.fs.FSDataOutputStream;
import io.cairn.fs.FileSystem;
import io.cairn.fs.Path;
import io.cairn.state.handle.ByteStreamStateHandle;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.StreamStateHandle;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes state to files with random names in a checkpoint's exclusive directory or the job's shared
 * directory. Streams that stay below {@code fileStateThreshold} bytes never touch the file system:
 * they become {@link ByteStreamStateHandle}s inlined into the checkpoint metadata.
 */
public final class FsCheckpointStreamFactory implements CheckpointStreamFactory {

    private final Path exclusiveDirectory;
    private final Path sharedDirectory;
    private final int fileStateThreshold;
    private final int writeBufferSize;

    /**
     * @param exclusiveDirectory where {@link CheckpointedStateScope#EXCLUSIVE} files go
     * @param sharedDirectory where {@link CheckpointedStateScope#SHARED} files go
     * @param fileStateThreshold streams smaller than this many bytes are kept in memory; 0 writes every stream to a file
     * @param writeBufferSize how many bytes to buffer before creating the file, at least the threshold
     */
    public FsCheckpointStreamFactory(
            Path exclusiveDirectory, Path sharedDirectory, int fileStateThreshold, int writeBufferSize) {
        this.exclusiveDirectory = Objects.requireNonNull(exclusiveDirectory, "exclusiveDirectory");
        this.sharedDirectory = Objects.requireNonNull(sharedDirectory, "sharedDirectory");
        if (fileStateThreshold < 0) {
            throw new IllegalArgumentException("fileStateThreshold must not be negative: " + fileStateThreshold);
        }
        this.fileStateThreshold = fileStateThreshold;
        this.writeBufferSize = Math.max(writeBufferSize, Math.max(fileStateThreshold, 4096));
    }

    /**
     * A factory writing every stream to a file in {@code directory}, for exclusive and shared scope alike.
     *
     * @param directory the directory
     * @return the factory
     */
    public static FsCheckpointStreamFactory forDirectory(Path directory) {
        return new FsCheckpointStreamFactory(directory, directory, 0, 64 * 1024);
    }

    /** @return where exclusive files go */
    public Path getExclusiveDirectory() {
        return exclusiveDirectory;
    }

    /** @return where shared files go */
    public Path getSharedDirectory() {
        return sharedDirectory;
    }

    @Override
    public CheckpointStateOutputStream createCheckpointStateOutputStream(CheckpointedStateScope scope) {
        Path dir = scope == CheckpointedStateScope.SHARED ? sharedDirectory : exclusiveDirectory;
        return new FsCheckpointStateOutputStream(dir, fileStateThreshold, writeBufferSize);
    }

    /**
     * Buffers the first bytes in memory; spills to a new file once they exceed the buffer. A stream
     * closed without {@link #closeAndGetHandle()} deletes its file.
     */
    static final class FsCheckpointStateOutputStream extends CheckpointStateOutputStream {
        private final Path directory;
        private final int threshold;
        private final byte[] buffer;
        private int bufferPos;
        private long flushedPos;
        private Path filePath;
        private FSDataOutputStream out;
        private boolean closed;

        FsCheckpointStateOutputStream(Path directory, int threshold, int bufferSize) {
            this.directory = directory;
            this.threshold = threshold;
            this.buffer = new byte[bufferSize];
        }

        @Override
        public void write(int b) throws IOException {
            checkOpen();
            if (bufferPos == buffer.length) {
                flushToFile();
            }
            buffer[bufferPos++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            checkOpen();
            if (len > buffer.length - bufferPos) {
                flushToFile();
                if (len >= buffer.length) {
                    out.write(b, off, len);
                    flushedPos += len;
                    return;
                }
            }
            System.arraycopy(b, off, buffer, bufferPos, len);
            bufferPos += len;
        }

        private void checkOpen() throws IOException {
            if (closed) {
                throw new IOException("stream is closed");
            }
        }

        private void flushToFile() throws IOException {
            checkOpen();
            if (out == null) {
                filePath = directory.child(UUID.randomUUID().toString());
                out = FileSystem.get(filePath).create(filePath, false);
            }
            out.write(buffer, 0, bufferPos);
            flushedPos += bufferPos;
            bufferPos = 0;
        }

        @Override
        public long getPos() {
            return flushedPos + bufferPos;
        }

        @Override
        public void flush() throws IOException {
            if (out != null) {
                flushToFile();
                out.flush();
            }
        }

        @Override
        public void sync() throws IOException {
            if (out != null) {
                flushToFile();
                out.sync();
            }
        }

        @Override
        public StreamStateHandle closeAndGetHandle() throws IOException {
            checkOpen();
            try {
                if (out == null) {
                    if (bufferPos == 0) {
                        return null;
                    }
                    if (bufferPos < threshold) {
                        return new ByteStreamStateHandle(UUID.randomUUID().toString(), Arrays.copyOf(buffer, bufferPos));
                    }
                }
                flushToFile();
                out.sync();
                out.close();
                return new FileStateHandle(filePath, flushedPos);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(e);
                throw e;
            } finally {
                closed = true;
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (out != null) {
                try {
                    out.close();
                } finally {
                    FileSystem.get(filePath).delete(filePath, false);
                }
            }
        }

        private void deleteQuietly(Exception cause) {
            if (out == null) {
                // nothing was created: either the state stayed in memory or creating the file failed
                return;
            }
            try {
                out.close();
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
            try {
                FileSystem.get(filePath).delete(filePath, false);
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
