package io.cairn.checkpoint;

import io.cairn.checkpoint.storage.CheckpointRetentionPolicy;
import io.cairn.config.CheckpointingMode;
import io.cairn.config.CheckpointingOptions;
import io.cairn.config.ExternalizedCheckpointRetention;
import io.cairn.config.ReadableConfig;
import java.time.Duration;

/**
 * The coordinator's settings. Immutable; build with {@link Builder}, which validates every value and
 * names the bad one.
 */
public final class CheckpointCoordinatorConfiguration {

    /** The smallest interval and timeout accepted, in ms. */
    public static final long MINIMAL_CHECKPOINT_TIME = 10;

    /** An interval that disables periodic checkpoints. */
    public static final long DISABLED_CHECKPOINT_INTERVAL = Long.MAX_VALUE;

    private final long checkpointInterval;
    private final long checkpointTimeout;
    private final long minPauseBetweenCheckpoints;
    private final int maxConcurrentCheckpoints;
    private final int tolerableCheckpointFailureNumber;
    private final boolean preferCheckpointForRecovery;
    private final boolean exactlyOnce;
    private final CheckpointRetentionPolicy retentionPolicy;

    private CheckpointCoordinatorConfiguration(Builder b) {
        this.checkpointInterval = b.checkpointInterval;
        this.checkpointTimeout = b.checkpointTimeout;
        this.minPauseBetweenCheckpoints = b.minPauseBetweenCheckpoints;
        this.maxConcurrentCheckpoints = b.maxConcurrentCheckpoints;
        this.tolerableCheckpointFailureNumber = b.tolerableCheckpointFailureNumber;
        this.preferCheckpointForRecovery = b.preferCheckpointForRecovery;
        this.exactlyOnce = b.exactlyOnce;
        this.retentionPolicy = b.retentionPolicy;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the {@code execution.checkpointing.*} options.
     *
     * @param config the configuration
     * @return the configuration
     * @throws IllegalArgumentException if a value is out of range; the message names the key
     */
    public static CheckpointCoordinatorConfiguration fromConfig(ReadableConfig config) {
        Builder b = new Builder();
        try {
            b.setCheckpointInterval(config.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).map(Duration::toMillis)
                    .orElse(DISABLED_CHECKPOINT_INTERVAL));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(CheckpointingOptions.CHECKPOINTING_INTERVAL.key() + ": " + e.getMessage(), e);
        }
        try {
            b.setCheckpointTimeout(config.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT).toMillis());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(CheckpointingOptions.CHECKPOINTING_TIMEOUT.key() + ": " + e.getMessage(), e);
        }
        try {
            b.setMinPauseBetweenCheckpoints(config.get(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS).toMillis());
            b.setMaxConcurrentCheckpoints(config.get(CheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS));
            b.setTolerableCheckpointFailureNumber(config.get(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("execution.checkpointing: " + e.getMessage(), e);
        }
        b.setPreferCheckpointForRecovery(config.get(CheckpointingOptions.PREFER_CHECKPOINT_FOR_RECOVERY));
        b.setExactlyOnce(config.get(CheckpointingOptions.CHECKPOINTING_MODE) == CheckpointingMode.EXACTLY_ONCE);
        ExternalizedCheckpointRetention r = config.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION);
        b.setCheckpointRetentionPolicy(r == ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION
                ? CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION
                : r == ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION
                        ? CheckpointRetentionPolicy.RETAIN_ON_FAILURE
                        : CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION);
        return b.build();
    }

    /** @return ms between periodic checkpoints, or {@link #DISABLED_CHECKPOINT_INTERVAL} */
    public long getCheckpointInterval() {
        return checkpointInterval;
    }

    /** @return true if periodic checkpoints are configured */
    public boolean isCheckpointingEnabled() {
        return checkpointInterval != DISABLED_CHECKPOINT_INTERVAL;
    }

    /** @return ms after which a pending checkpoint expires */
    public long getCheckpointTimeout() {
        return checkpointTimeout;
    }

    /** @return ms between the end of one checkpoint and the start of the next */
    public long getMinPauseBetweenCheckpoints() {
        return minPauseBetweenCheckpoints;
    }

    /** @return how many checkpoints may be pending at once */
    public int getMaxConcurrentCheckpoints() {
        return maxConcurrentCheckpoints;
    }

    /** @return how many consecutive failures are tolerated before the job fails */
    public int getTolerableCheckpointFailureNumber() {
        return tolerableCheckpointFailureNumber;
    }

    /** @return true if recovery prefers the latest checkpoint over a newer savepoint */
    public boolean isPreferCheckpointForRecovery() {
        return preferCheckpointForRecovery;
    }

    /** @return true for aligned (exactly-once) barriers */
    public boolean isExactlyOnce() {
        return exactlyOnce;
    }

    /** @return what happens to retained checkpoints when the job stops */
    public CheckpointRetentionPolicy getCheckpointRetentionPolicy() {
        return retentionPolicy;
    }

    @Override
    public String toString() {
        return "CheckpointCoordinatorConfiguration{interval=" + checkpointInterval + ", timeout=" + checkpointTimeout
                + ", minPause=" + minPauseBetweenCheckpoints + ", maxConcurrent=" + maxConcurrentCheckpoints
                + ", tolerableFailures=" + tolerableCheckpointFailureNumber + ", preferCheckpoint="
                + preferCheckpointForRecovery + ", exactlyOnce=" + exactlyOnce + ", retention=" + retentionPolicy + "}";
    }

    /** Builds a configuration; each setter validates its value. */
    public static final class Builder {
        private long checkpointInterval = DISABLED_CHECKPOINT_INTERVAL;
        private long checkpointTimeout = 10 * 60 * 1000;
        private long minPauseBetweenCheckpoints;
        private int maxConcurrentCheckpoints = 1;
        private int tolerableCheckpointFailureNumber;
        private boolean preferCheckpointForRecovery;
        private boolean exactlyOnce = true;
        private CheckpointRetentionPolicy retentionPolicy = CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION;

        /** Creates a builder with the defaults: no periodic checkpoints, 10 min timeout, 1 concurrent. */
        public Builder() {}

        /**
         * @param interval ms between periodic checkpoints, at least 10, or {@link #DISABLED_CHECKPOINT_INTERVAL}
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is below 10 ms
         */
        public Builder setCheckpointInterval(long interval) {
            if (interval < MINIMAL_CHECKPOINT_TIME) {
                throw new IllegalArgumentException("checkpoint interval must be at least " + MINIMAL_CHECKPOINT_TIME
                        + " ms: interval=" + interval);
            }
            this.checkpointInterval = interval;
            return this;
        }

        /**
         * @param timeout ms after which a pending checkpoint expires, at least 10
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is below 10 ms
         */
        public Builder setCheckpointTimeout(long timeout) {
            if (timeout < MINIMAL_CHECKPOINT_TIME) {
                throw new IllegalArgumentException("checkpoint timeout must be at least " + MINIMAL_CHECKPOINT_TIME
                        + " ms: timeout=" + timeout);
            }
            this.checkpointTimeout = timeout;
            return this;
        }

        /**
         * @param minPause ms between the end of one checkpoint and the start of the next, not negative
         * @return this builder
         * @throws IllegalArgumentException naming the value if negative
         */
        public Builder setMinPauseBetweenCheckpoints(long minPause) {
            if (minPause < 0) {
                throw new IllegalArgumentException("min pause between checkpoints must not be negative: minPause=" + minPause);
            }
            this.minPauseBetweenCheckpoints = minPause;
            return this;
        }

        /**
         * @param maxConcurrent checkpoints pending at once, at least 1
         * @return this builder
         * @throws IllegalArgumentException naming the value if below 1
         */
        public Builder setMaxConcurrentCheckpoints(int maxConcurrent) {
            if (maxConcurrent < 1) {
                throw new IllegalArgumentException("max concurrent checkpoints must be at least 1: maxConcurrent=" + maxConcurrent);
            }
            this.maxConcurrentCheckpoints = maxConcurrent;
            return this;
        }

        /**
         * @param prefer true to recover from the latest checkpoint even if a savepoint is newer
         * @return this builder
         */
        public Builder setPreferCheckpointForRecovery(boolean prefer) {
            this.preferCheckpointForRecovery = prefer;
            return this;
        }

        /**
         * @param tolerable consecutive failures tolerated before the job fails, not negative
         * @return this builder
         * @throws IllegalArgumentException naming the value if negative
         */
        public Builder setTolerableCheckpointFailureNumber(int tolerable) {
            if (tolerable < 0) {
                throw new IllegalArgumentException("tolerable checkpoint failure number must not be negative: tolerable="
                        + tolerable);
            }
            this.tolerableCheckpointFailureNumber = tolerable;
            return this;
        }

        /**
         * @param exactlyOnce true for aligned barriers, false for at-least-once
         * @return this builder
         */
        public Builder setExactlyOnce(boolean exactlyOnce) {
            this.exactlyOnce = exactlyOnce;
            return this;
        }

        /**
         * @param policy what happens to retained checkpoints when the job stops
         * @return this builder
         */
        public Builder setCheckpointRetentionPolicy(CheckpointRetentionPolicy policy) {
            this.retentionPolicy = java.util.Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** @return the configuration */
        public CheckpointCoordinatorConfiguration build() {
            return new CheckpointCoordinatorConfiguration(this);
        }
    }
}
