package io.cairn.checkpoint.storage;

import io.cairn.fs.FileSystem;
import io.cairn.fs.Path;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.StreamStateHandle;
import java.io.IOException;

/** A completed checkpoint's directory and {@code _metadata} file. Immutable. */
public final class FsCompletedCheckpointStorageLocation implements CompletedCheckpointStorageLocation {

    private static final long serialVersionUID = 1L;

    private final Path directory;
    private final FileStateHandle metadataHandle;

    /**
     * @param directory the checkpoint directory
     * @param metadataFile its {@code _metadata} file
     * @param metadataSize the metadata file's size
     */
    public FsCompletedCheckpointStorageLocation(Path directory, Path metadataFile, long metadataSize) {
        this.directory = directory;
        this.metadataHandle = new FileStateHandle(metadataFile, metadataSize);
    }

    @Override
    public String getExternalPointer() {
        return directory.toString();
    }

    @Override
    public StreamStateHandle getMetadataHandle() {
        return metadataHandle;
    }

    @Override
    public Path getDirectory() {
        return directory;
    }

    @Override
    public void disposeStorageLocation() throws IOException {
        FileSystem.get(directory).delete(directory, true);
    }

    @Override
    public String toString() {
        return "FsCompletedCheckpointStorageLocation{" + directory + "}";
    }
}
