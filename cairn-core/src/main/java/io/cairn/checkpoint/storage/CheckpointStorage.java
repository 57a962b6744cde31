package io.cairn.checkpoint.storage;

import io.cairn.common.JobID;
import java.io.IOException;

/**
 * Where checkpoints and savepoints are persisted: the JobManager's memory or a file-system
 * directory. A storage is an immutable, thread-safe factory; per job it hands out a
 * {@link CheckpointStorageAccess} for the coordinator and a {@link CheckpointStorageWorkerView} for
 * tasks.
 */
public interface CheckpointStorage {

    /** @return true if completed checkpoints survive the loss of the process that wrote them */
    boolean supportsHighlyAvailableStorage();

    /** @return true if savepoints can be taken without naming a target directory */
    boolean hasDefaultSavepointLocation();

    /** @return the default savepoint directory, or null if there is none */
    String getDefaultSavepointDirectory();

    /**
     * Creates the coordinator's access to one job's checkpoint storage. Does no I/O; call
     * {@link CheckpointStorageCoordinatorView#initializeBaseLocationsForCheckpoint()} before the first checkpoint.
     *
     * @param jobId the job
     * @return the access
     * @throws IOException if the storage cannot be reached
     */
    CheckpointStorageAccess resolveCheckpointStorageAccess(JobID jobId) throws IOException;

    /**
     * Creates a task's view of one job's checkpoint storage.
     *
     * @param jobId the job
     * @return the worker view
     * @throws IOException if the storage cannot be reached
     */
    CheckpointStorageWorkerView createCheckpointStorageWorkerView(JobID jobId) throws IOException;

    /**
     * Finds a completed checkpoint or savepoint by its external pointer: a checkpoint directory or
     * its {@code _metadata} file.
     *
     * @param externalPointer the pointer, as returned by {@code CompletedCheckpoint#getExternalPointer()}
     * @return the location of its metadata
     * @throws java.io.FileNotFoundException if nothing is there; the message names the pointer
     * @throws IOException if the location cannot be read
     */
    CompletedCheckpointStorageLocation resolveCheckpoint(String externalPointer) throws IOException;
}
