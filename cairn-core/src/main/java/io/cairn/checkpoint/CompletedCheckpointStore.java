package io.cairn.checkpoint;

import io.cairn.common.JobStatus;
import io.cairn.state.handle.SharedStateRegistry;
import java.util.List;

/**
 * The completed checkpoints a job retains, oldest first, and the registry of the state they share.
 * The standalone store keeps them in memory; a highly-available one comes later.
 *
 * <p>Threads: called under the coordinator's lock.
 */
public interface CompletedCheckpointStore {

    /**
     * Adds a checkpoint and, if more than the retained number are held, removes the oldest ones and
     * hands them to the cleaner (savepoints are removed but never deleted). Shared state no longer
     * used by any retained checkpoint is then released.
     *
     * @param checkpoint the new checkpoint; its shared state is already registered
     * @param cleaner deletes subsumed checkpoints
     * @return the checkpoints removed from the store
     * @throws Exception if the store cannot record the checkpoint; it is then not added
     */
    List<CompletedCheckpoint> addCheckpointAndSubsumeOldestOne(CompletedCheckpoint checkpoint, CheckpointsCleaner cleaner)
            throws Exception;

    /** @return the newest checkpoint or savepoint, or null */
    CompletedCheckpoint getLatestCheckpoint();

    /**
     * @param preferCheckpoint true to skip savepoints newer than the latest checkpoint
     * @return the checkpoint to recover from, or null
     */
    default CompletedCheckpoint getLatestCheckpoint(boolean preferCheckpoint) {
        List<CompletedCheckpoint> all = getAllCheckpoints();
        if (all.isEmpty()) {
            return null;
        }
        if (preferCheckpoint) {
            for (int i = all.size() - 1; i >= 0; i--) {
                if (!all.get(i).getProperties().isSavepoint()) {
                    return all.get(i);
                }
            }
        }
        return all.get(all.size() - 1);
    }

    /** @return the retained checkpoints, oldest first */
    List<CompletedCheckpoint> getAllCheckpoints();

    /** @return the number of retained checkpoints */
    int getNumberOfRetainedCheckpoints();

    /** @return the maximum number retained */
    int getMaxNumberOfRetainedCheckpoints();

    /** @return the registry of state shared between the retained checkpoints */
    SharedStateRegistry getSharedStateRegistry();

    /**
     * Shuts the store down: deletes the retained checkpoints whose properties say so for
     * {@code jobStatus}, keeps the others.
     *
     * @param jobStatus how the job ended
     * @param cleaner deletes checkpoints
     * @throws Exception if the store fails
     */
    void shutdown(JobStatus jobStatus, CheckpointsCleaner cleaner) throws Exception;
}
