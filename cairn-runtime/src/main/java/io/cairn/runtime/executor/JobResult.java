package io.cairn.runtime.executor;

import io.cairn.checkpoint.stats.CheckpointStatsSnapshot;
import io.cairn.common.JobID;
import io.cairn.common.JobStatus;

/**
 * How a job ended.
 *
 * @param jobId the job
 * @param status FINISHED, FAILED or CANCELED
 * @param restarts how many times it restarted
 * @param failure the final failure, or null
 * @param savepointPath the stop-with-savepoint's path, or null
 * @param latestCheckpointPath the latest completed checkpoint's path, or null
 * @param checkpointStats the checkpoint statistics
 * @param recordsProcessed records received by non-source operators (read from channels or handed along an
 *     operator chain), replays included
 */
public record JobResult(
        JobID jobId,
        JobStatus status,
        int restarts,
        Throwable failure,
        String savepointPath,
        String latestCheckpointPath,
        CheckpointStatsSnapshot checkpointStats,
        long recordsProcessed) {

    /** @return true if the job finished successfully */
    public boolean isSuccess() {
        return status == JobStatus.FINISHED;
    }
}
