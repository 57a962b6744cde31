package io.cairn.checkpoint;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Counts consecutive checkpoint failures and fails the job when more than the tolerable number
 * happen in a row. A completed checkpoint resets the count. Reasons that are not the checkpoint's
 * fault (subsumed, shutdown, too many requests...) do not count; see
 * {@link CheckpointFailureReason#countsAsFailure()}.
 *
 * <p>Threads: called under the coordinator's lock.
 */
public final class CheckpointFailureManager {

    private final int tolerableFailures;
    private final Consumer<Throwable> failJob;
    private int continuousFailures;
    private boolean jobFailed;

    /**
     * @param tolerableFailures consecutive counted failures tolerated, not negative
     * @param failJob called once when the limit is exceeded, with the cause
     */
    public CheckpointFailureManager(int tolerableFailures, Consumer<Throwable> failJob) {
        if (tolerableFailures < 0) {
            throw new IllegalArgumentException("tolerableFailures must not be negative: " + tolerableFailures);
        }
        this.tolerableFailures = tolerableFailures;
        this.failJob = Objects.requireNonNull(failJob, "failJob");
    }

    /**
     * Records a failed checkpoint.
     *
     * @param checkpointId the failed checkpoint, or -1 if it failed before getting an id
     * @param exception why it failed
     */
    public void handleCheckpointFailure(long checkpointId, CheckpointException exception) {
        if (!exception.getCheckpointFailureReason().countsAsFailure()) {
            return;
        }
        continuousFailures++;
        if (continuousFailures > tolerableFailures && !jobFailed) {
            jobFailed = true;
            failJob.accept(new CheckpointException("exceeded the tolerable number of consecutive checkpoint failures ("
                    + tolerableFailures + "); the last was checkpoint " + checkpointId,
                    exception.getCheckpointFailureReason(), exception));
        }
    }

    /**
     * Records a completed checkpoint, which resets the count.
     *
     * @param checkpointId the completed checkpoint
     */
    public void handleCheckpointSuccess(long checkpointId) {
        continuousFailures = 0;
    }

    /** Forgets a job failure after a restart, so that the new attempt is judged afresh. */
    public void reset() {
        continuousFailures = 0;
        jobFailed = false;
    }

    /** @return the number of counted failures since the last success */
    public int getContinuousFailureCount() {
        return continuousFailures;
    }
}
