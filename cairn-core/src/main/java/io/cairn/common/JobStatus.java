package io.cairn.common;

/** How a job ended, or that it still runs; decides which checkpoints survive it. */
public enum JobStatus {
    /** Running. */
    RUNNING,
    /** All input was processed. */
    FINISHED,
    /** Cancelled by a user. */
    CANCELED,
    /** Failed beyond what the restart strategy allows. */
    FAILED,
    /** Suspended, e.g. on leader loss; it will be recovered. */
    SUSPENDED;

    /** @return true if the job will not run again */
    public boolean isGloballyTerminalState() {
        return this == FINISHED || this == CANCELED || this == FAILED;
    }
}
