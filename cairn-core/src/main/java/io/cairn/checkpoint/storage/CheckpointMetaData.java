package io.cairn.checkpoint.storage;

import java.io.Serializable;

/**
 * The identity of one checkpoint as a task sees it.
 *
 * @param checkpointId the checkpoint id, positive and increasing
 * @param timestamp when the coordinator triggered it, in epoch milliseconds
 */
public record CheckpointMetaData(long checkpointId, long timestamp) implements Serializable {

    /** @return the checkpoint id */
    public long getCheckpointId() {
        return checkpointId;
    }

    /** @return the trigger timestamp */
    public long getTimestamp() {
        return timestamp;
    }
}
