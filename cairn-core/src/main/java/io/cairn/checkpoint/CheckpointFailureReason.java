package io.cairn.checkpoint;

/** Why a checkpoint failed, and whether that failure counts towards the tolerable-failure limit. */
public enum CheckpointFailureReason {
    /** The coordinator is shutting down. */
    CHECKPOINT_COORDINATOR_SHUTDOWN(false, "the checkpoint coordinator is shut down"),
    /** Periodic checkpointing was stopped. */
    PERIODIC_SCHEDULER_SHUTDOWN(false, "periodic checkpointing was stopped"),
    /** Too many requests are queued. */
    TOO_MANY_CHECKPOINT_REQUESTS(false, "too many checkpoint requests are queued"),
    /** Not every task is running, so a consistent snapshot cannot be taken. */
    NOT_ALL_REQUIRED_TASKS_RUNNING(false, "not all required tasks are running"),
    /** A newer checkpoint completed first. */
    CHECKPOINT_SUBSUMED(false, "a newer checkpoint completed first"),
    /** The checkpoint did not complete within the timeout. */
    CHECKPOINT_EXPIRED(true, "the checkpoint expired before completing"),
    /** A task declined the checkpoint. */
    CHECKPOINT_DECLINED(true, "a task declined the checkpoint"),
    /** A task's asynchronous snapshot part failed. */
    CHECKPOINT_ASYNC_EXCEPTION(true, "the asynchronous part of a task's snapshot failed"),
    /** The checkpoint was aborted by a cancellation barrier or a task failure. */
    CHECKPOINT_DECLINED_ON_CANCELLATION_BARRIER(true, "the checkpoint was cancelled by a task"),
    /** A master hook failed. */
    MASTER_HOOK_FAILURE(true, "a master hook failed"),
    /** Checkpoint storage could not be initialized. */
    IO_EXCEPTION(true, "checkpoint storage failed"),
    /** Writing the metadata or adding to the store failed. */
    FINALIZE_CHECKPOINT_FAILURE(true, "finalizing the checkpoint failed"),
    /** A task failed while the checkpoint was pending. */
    TASK_FAILURE(false, "a task failed"),
    /** A task finished its input and closed its state before the asynchronous part of its snapshot ran. */
    CHECKPOINT_DECLINED_TASK_CLOSING(false, "a task finished before its snapshot was written"),
    /** Something else went wrong. */
    UNKNOWN_FAILURE(true, "unknown failure");

    private final boolean countsAsFailure;
    private final String message;

    CheckpointFailureReason(boolean countsAsFailure, String message) {
        this.countsAsFailure = countsAsFailure;
        this.message = message;
    }

    /** @return true if this failure counts towards {@code tolerable-failed-checkpoints} */
    public boolean countsAsFailure() {
        return countsAsFailure;
    }

    /** @return a human-readable explanation */
    public String message() {
        return message;
    }
}
