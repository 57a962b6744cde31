package io.cairn.checkpoint.stats;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A consistent, immutable view of a {@link CheckpointStatsTracker}: counts, the summary over
 * completed checkpoints, the newest checkpoints (in-progress ones as frozen copies), and the latest
 * completed checkpoint, savepoint, failure and restore.
 */
public final class CheckpointStatsSnapshot {

    private final CheckpointStatsCounts counts;
    private final CheckpointStatsSummarySnapshot summary;
    private final List<AbstractCheckpointStats> history;
    private final CompletedCheckpointStats latestCompletedCheckpoint;
    private final CompletedCheckpointStats latestSavepoint;
    private final FailedCheckpointStats latestFailedCheckpoint;
    private final RestoredCheckpointStats latestRestoredCheckpoint;

    CheckpointStatsSnapshot(CheckpointStatsCounts counts, CheckpointStatsSummarySnapshot summary,
            List<AbstractCheckpointStats> history, CompletedCheckpointStats latestCompletedCheckpoint,
            CompletedCheckpointStats latestSavepoint, FailedCheckpointStats latestFailedCheckpoint,
            RestoredCheckpointStats latestRestoredCheckpoint) {
        this.counts = Objects.requireNonNull(counts, "counts");
        this.summary = Objects.requireNonNull(summary, "summary");
        this.history = List.copyOf(history);
        this.latestCompletedCheckpoint = latestCompletedCheckpoint;
        this.latestSavepoint = latestSavepoint;
        this.latestFailedCheckpoint = latestFailedCheckpoint;
        this.latestRestoredCheckpoint = latestRestoredCheckpoint;
    }

    /** @return triggered, in-progress, completed, failed and restored counts */
    public CheckpointStatsCounts getCounts() {
        return counts;
    }

    /** @return summaries over every completed checkpoint and savepoint */
    public CheckpointStatsSummarySnapshot getSummary() {
        return summary;
    }

    /**
     * @return the most recently triggered checkpoints and savepoints, newest first, at most the
     *     tracker's history size; in-progress entries are frozen {@link PendingCheckpointStats} copies
     */
    public List<AbstractCheckpointStats> getHistory() {
        return history;
    }

    /** @return the checkpoint (not savepoint) that completed most recently */
    public Optional<CompletedCheckpointStats> getLatestCompletedCheckpoint() {
        return Optional.ofNullable(latestCompletedCheckpoint);
    }

    /** @return the savepoint that completed most recently */
    public Optional<CompletedCheckpointStats> getLatestSavepoint() {
        return Optional.ofNullable(latestSavepoint);
    }

    /** @return the checkpoint or savepoint that failed most recently */
    public Optional<FailedCheckpointStats> getLatestFailedCheckpoint() {
        return Optional.ofNullable(latestFailedCheckpoint);
    }

    /** @return the most recently reported restore */
    public Optional<RestoredCheckpointStats> getLatestRestoredCheckpoint() {
        return Optional.ofNullable(latestRestoredCheckpoint);
    }

    @Override
    public String toString() {
        return "CheckpointStatsSnapshot{" + counts + ", history=" + history.size() + " entries, summary=" + summary + "}";
    }
}
