package io.cairn.checkpoint.storage;

import io.cairn.fs.AtomicOutputStream;
import io.cairn.fs.FileSystem;
import io.cairn.fs.Path;
import java.io.IOException;

/** One checkpoint's or savepoint's directory on a file system. */
final class FsCheckpointStorageLocation implements CheckpointStorageLocation {

    private final Path directory;
    private final FsCheckpointStreamFactory streams;
    private final CheckpointStorageLocationReference reference;

    FsCheckpointStorageLocation(
            Path directory, Path sharedDirectory, CheckpointStorageLocationReference reference, int threshold, int bufferSize) {
        this.directory = directory;
        this.reference = reference;
        this.streams = new FsCheckpointStreamFactory(directory, sharedDirectory, threshold, bufferSize);
    }

    @Override
    public CheckpointStateOutputStream createCheckpointStateOutputStream(CheckpointedStateScope scope) {
        return streams.createCheckpointStateOutputStream(scope);
    }

    @Override
    public CheckpointMetadataOutputStream createMetadataOutputStream() throws IOException {
        Path metadata = directory.child(FileSystemCheckpointStorage.METADATA_FILE_NAME);
        AtomicOutputStream out = FileSystem.get(metadata).createAtomic(metadata);
        return new MetadataOutputStream(out, directory, metadata);
    }

    @Override
    public void disposeOnFailure() throws IOException {
        FileSystem.get(directory).delete(directory, true);
    }

    @Override
    public Path getMetadataDirectory() {
        return directory;
    }

    @Override
    public CheckpointStorageLocationReference getLocationReference() {
        return reference;
    }

    @Override
    public String toString() {
        return "FsCheckpointStorageLocation{" + directory + "}";
    }

    /**
     * The {@code _metadata} stream: an atomic file that appears under its name only when
     * {@link #closeAndFinalizeCheckpoint} commits it. A named class (not an anonymous one) so that
     * {@link FsCheckpointStorageAccess} can initialize it before a job's records flow (see
     * {@link io.cairn.common.ClassPreloading}).
     */
    static final class MetadataOutputStream extends CheckpointMetadataOutputStream {
        private final AtomicOutputStream out;
        private final Path directory;
        private final Path metadata;

        MetadataOutputStream(AtomicOutputStream out, Path directory, Path metadata) {
            this.out = out;
            this.directory = directory;
            this.metadata = metadata;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public long getPos() throws IOException {
            return out.getPos();
        }

        @Override
        public void sync() throws IOException {
            out.sync();
        }

        @Override
        public CompletedCheckpointStorageLocation closeAndFinalizeCheckpoint() throws IOException {
            long size = out.getPos();
            out.commit();
            return new FsCompletedCheckpointStorageLocation(directory, metadata, size);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
