package io.cairn.checkpoint.inspect;

import java.util.List;

/**
 * One operator in a checkpoint.
 *
 * @param operatorId the operator id, 32 hex digits
 * @param parallelism its parallelism when the checkpoint was taken
 * @param maxParallelism its max parallelism (number of key groups)
 * @param stateSize the size of all its handles, in bytes
 * @param subtasks the subtasks that reported state, by index
 * @param streams its distinct snapshot streams, keyed first
 */
public record OperatorReport(
        String operatorId,
        int parallelism,
        int maxParallelism,
        long stateSize,
        List<SubtaskReport> subtasks,
        List<StreamReport> streams) {

    /** Copies the lists. */
    public OperatorReport {
        subtasks = List.copyOf(subtasks);
        streams = List.copyOf(streams);
    }
}
