package io.cairn.checkpoint.stats;

import java.io.Serializable;

/**
 * What one subtask reports with its checkpoint acknowledgement. Immutable; every value is
 * non-negative.
 *
 * @param syncDurationMillis time spent in the synchronous part of the snapshot, ms
 * @param asyncDurationMillis time spent in the asynchronous part of the snapshot, ms
 * @param alignmentDurationMillis time spent aligning barriers before the snapshot, ms
 * @param bytesPersistedOfThisCheckpoint bytes this checkpoint wrote (for incremental snapshots only
 *     the new bytes)
 * @param totalStateSizeBytes the full size of the state the snapshot references, in bytes
 */
public record CheckpointMetrics(
        long syncDurationMillis,
        long asyncDurationMillis,
        long alignmentDurationMillis,
        long bytesPersistedOfThisCheckpoint,
        long totalStateSizeBytes) implements Serializable {

    /** All zeros: what a subtask without state or timing reports. */
    public static final CheckpointMetrics EMPTY = new CheckpointMetrics(0, 0, 0, 0, 0);

    /**
     * @param syncDurationMillis time spent in the synchronous part of the snapshot, ms
     * @param asyncDurationMillis time spent in the asynchronous part of the snapshot, ms
     * @param alignmentDurationMillis time spent aligning barriers before the snapshot, ms
     * @param bytesPersistedOfThisCheckpoint bytes this checkpoint wrote
     * @param totalStateSizeBytes the full size of the state the snapshot references, in bytes
     * @throws IllegalArgumentException if a value is negative; the message names it and its value
     */
    public CheckpointMetrics {
        StatsChecks.requireNonNegative(syncDurationMillis, "syncDurationMillis");
        StatsChecks.requireNonNegative(asyncDurationMillis, "asyncDurationMillis");
        StatsChecks.requireNonNegative(alignmentDurationMillis, "alignmentDurationMillis");
        StatsChecks.requireNonNegative(bytesPersistedOfThisCheckpoint, "bytesPersistedOfThisCheckpoint");
        StatsChecks.requireNonNegative(totalStateSizeBytes, "totalStateSizeBytes");
    }

    /** @return {@link #EMPTY} */
    public static CheckpointMetrics empty() {
        return EMPTY;
    }

    /** @return a builder with every value zero */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link CheckpointMetrics} by name instead of by position. Not thread-safe. */
    public static final class Builder {

        private long syncDurationMillis;
        private long asyncDurationMillis;
        private long alignmentDurationMillis;
        private long bytesPersistedOfThisCheckpoint;
        private long totalStateSizeBytes;

        private Builder() {
        }

        /**
         * @param millis time spent in the synchronous part, ms
         * @return this builder
         */
        public Builder setSyncDurationMillis(long millis) {
            this.syncDurationMillis = millis;
            return this;
        }

        /**
         * @param millis time spent in the asynchronous part, ms
         * @return this builder
         */
        public Builder setAsyncDurationMillis(long millis) {
            this.asyncDurationMillis = millis;
            return this;
        }

        /**
         * @param millis time spent aligning barriers, ms
         * @return this builder
         */
        public Builder setAlignmentDurationMillis(long millis) {
            this.alignmentDurationMillis = millis;
            return this;
        }

        /**
         * @param bytes bytes this checkpoint wrote
         * @return this builder
         */
        public Builder setBytesPersistedOfThisCheckpoint(long bytes) {
            this.bytesPersistedOfThisCheckpoint = bytes;
            return this;
        }

        /**
         * @param bytes the full size of the referenced state
         * @return this builder
         */
        public Builder setTotalStateSizeBytes(long bytes) {
            this.totalStateSizeBytes = bytes;
            return this;
        }

        /**
         * @return the metrics
         * @throws IllegalArgumentException if a value is negative; the message names it and its value
         */
        public CheckpointMetrics build() {
            return new CheckpointMetrics(syncDurationMillis, asyncDurationMillis, alignmentDurationMillis,
                    bytesPersistedOfThisCheckpoint, totalStateSizeBytes);
        }
    }
}
