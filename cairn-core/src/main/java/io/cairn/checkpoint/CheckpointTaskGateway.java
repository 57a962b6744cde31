package io.cairn.checkpoint;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.execution.ExecutionAttemptID;

/**
 * How the coordinator talks to tasks. The runtime provides an in-process implementation; a network
 * transport can replace it without touching either side. Calls must not block: implementations
 * enqueue the message into the task's mailbox.
 */
public interface CheckpointTaskGateway {

    /**
     * Asks a source task to take checkpoint {@code checkpointId} and inject its barrier.
     *
     * @param task the task attempt
     * @param checkpointId the checkpoint id
     * @param timestamp the trigger timestamp
     * @param options the checkpoint's options
     */
    void triggerCheckpoint(ExecutionAttemptID task, long checkpointId, long timestamp, CheckpointOptions options);

    /**
     * Tells a task that a checkpoint completed (transactional sinks commit now).
     *
     * @param task the task attempt
     * @param checkpointId the checkpoint id
     * @param timestamp the trigger timestamp
     */
    void notifyCheckpointComplete(ExecutionAttemptID task, long checkpointId, long timestamp);

    /**
     * Tells a task that a checkpoint was aborted.
     *
     * @param task the task attempt
     * @param checkpointId the checkpoint id
     * @param timestamp the trigger timestamp
     */
    void notifyCheckpointAborted(ExecutionAttemptID task, long checkpointId, long timestamp);
}
