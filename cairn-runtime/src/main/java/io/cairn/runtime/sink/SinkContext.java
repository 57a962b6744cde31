package io.cairn.runtime.sink;

/**
 * Identifies a sink subtask and the job attempt it runs in.
 *
 * @param subtaskIndex the subtask index
 * @param parallelism the sink's parallelism
 * @param attemptId unique per deployment of the job (a restart gets a new one); names in-progress output
 */
public record SinkContext(int subtaskIndex, int parallelism, String attemptId) {}
