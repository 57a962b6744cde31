package io.cairn.checkpoint.stats;

import io.cairn.checkpoint.storage.CheckpointProperties;
import java.util.List;
import java.util.Objects;

/** Statistics of a completed checkpoint or savepoint. Immutable; made by {@link PendingCheckpointStats#reportCompleted}. */
public final class CompletedCheckpointStats extends AbstractCheckpointStats {

    private final List<SubtaskStateStats> subtaskStats;
    private final long stateSize;
    private final long checkpointedSize;
    private final long completionTimestamp;
    private final String externalPointer;
    private final CheckpointStatsSummarySnapshot summary;

    CompletedCheckpointStats(long checkpointId, long triggerTimestamp, CheckpointProperties properties,
            int numberOfSubtasks, List<SubtaskStateStats> subtaskStats, long stateSize, long checkpointedSize,
            long completionTimestamp, String externalPointer) {
        super(checkpointId, triggerTimestamp, properties, numberOfSubtasks);
        this.subtaskStats = List.copyOf(subtaskStats);
        this.stateSize = stateSize;
        this.checkpointedSize = checkpointedSize;
        this.completionTimestamp = completionTimestamp;
        this.externalPointer = Objects.requireNonNull(externalPointer, "externalPointer");
        this.summary = CheckpointStatsSummarySnapshot.forCheckpoint(triggerTimestamp, completionTimestamp, this.subtaskStats);
    }

    @Override
    public CheckpointStatsStatus getStatus() {
        return CheckpointStatsStatus.COMPLETED;
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
        return completionTimestamp - getTriggerTimestamp();
    }

    /** @return when the checkpoint completed, epoch ms */
    public long getCompletionTimestamp() {
        return completionTimestamp;
    }

    /** @return the pointer to resume from, as {@code CompletedCheckpoint#getExternalPointer()} gives it */
    public String getExternalPointer() {
        return externalPointer;
    }

    /** @return this checkpoint's summary, as {@link CheckpointStatsSummarySnapshot#forCheckpoint} builds it */
    public CheckpointStatsSummarySnapshot getSummary() {
        return summary;
    }
}
