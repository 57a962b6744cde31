package io.cairn.checkpoint.storage;

import io.cairn.common.JobStatus;
import java.io.Serializable;
import java.util.Objects;

/**
 * How a snapshot is treated over its life: its type, whether it was forced, and who deletes it.
 * Checkpoints are subsumed by newer ones and follow their retention policy when the job stops;
 * savepoints belong to the user and are never deleted by the system. Immutable.
 */
public final class CheckpointProperties implements Serializable {

    private static final long serialVersionUID = 1L;

    private final CheckpointType checkpointType;
    private final CheckpointRetentionPolicy retentionPolicy;
    private final boolean forced;

    private CheckpointProperties(CheckpointType type, CheckpointRetentionPolicy retentionPolicy, boolean forced) {
        this.checkpointType = Objects.requireNonNull(type, "checkpointType");
        this.retentionPolicy = Objects.requireNonNull(retentionPolicy, "retentionPolicy");
        this.forced = forced;
    }

    /**
     * @param retentionPolicy what happens to the checkpoint when the job stops
     * @return properties of a periodic checkpoint
     */
    public static CheckpointProperties forCheckpoint(CheckpointRetentionPolicy retentionPolicy) {
        return new CheckpointProperties(CheckpointType.CHECKPOINT, retentionPolicy, false);
    }

    /**
     * @param forced whether the savepoint is taken even if checkpointing is otherwise paused
     * @return properties of a savepoint
     */
    public static CheckpointProperties forSavepoint(boolean forced) {
        return new CheckpointProperties(CheckpointType.SAVEPOINT, CheckpointRetentionPolicy.RETAIN_ON_FAILURE, forced);
    }

    /**
     * Rebuilds properties read from metadata.
     *
     * @param type the type
     * @param retentionPolicy the retention policy
     * @param forced the forced flag
     * @return the properties
     */
    public static CheckpointProperties of(CheckpointType type, CheckpointRetentionPolicy retentionPolicy, boolean forced) {
        return type.isSavepoint() ? forSavepoint(forced) : new CheckpointProperties(type, retentionPolicy, forced);
    }

    /** @return checkpoint or savepoint */
    public CheckpointType getCheckpointType() {
        return checkpointType;
    }

    /** @return the retention policy; savepoints report {@link CheckpointRetentionPolicy#RETAIN_ON_FAILURE} but are never discarded */
    public CheckpointRetentionPolicy getRetentionPolicy() {
        return retentionPolicy;
    }

    /** @return true if taken even while checkpointing is otherwise held back */
    public boolean isForced() {
        return forced;
    }

    /** @return true for savepoints */
    public boolean isSavepoint() {
        return checkpointType.isSavepoint();
    }

    /** @return true if a newer completed checkpoint may delete this one */
    public boolean discardOnSubsumed() {
        return !isSavepoint();
    }

    /**
     * @param status how the job ended
     * @return true if the snapshot must be deleted when the job ends with {@code status}
     */
    public boolean discardOnJobStatus(JobStatus status) {
        if (isSavepoint()) {
            return false;
        }
        switch (status) {
            case FINISHED:
                return true;
            case CANCELED:
                return retentionPolicy == CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION
                        || retentionPolicy == CheckpointRetentionPolicy.RETAIN_ON_FAILURE;
            case FAILED:
                return retentionPolicy == CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION;
            default:
                return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckpointProperties
                && checkpointType == ((CheckpointProperties) o).checkpointType
                && retentionPolicy == ((CheckpointProperties) o).retentionPolicy
                && forced == ((CheckpointProperties) o).forced;
    }

    @Override
    public int hashCode() {
        return Objects.hash(checkpointType, retentionPolicy, forced);
    }

    @Override
    public String toString() {
        return "CheckpointProperties{" + checkpointType + ", " + retentionPolicy + (forced ? ", forced" : "") + "}";
    }
}
