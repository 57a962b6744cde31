package io.cairn.checkpoint.stats;

import io.cairn.checkpoint.storage.CheckpointProperties;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Statistics of a checkpoint in progress, and the handle the coordinator reports its
 * acknowledgements, completion or failure to. Thread-safe: it shares its tracker's lock. The copies
 * in a {@link CheckpointStatsSnapshot}'s history are frozen: they never change and reject reports.
 */
public final class PendingCheckpointStats extends AbstractCheckpointStats {

    /** Null for a frozen copy. */
    private final CheckpointStatsTracker tracker;
    private final Object lock;
    /** By task id, in report order. Guarded by {@link #lock}. */
    private final Map<String, SubtaskStateStats> acks;
    private long stateSize;
    private long checkpointedSize;
    private long latestAckTimestamp;
    private CheckpointStatsStatus status = CheckpointStatsStatus.IN_PROGRESS;

    PendingCheckpointStats(CheckpointStatsTracker tracker, long checkpointId, long triggerTimestamp,
            CheckpointProperties properties, int numberOfSubtasks) {
        super(checkpointId, triggerTimestamp, properties, numberOfSubtasks);
        this.tracker = tracker;
        this.lock = tracker.lock;
        this.acks = new LinkedHashMap<>();
        this.latestAckTimestamp = triggerTimestamp;
    }

    /** A frozen copy of {@code live}; the caller holds the lock. */
    private PendingCheckpointStats(PendingCheckpointStats live) {
        super(live.getCheckpointId(), live.getTriggerTimestamp(), live.getProperties(), live.getNumberOfSubtasks());
        this.tracker = null;
        this.lock = new Object();
        this.acks = Collections.unmodifiableMap(new LinkedHashMap<>(live.acks));
        this.stateSize = live.stateSize;
        this.checkpointedSize = live.checkpointedSize;
        this.latestAckTimestamp = live.latestAckTimestamp;
        this.status = live.status;
    }

    /** @return a frozen copy; the caller holds the tracker's lock */
    PendingCheckpointStats freeze() {
        return new PendingCheckpointStats(this);
    }

    /**
     * Records one subtask's acknowledgement. The first report of a task wins: a repeated report of
     * the same task id, or any report after completion or failure, is ignored and returns false.
     *
     * @param taskId identifies the subtask, e.g. {@code "map (2/4)"}; not blank
     * @param ackTimestamp when the coordinator received the acknowledgement, epoch ms; not before the trigger
     * @param metrics what the subtask reported
     * @return true if recorded; false if ignored
     * @throws IllegalArgumentException if {@code taskId} is blank or {@code ackTimestamp} precedes the trigger
     * @throws IllegalStateException if all {@link #getNumberOfSubtasks()} tasks already acknowledged and
     *     this is another task, or this is a frozen copy
     */
    public boolean reportSubtaskStats(String taskId, long ackTimestamp, CheckpointMetrics metrics) {
        SubtaskStateStats stats = new SubtaskStateStats(taskId, getTriggerTimestamp(), ackTimestamp, metrics);
        synchronized (lock) {
            requireLive();
            if (status != CheckpointStatsStatus.IN_PROGRESS || acks.containsKey(taskId)) {
                return false;
            }
            if (acks.size() == getNumberOfSubtasks()) {
                throw new IllegalStateException("checkpoint " + getCheckpointId() + " expects " + getNumberOfSubtasks()
                        + " subtasks and all acknowledged; unexpected task '" + taskId + "'");
            }
            acks.put(taskId, stats);
            stateSize = StatsChecks.saturatedAdd(stateSize, metrics.totalStateSizeBytes());
            checkpointedSize = StatsChecks.saturatedAdd(checkpointedSize, metrics.bytesPersistedOfThisCheckpoint());
            latestAckTimestamp = Math.max(latestAckTimestamp, ackTimestamp);
            return true;
        }
    }

    /**
     * Marks the checkpoint completed and adds it to the tracker's counts, history and summary.
     * Subtasks that never acknowledged are simply absent from its statistics.
     *
     * @param completionTimestamp when the checkpoint completed, epoch ms; not before the trigger
     * @param externalPointer where the checkpoint lives ({@code CompletedCheckpoint#getExternalPointer()})
     * @return the completed checkpoint's statistics
     * @throws IllegalArgumentException if {@code completionTimestamp} precedes the trigger
     * @throws IllegalStateException if the checkpoint already completed or failed, or this is a frozen copy
     */
    public CompletedCheckpointStats reportCompleted(long completionTimestamp, String externalPointer) {
        Objects.requireNonNull(externalPointer, "externalPointer");
        requireNotBeforeTrigger(completionTimestamp, "completionTimestamp");
        synchronized (lock) {
            requireLive();
            requireInProgress("complete");
            CompletedCheckpointStats completed = new CompletedCheckpointStats(getCheckpointId(), getTriggerTimestamp(),
                    getProperties(), getNumberOfSubtasks(), new ArrayList<>(acks.values()), stateSize,
                    checkpointedSize, completionTimestamp, externalPointer);
            status = CheckpointStatsStatus.COMPLETED;
            tracker.onCompleted(completed);
            return completed;
        }
    }

    /**
     * Marks the checkpoint failed and adds it to the tracker's counts and history.
     *
     * @param failureTimestamp when the checkpoint failed, epoch ms; not before the trigger
     * @param cause why; its {@code toString()} is kept
     * @return the failed checkpoint's statistics
     * @throws IllegalArgumentException if {@code failureTimestamp} precedes the trigger
     * @throws IllegalStateException if the checkpoint already completed or failed, or this is a frozen copy
     */
    public FailedCheckpointStats reportFailed(long failureTimestamp, Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        requireNotBeforeTrigger(failureTimestamp, "failureTimestamp");
        synchronized (lock) {
            requireLive();
            requireInProgress("fail");
            FailedCheckpointStats failed = new FailedCheckpointStats(getCheckpointId(), getTriggerTimestamp(),
                    getProperties(), getNumberOfSubtasks(), new ArrayList<>(acks.values()), stateSize,
                    checkpointedSize, failureTimestamp, cause.toString());
            status = CheckpointStatsStatus.FAILED;
            tracker.onFailed(failed);
            return failed;
        }
    }

    private void requireNotBeforeTrigger(long timestamp, String what) {
        if (timestamp < getTriggerTimestamp()) {
            throw new IllegalArgumentException(what + " " + timestamp + " of checkpoint " + getCheckpointId()
                    + " precedes its triggerTimestamp " + getTriggerTimestamp());
        }
    }

    private void requireLive() {
        if (tracker == null) {
            throw new IllegalStateException("checkpoint " + getCheckpointId()
                    + ": this is a frozen copy from a statistics snapshot; report to the tracker's handle");
        }
    }

    private void requireInProgress(String action) {
        if (status != CheckpointStatsStatus.IN_PROGRESS) {
            throw new IllegalStateException("cannot " + action + " checkpoint " + getCheckpointId() + ": it is already "
                    + status);
        }
    }

    /** @return {@link CheckpointStatsStatus#IN_PROGRESS} until this handle reports completion or failure */
    @Override
    public CheckpointStatsStatus getStatus() {
        synchronized (lock) {
            return status;
        }
    }

    @Override
    public int getNumberOfAcknowledgedSubtasks() {
        synchronized (lock) {
            return acks.size();
        }
    }

    @Override
    public List<SubtaskStateStats> getSubtaskStats() {
        synchronized (lock) {
            return List.copyOf(acks.values());
        }
    }

    @Override
    public long getStateSize() {
        synchronized (lock) {
            return stateSize;
        }
    }

    @Override
    public long getCheckpointedSize() {
        synchronized (lock) {
            return checkpointedSize;
        }
    }

    @Override
    public long getEndToEndDuration() {
        synchronized (lock) {
            return latestAckTimestamp - getTriggerTimestamp();
        }
    }
}
