package io.cairn.runtime.api;

/** Notified when checkpoints complete or are aborted; transactional code commits here. */
public interface CheckpointListener {

    /**
     * @param checkpointId the completed checkpoint
     * @throws Exception to fail the task
     */
    void notifyCheckpointComplete(long checkpointId) throws Exception;

    /**
     * @param checkpointId the aborted checkpoint
     * @throws Exception to fail the task
     */
    default void notifyCheckpointAborted(long checkpointId) throws Exception {}
}
