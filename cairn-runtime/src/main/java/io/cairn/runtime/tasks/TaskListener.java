package io.cairn.runtime.tasks;

/** How a task reports to the job runner. Called from the task's thread. */
public interface TaskListener {

    /**
     * The task ended normally.
     *
     * @param task the task
     */
    void taskFinished(StreamTask task);

    /**
     * The task failed.
     *
     * @param task the task
     * @param cause why
     */
    void taskFailed(StreamTask task, Throwable cause);

    /**
     * A source task read all its input and now waits for the final checkpoint and the finish signal.
     *
     * @param task the source task
     */
    void sourceReachedEnd(StreamTask task);
}
