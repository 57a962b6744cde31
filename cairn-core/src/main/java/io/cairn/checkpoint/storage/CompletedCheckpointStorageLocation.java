package io.cairn.checkpoint.storage;

import io.cairn.fs.Path;
import io.cairn.state.handle.StreamStateHandle;
import java.io.IOException;
import java.io.Serializable;

/** Where a completed checkpoint's metadata lives, and how to delete its location. */
public interface CompletedCheckpointStorageLocation extends Serializable {

    /** @return the pointer users pass to resume from it: the checkpoint directory */
    String getExternalPointer();

    /** @return the metadata bytes */
    StreamStateHandle getMetadataHandle();

    /** @return the directory that holds the metadata and exclusive files, or null for in-memory storage */
    Path getDirectory();

    /**
     * Deletes the location (the checkpoint directory), after its state handles were discarded.
     *
     * @throws IOException if deletion fails
     */
    void disposeStorageLocation() throws IOException;
}
