package io.cairn.checkpoint.stats;

import io.cairn.checkpoint.storage.CheckpointProperties;
import java.util.List;
import java.util.Objects;

/**
 * Statistics of one checkpoint or savepoint: in progress ({@link PendingCheckpointStats}),
 * completed ({@link CompletedCheckpointStats}) or failed ({@link FailedCheckpointStats}).
 */
public abstract sealed class AbstractCheckpointStats
        permits PendingCheckpointStats, CompletedCheckpointStats, FailedCheckpointStats {

    private final long checkpointId;
    private final long triggerTimestamp;
    private final CheckpointProperties properties;
    private final int numberOfSubtasks;

    AbstractCheckpointStats(long checkpointId, long triggerTimestamp, CheckpointProperties properties,
            int numberOfSubtasks) {
        this.checkpointId = StatsChecks.requireNonNegative(checkpointId, "checkpointId");
        this.triggerTimestamp = StatsChecks.requireNonNegative(triggerTimestamp, "triggerTimestamp");
        this.properties = Objects.requireNonNull(properties, "properties");
        if (numberOfSubtasks < 1) {
            throw new IllegalArgumentException("numberOfTasks must be positive: " + numberOfSubtasks);
        }
        this.numberOfSubtasks = numberOfSubtasks;
    }

    /** @return the checkpoint id */
    public final long getCheckpointId() {
        return checkpointId;
    }

    /** @return when the checkpoint was triggered, epoch ms */
    public final long getTriggerTimestamp() {
        return triggerTimestamp;
    }

    /** @return type (checkpoint or savepoint) and retention */
    public final CheckpointProperties getProperties() {
        return properties;
    }

    /** @return true if this is a savepoint */
    public final boolean isSavepoint() {
        return properties.isSavepoint();
    }

    /** @return how many subtasks must acknowledge the checkpoint */
    public final int getNumberOfSubtasks() {
        return numberOfSubtasks;
    }

    /** @return in progress, completed or failed */
    public abstract CheckpointStatsStatus getStatus();

    /** @return how many distinct subtasks acknowledged so far */
    public abstract int getNumberOfAcknowledgedSubtasks();

    /** @return the acknowledgements, in the order they were reported; unmodifiable */
    public abstract List<SubtaskStateStats> getSubtaskStats();

    /** @return the full state size referenced by the acknowledged subtasks, bytes */
    public abstract long getStateSize();

    /** @return the bytes persisted by this checkpoint in the acknowledged subtasks */
    public abstract long getCheckpointedSize();

    /**
     * @return ms from the trigger to completion or failure; for one in progress, to its latest
     *     acknowledgement (0 before the first)
     */
    public abstract long getEndToEndDuration();

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{id=" + checkpointId + ", " + getStatus() + ", "
                + properties.getCheckpointType().getName() + ", triggered=" + triggerTimestamp + ", acked="
                + getNumberOfAcknowledgedSubtasks() + "/" + numberOfSubtasks + ", duration=" + getEndToEndDuration()
                + ", stateSize=" + getStateSize() + ", checkpointedSize=" + getCheckpointedSize() + "}";
    }
}
