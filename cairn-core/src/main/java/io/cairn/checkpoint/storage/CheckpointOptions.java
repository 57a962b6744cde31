package io.cairn.checkpoint.storage;

import java.io.Serializable;
import java.util.Objects;

/**
 * The options sent with one checkpoint trigger to every task: its type, where to write, whether
 * barriers are aligned (exactly-once) and, for savepoints, the format. Immutable.
 */
public final class CheckpointOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    private final CheckpointType checkpointType;
    private final CheckpointStorageLocationReference targetLocation;
    private final boolean exactlyOnceMode;
    private final SavepointFormatType savepointFormat;

    /**
     * Options for an exactly-once snapshot; savepoints use the canonical format.
     *
     * @param checkpointType checkpoint or savepoint
     * @param targetLocation where to write
     */
    public CheckpointOptions(CheckpointType checkpointType, CheckpointStorageLocationReference targetLocation) {
        this(checkpointType, targetLocation, true, SavepointFormatType.DEFAULT);
    }

    /**
     * @param checkpointType checkpoint or savepoint
     * @param targetLocation where to write
     * @param exactlyOnceMode true to align barriers, false for at-least-once
     * @param savepointFormat the savepoint layout; ignored for checkpoints
     */
    public CheckpointOptions(
            CheckpointType checkpointType,
            CheckpointStorageLocationReference targetLocation,
            boolean exactlyOnceMode,
            SavepointFormatType savepointFormat) {
        this.checkpointType = Objects.requireNonNull(checkpointType, "checkpointType");
        this.targetLocation = Objects.requireNonNull(targetLocation, "targetLocation");
        this.exactlyOnceMode = exactlyOnceMode;
        this.savepointFormat = Objects.requireNonNull(savepointFormat, "savepointFormat");
    }

    /** @return options for an exactly-once checkpoint at the default location */
    public static CheckpointOptions forCheckpointWithDefaultLocation() {
        return new CheckpointOptions(CheckpointType.CHECKPOINT, CheckpointStorageLocationReference.getDefault());
    }

    /** @return checkpoint or savepoint */
    public CheckpointType getCheckpointType() {
        return checkpointType;
    }

    /** @return where to write */
    public CheckpointStorageLocationReference getTargetLocation() {
        return targetLocation;
    }

    /** @return true if barriers are aligned */
    public boolean isExactlyOnceMode() {
        return exactlyOnceMode;
    }

    /** @return the savepoint layout */
    public SavepointFormatType getSavepointFormat() {
        return savepointFormat;
    }

    /**
     * @return true if backends must write the backend-independent full format: canonical savepoints
     */
    public boolean requiresCanonicalFormat() {
        return checkpointType.isSavepoint() && savepointFormat == SavepointFormatType.CANONICAL;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CheckpointOptions)) {
            return false;
        }
        CheckpointOptions that = (CheckpointOptions) o;
        return checkpointType == that.checkpointType && targetLocation.equals(that.targetLocation)
                && exactlyOnceMode == that.exactlyOnceMode && savepointFormat == that.savepointFormat;
    }

    @Override
    public int hashCode() {
        return Objects.hash(checkpointType, targetLocation, exactlyOnceMode, savepointFormat);
    }

    @Override
    public String toString() {
        return "CheckpointOptions{" + checkpointType + ", " + targetLocation
                + (exactlyOnceMode ? ", exactly-once" : ", at-least-once")
                + (checkpointType.isSavepoint() ? ", " + savepointFormat : "") + "}";
    }
}
