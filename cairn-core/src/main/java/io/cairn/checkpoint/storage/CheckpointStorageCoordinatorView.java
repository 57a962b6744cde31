package io.cairn.checkpoint.storage;

import java.io.IOException;

/** The coordinator's side of one job's checkpoint storage. Used from the coordinator's thread. */
public interface CheckpointStorageCoordinatorView {

    /**
     * Creates the job-wide locations (e.g. {@code shared/} and {@code taskowned/}). Idempotent.
     *
     * @throws IOException if they cannot be created
     */
    void initializeBaseLocationsForCheckpoint() throws IOException;

    /**
     * Creates the location of one checkpoint.
     *
     * @param checkpointId the checkpoint id
     * @return the location; its metadata stream finalizes the checkpoint
     * @throws IOException if it cannot be created
     */
    CheckpointStorageLocation initializeLocationForCheckpoint(long checkpointId) throws IOException;

    /**
     * Creates the location of one savepoint: a new, self-contained directory.
     *
     * @param checkpointId the checkpoint id of the savepoint
     * @param targetLocation the parent directory, or null for the default savepoint directory
     * @return the location
     * @throws IllegalArgumentException if no target is given and there is no default
     * @throws IOException if it cannot be created
     */
    CheckpointStorageLocation initializeLocationForSavepoint(long checkpointId, String targetLocation) throws IOException;

    /**
     * Finds a completed checkpoint or savepoint by pointer.
     *
     * @param externalPointer a directory or {@code _metadata} file
     * @return its location
     * @throws IOException if nothing readable is there
     */
    CompletedCheckpointStorageLocation resolveCheckpoint(String externalPointer) throws IOException;

    /** @return true if completed checkpoints survive the loss of the writing process */
    boolean supportsHighlyAvailableStorage();

    /** @return true if savepoints need no explicit target */
    boolean hasDefaultSavepointLocation();
}
