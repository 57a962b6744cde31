package io.cairn.checkpoint.storage;

import java.io.IOException;

/** A task's side of one job's checkpoint storage. Thread-safe. */
public interface CheckpointStorageWorkerView {

    /**
     * Resolves where a task writes its state for one checkpoint.
     *
     * @param checkpointId the checkpoint id
     * @param reference the location reference sent with the trigger
     * @return the stream factory for that location
     * @throws IOException if the location cannot be resolved
     */
    CheckpointStreamFactory resolveCheckpointStorageLocation(long checkpointId, CheckpointStorageLocationReference reference)
            throws IOException;

    /**
     * Opens a stream for state the task owns across checkpoints (e.g. in-flight data).
     *
     * @return the stream
     * @throws IOException if it cannot be created
     */
    CheckpointStateOutputStream createTaskOwnedStateStream() throws IOException;
}
