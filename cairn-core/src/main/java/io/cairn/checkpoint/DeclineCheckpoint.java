package io.cairn.checkpoint;

import io.cairn.common.JobID;
import io.cairn.execution.ExecutionAttemptID;
import java.io.Serializable;
import java.util.Objects;

/**
 * A task's refusal of a checkpoint.
 *
 * @param jobId the job
 * @param taskExecutionId the declining attempt
 * @param checkpointId the checkpoint
 * @param reason why it declined
 */
public record DeclineCheckpoint(JobID jobId, ExecutionAttemptID taskExecutionId, long checkpointId, CheckpointException reason)
        implements Serializable {

    /** Checks the fields. */
    public DeclineCheckpoint {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(taskExecutionId, "taskExecutionId");
        Objects.requireNonNull(reason, "reason");
    }
}
