package io.cairn.runtime.executor;

import io.cairn.checkpoint.CheckpointCoordinatorConfiguration;
import io.cairn.checkpoint.storage.CheckpointStorage;
import io.cairn.checkpoint.storage.JobManagerCheckpointStorage;
import io.cairn.common.JobID;
import io.cairn.state.backend.StateBackend;
import io.cairn.state.heap.HashMapStateBackend;
import java.util.Objects;

/**
 * How a job runs: state backend, checkpoint storage and settings, restarts, and where to start from.
 * Mutable builder-style setters; not thread-safe.
 */
public final class JobConfig {

    private StateBackend stateBackend = new HashMapStateBackend();
    private CheckpointStorage checkpointStorage = new JobManagerCheckpointStorage();
    private CheckpointCoordinatorConfiguration checkpointing = CheckpointCoordinatorConfiguration.builder().build();
    private int retainedCheckpoints = 1;
    private RestartStrategy restartStrategy = RestartStrategy.none();
    private JobID jobId;
    private String restorePath;
    private boolean allowNonRestoredState;
    private boolean resumeFromLatestCheckpoint;
    private JobListener listener = JobListener.NONE;
    private int statsHistorySize = 10;
    private boolean retainCheckpointsOnFinish;
    private boolean chaining = true;
    private boolean recoverTasksAlone = true;
    private long replayLogBytes = 64L << 20;

    /** Creates the default configuration: heap state, in-memory checkpoints, no checkpointing, no restarts. */
    public JobConfig() {}

    /** @param v the state backend @return this */
    public JobConfig stateBackend(StateBackend v) {
        this.stateBackend = Objects.requireNonNull(v, "stateBackend");
        return this;
    }

    /** @param v the checkpoint storage @return this */
    public JobConfig checkpointStorage(CheckpointStorage v) {
        this.checkpointStorage = Objects.requireNonNull(v, "checkpointStorage");
        return this;
    }

    /** @param v the coordinator settings (interval, timeout, mode...) @return this */
    public JobConfig checkpointing(CheckpointCoordinatorConfiguration v) {
        this.checkpointing = Objects.requireNonNull(v, "checkpointing");
        return this;
    }

    /** @param v completed checkpoints to keep, at least 1 @return this */
    public JobConfig retainedCheckpoints(int v) {
        if (v < 1) {
            throw new IllegalArgumentException("retained checkpoints must be at least 1: " + v);
        }
        this.retainedCheckpoints = v;
        return this;
    }

    /** @param v what happens after a failure @return this */
    public JobConfig restartStrategy(RestartStrategy v) {
        this.restartStrategy = Objects.requireNonNull(v, "restartStrategy");
        return this;
    }

    /** @param v a fixed job id (so checkpoints of earlier runs can be found), or null to derive it from the job name @return this */
    public JobConfig jobId(JobID v) {
        this.jobId = v;
        return this;
    }

    /**
     * @param path a savepoint or retained checkpoint (directory or {@code _metadata}) to start from, or null
     * @param allowNonRestored whether state of operators that no longer exist may be dropped
     * @return this
     */
    public JobConfig restoreFrom(String path, boolean allowNonRestored) {
        this.restorePath = path;
        this.allowNonRestoredState = allowNonRestored;
        return this;
    }

    /** @param v whether to start from the newest completed checkpoint this job left in file-system storage @return this */
    public JobConfig resumeFromLatestCheckpoint(boolean v) {
        this.resumeFromLatestCheckpoint = v;
        return this;
    }

    /** @param v observes checkpoints and restarts @return this */
    public JobConfig listener(JobListener v) {
        this.listener = Objects.requireNonNull(v, "listener");
        return this;
    }

    /** @param v how many recent checkpoints the statistics keep in their history @return this */
    public JobConfig statsHistorySize(int v) {
        if (v < 1) {
            throw new IllegalArgumentException("stats history size must be at least 1: " + v);
        }
        this.statsHistorySize = v;
        return this;
    }

    /**
     * @param v whether the retained checkpoints survive a job that finishes (normally they follow their
     *     retention policy, which deletes them), e.g. so they can be inspected afterwards
     * @return this
     */
    public JobConfig retainCheckpointsOnFinish(boolean v) {
        this.retainCheckpointsOnFinish = v;
        return this;
    }

    /**
     * Operator chaining, on by default. A {@code FORWARD} edge that is its upstream vertex's only
     * output is chained: the downstream operator runs in the upstream operator's task, on the same
     * thread, and receives each record by a direct call, with no channel, no serialization and no
     * thread hand-over (in the fluent API, e.g. a sink with its input's parallelism after a keyed
     * function). Chained operators keep their own state, operator ids and checkpoint
     * acknowledgements, so checkpoints and savepoints are the same with and without chaining and a
     * job may be restored from either. Turn it off to give every operator its own thread, e.g. to
     * spread a slow sink over another core.
     *
     * @param v whether to chain operators
     * @return this
     */
    public JobConfig chaining(boolean v) {
        this.chaining = v;
        return this;
    }

    boolean chaining() {
        return chaining;
    }

    /**
     * Recovery of one task alone, on by default. When a task fails that is not a source and sends
     * nothing to other tasks (in the fluent API: a keyed function chained to its sink), only that task
     * is restored from the latest completed checkpoint, and its upstream tasks send it again, from an
     * in-memory replay log, what they sent it since that checkpoint's barrier; the other tasks keep
     * running. Its sink commits and cleans up after that subtask only. The whole job restarts instead
     * when this is off, when checkpointing is off (nothing would trim the logs), when the failed task does not qualify (or its sink cannot recover one subtask,
     * see {@link io.cairn.runtime.sink.TwoPhaseCommittingSink#supportsSubtaskRecovery}), once the
     * sources have reached their end or a stop-with-savepoint is in progress, or when a replay log no
     * longer reaches back to the checkpoint (see {@link #replayLogBytes}). Either way it counts as a
     * restart of the {@link #restartStrategy restart strategy}.
     *
     * @param v whether a task may be recovered alone
     * @return this
     */
    public JobConfig recoverTasksAlone(boolean v) {
        this.recoverTasksAlone = v;
        return this;
    }

    boolean recoverTasksAlone() {
        return recoverTasksAlone;
    }

    /**
     * The most bytes of records each upstream task keeps in its replay log for
     * {@link #recoverTasksAlone recovery alone}, 64 MiB by default: what it sent since the oldest
     * checkpoint a downstream task may still be restored from (normally the last completed one, so
     * about one checkpoint interval and duration of its output). A log that would grow past it is
     * dropped until the next barrier, and a failure before the next checkpoint completes restarts the
     * whole job.
     *
     * @param v the limit in bytes, at least 1
     * @return this
     */
    public JobConfig replayLogBytes(long v) {
        if (v < 1) {
            throw new IllegalArgumentException("replay log bytes must be at least 1: " + v);
        }
        this.replayLogBytes = v;
        return this;
    }

    long replayLogBytes() {
        return replayLogBytes;
    }

    boolean retainCheckpointsOnFinish() {
        return retainCheckpointsOnFinish;
    }

    int statsHistorySize() {
        return statsHistorySize;
    }

    StateBackend stateBackend() {
        return stateBackend;
    }

    CheckpointStorage checkpointStorage() {
        return checkpointStorage;
    }

    CheckpointCoordinatorConfiguration checkpointing() {
        return checkpointing;
    }

    int retainedCheckpoints() {
        return retainedCheckpoints;
    }

    RestartStrategy restartStrategy() {
        return restartStrategy;
    }

    JobID jobId() {
        return jobId;
    }

    String restorePath() {
        return restorePath;
    }

    boolean allowNonRestoredState() {
        return allowNonRestoredState;
    }

    boolean resumeFromLatestCheckpoint() {
        return resumeFromLatestCheckpoint;
    }

    JobListener listener() {
        return listener;
    }
}
