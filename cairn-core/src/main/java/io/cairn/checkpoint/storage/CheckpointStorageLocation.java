package io.cairn.checkpoint.storage;

import java.io.IOException;

/**
 * Where one checkpoint is written. Tasks write state through it (it is a stream factory); the
 * coordinator finalizes it by writing the metadata.
 */
public interface CheckpointStorageLocation extends CheckpointStreamFactory {

    /**
     * Opens the metadata stream. Its {@code closeAndFinalizeCheckpoint()} publishes the metadata
     * atomically; closing it without that publishes nothing.
     *
     * @return the stream
     * @throws IOException if it cannot be opened
     */
    CheckpointMetadataOutputStream createMetadataOutputStream() throws IOException;

    /**
     * Deletes everything written to this location, for a checkpoint that failed or was aborted.
     *
     * @throws IOException if deletion fails
     */
    void disposeOnFailure() throws IOException;

    /** @return the directory the metadata is written to, or null for in-memory storage */
    io.cairn.fs.Path getMetadataDirectory();

    /** @return the reference that tasks use to resolve this location */
    CheckpointStorageLocationReference getLocationReference();
}
