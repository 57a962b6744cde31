package io.cairn.config;

/** What happens to a job's retained checkpoints when the job stops. */
public enum ExternalizedCheckpointRetention {
    /** Checkpoints are kept when the job fails, and deleted when it is cancelled. */
    DELETE_ON_CANCELLATION,
    /** Checkpoints are kept when the job fails and when it is cancelled; the user deletes them. */
    RETAIN_ON_CANCELLATION,
    /** Checkpoints are not externalized: they are deleted when the job stops for any reason. */
    NO_EXTERNALIZED_CHECKPOINTS
}
