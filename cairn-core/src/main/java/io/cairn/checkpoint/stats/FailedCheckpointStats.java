package io.cairn.checkpoint.stats;

import io.cairn.checkpoint.storage.CheckpointProperties;
import java.util.List;
import java.util.Objects;

/** Statistics of a failed checkpoint or savepoint. Immutable; made by {@link PendingCheckpointStats#reportFailed}. */
public final class FailedCheckpointStats extends AbstractCheckpointStats {

    private final List<SubtaskStateStats> subtaskStats;
    private final long stateSize;
    private final long checkpointedSize;
    private final long failureTimestamp;
    private final String failureMessage;

    FailedCheckpointStats(long checkpointId, long triggerTimestamp, CheckpointProperties properties,
            int numberOfSubtasks, List<SubtaskStateStats> subtaskStats, long stateSize, long checkpointedSize,
            long failureTimestamp, String failureMessage) {
        super(checkpointId, triggerTimestamp, properties, numberOfSubtasks);
        this.subtaskStats = List.copyOf(subtaskStats);
        this.stateSize = stateSize;
        this.checkpointedSize = checkpointedSize;
        this.failureTimestamp = failureTimestamp;
        this.failureMessage = Objects.requireNonNull(failureMessage, "failureMessage");
    }

    @Override
    public CheckpointStatsStatus getStatus() {
        return CheckpointStatsStatus.FAILED;
    }

    @Override
    public int getNumberOfAcknowledgedSubtasks() {
        return subtaskStats.size();
    }

    @Override
    public List<SubtaskStateStats> getSubtaskStats() {
        return subtaskStats;
    }

    @Override
    public long getStateSize() {
        return stateSize;
    }

    @Override
    public long getCheckpointedSize() {
        return checkpointedSize;
    }

    @Override
    public long getEndToEndDuration() {
        return failureTimestamp - getTriggerTimestamp();
    }

    /** @return when the checkpoint failed, epoch ms */
    public long getFailureTimestamp() {
        return failureTimestamp;
    }

    /** @return the cause's {@code toString()}: its class and message */
    public String getFailureMessage() {
        return failureMessage;
    }
}
