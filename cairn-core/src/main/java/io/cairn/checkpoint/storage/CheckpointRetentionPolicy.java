package io.cairn.checkpoint.storage;

/** What happens to a job's retained checkpoints when the job stops. */
public enum CheckpointRetentionPolicy {
    /** Delete them whenever the job stops for good (finish, cancel or failure). */
    NEVER_RETAIN_AFTER_TERMINATION,
    /** Keep them when the job is cancelled or fails; delete them when it finishes. */
    RETAIN_ON_CANCELLATION,
    /** Keep them when the job fails; delete them when it is cancelled or finishes. */
    RETAIN_ON_FAILURE
}
