package io.cairn.checkpoint;

import io.cairn.checkpoint.stats.CheckpointMetrics;
import io.cairn.common.JobID;
import io.cairn.execution.ExecutionAttemptID;
import java.io.Serializable;
import java.util.Objects;

/**
 * A task's acknowledgement of a checkpoint: its state handles and metrics.
 *
 * @param jobId the job
 * @param taskExecutionId the acknowledging attempt
 * @param checkpointId the checkpoint
 * @param subtaskState the task's state, or null if it has none
 * @param checkpointMetrics durations and sizes the task measured
 */
public record AcknowledgeCheckpoint(
        JobID jobId,
        ExecutionAttemptID taskExecutionId,
        long checkpointId,
        TaskStateSnapshot subtaskState,
        CheckpointMetrics checkpointMetrics) implements Serializable {

    /** Checks the mandatory fields. */
    public AcknowledgeCheckpoint {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(taskExecutionId, "taskExecutionId");
        checkpointMetrics = checkpointMetrics == null ? CheckpointMetrics.empty() : checkpointMetrics;
    }
}
