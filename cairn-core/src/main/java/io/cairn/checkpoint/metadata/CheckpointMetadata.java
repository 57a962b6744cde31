package io.cairn.checkpoint.metadata;

import io.cairn.checkpoint.storage.CheckpointProperties;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@code _metadata} file holds. Immutable.
 *
 * @param checkpointId the checkpoint id
 * @param timestamp when it was triggered, epoch ms
 * @param completionTimestamp when it was completed, epoch ms
 * @param properties its type and retention
 * @param operatorStates the state of every operator
 * @param masterStates the states of the master hooks
 */
public record CheckpointMetadata(
        long checkpointId,
        long timestamp,
        long completionTimestamp,
        CheckpointProperties properties,
        List<OperatorState> operatorStates,
        List<MasterState> masterStates) {

    /** Validates and copies. */
    public CheckpointMetadata {
        if (checkpointId < 0) {
            throw new IllegalArgumentException("checkpoint id must not be negative: " + checkpointId);
        }
        Objects.requireNonNull(properties, "properties");
        operatorStates = List.copyOf(operatorStates);
        masterStates = List.copyOf(masterStates);
    }
}
