package io.cairn.checkpoint.stats;

import io.cairn.checkpoint.storage.CheckpointProperties;
import java.util.Objects;

/**
 * A restore of the job from a checkpoint or savepoint. Immutable.
 *
 * @param checkpointId the id of the checkpoint restored from
 * @param properties its type and retention
 * @param externalPointer where it was restored from
 * @param restoreTimestamp when the restore happened, epoch ms
 */
public record RestoredCheckpointStats(long checkpointId, CheckpointProperties properties, String externalPointer,
        long restoreTimestamp) {

    /**
     * @param checkpointId the id of the checkpoint restored from
     * @param properties its type and retention
     * @param externalPointer where it was restored from
     * @param restoreTimestamp when the restore happened, epoch ms
     * @throws IllegalArgumentException if the id or timestamp is negative
     */
    public RestoredCheckpointStats {
        StatsChecks.requireNonNegative(checkpointId, "checkpointId");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(externalPointer, "externalPointer");
        StatsChecks.requireNonNegative(restoreTimestamp, "restoreTimestamp");
    }
}
