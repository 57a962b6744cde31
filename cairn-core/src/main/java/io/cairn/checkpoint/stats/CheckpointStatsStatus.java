package io.cairn.checkpoint.stats;

/** Where a checkpoint is in its life, as the statistics see it. */
public enum CheckpointStatsStatus {
    /** Triggered, not yet completed or failed. */
    IN_PROGRESS,
    /** Every task acknowledged and the metadata is durable. */
    COMPLETED,
    /** Declined, expired or aborted. */
    FAILED;

    /** @return true for {@link #IN_PROGRESS} */
    public boolean isInProgress() {
        return this == IN_PROGRESS;
    }

    /** @return true for {@link #COMPLETED} */
    public boolean isCompleted() {
        return this == COMPLETED;
    }

    /** @return true for {@link #FAILED} */
    public boolean isFailed() {
        return this == FAILED;
    }
}
