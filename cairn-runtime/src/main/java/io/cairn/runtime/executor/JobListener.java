package io.cairn.runtime.executor;

import io.cairn.checkpoint.CompletedCheckpoint;

/** Observes a running job; callbacks run on the runner's threads and must be quick. */
public interface JobListener {

    /** A listener that ignores everything. */
    JobListener NONE = new JobListener() {};

    /**
     * @param checkpoint a checkpoint or savepoint that completed
     */
    default void checkpointCompleted(CompletedCheckpoint checkpoint) {}

    /**
     * @param attempt the restart number, from 1
     * @param cause the failure that caused it
     */
    default void restarting(int attempt, Throwable cause) {}

    /**
     * @param path the savepoint or checkpoint the job starts from
     */
    default void restoredFrom(String path) {}
}
