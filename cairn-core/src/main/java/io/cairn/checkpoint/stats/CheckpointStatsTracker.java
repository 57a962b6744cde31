package io.cairn.checkpoint.stats;

import io.cairn.checkpoint.storage.CheckpointProperties;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects statistics of a job's checkpoints and savepoints for the coordinator: counts, a bounded
 * history of the newest ones, the latest completed/failed/savepoint/restore, and summaries over
 * completed ones. "Latest" means most recently reported.
 *
 * <p>Thread-safe: one lock guards the tracker and every {@link PendingCheckpointStats} it hands
 * out, so reports may come from any thread and {@link #createSnapshot()} is a consistent cut.
 */
public final class CheckpointStatsTracker {

    /** How many checkpoints the history keeps unless configured otherwise. */
    public static final int DEFAULT_HISTORY_SIZE = 10;

    /** Guards everything here and in the pending handles. */
    final Object lock = new Object();

    private final int historySize;
    /** By checkpoint id, oldest trigger first; in-progress entries are the live handles. */
    private final LinkedHashMap<Long, AbstractCheckpointStats> history = new LinkedHashMap<>();
    private final Map<Long, PendingCheckpointStats> inProgress = new HashMap<>();
    private final StatsSummary durations;
    private final StatsSummary checkpointedSizes;
    private final StatsSummary stateSizes;
    private final StatsSummary ackLatencies;
    /** Null when a completion changed the summaries since the last snapshot. */
    private CheckpointStatsSummarySnapshot summaryCache = CheckpointStatsSummarySnapshot.empty();
    private long triggered;
    private long completed;
    private long failed;
    private long restored;
    private CompletedCheckpointStats latestCompleted;
    private CompletedCheckpointStats latestSavepoint;
    private FailedCheckpointStats latestFailed;
    private RestoredCheckpointStats latestRestored;

    /** Creates a tracker keeping {@value #DEFAULT_HISTORY_SIZE} checkpoints of history. */
    public CheckpointStatsTracker() {
        this(DEFAULT_HISTORY_SIZE);
    }

    /**
     * @param historySize how many of the most recently triggered checkpoints to keep, 0 or more
     * @throws IllegalArgumentException if {@code historySize} is negative
     */
    public CheckpointStatsTracker(int historySize) {
        this(historySize, StatsSummary.DEFAULT_MAX_RETAINED_SAMPLES);
    }

    /**
     * @param historySize how many of the most recently triggered checkpoints to keep, 0 or more
     * @param maxRetainedSamples how many newest samples each summary keeps for quantiles, at least 1
     * @throws IllegalArgumentException if an argument is out of range
     */
    public CheckpointStatsTracker(int historySize, int maxRetainedSamples) {
        if (historySize < 0) {
            throw new IllegalArgumentException("historySize must not be negative: " + historySize);
        }
        this.historySize = historySize;
        this.durations = new StatsSummary(maxRetainedSamples);
        this.checkpointedSizes = new StatsSummary(maxRetainedSamples);
        this.stateSizes = new StatsSummary(maxRetainedSamples);
        this.ackLatencies = new StatsSummary(maxRetainedSamples);
    }

    /** @return how many checkpoints the history keeps */
    public int getHistorySize() {
        return historySize;
    }

    /**
     * Records that a checkpoint or savepoint was triggered.
     *
     * @param checkpointId its id, not negative and not currently in progress
     * @param triggerTimestamp when it was triggered, epoch ms
     * @param props its type and retention
     * @param numberOfTasks how many subtasks must acknowledge it, at least 1
     * @return the handle to report acknowledgements, completion or failure to
     * @throws IllegalArgumentException if an argument is out of range or the id is already in progress
     */
    public PendingCheckpointStats reportPendingCheckpoint(
            long checkpointId, long triggerTimestamp, CheckpointProperties props, int numberOfTasks) {
        PendingCheckpointStats pending =
                new PendingCheckpointStats(this, checkpointId, triggerTimestamp, props, numberOfTasks);
        synchronized (lock) {
            if (inProgress.containsKey(checkpointId)) {
                throw new IllegalArgumentException("checkpoint " + checkpointId + " is already in progress");
            }
            inProgress.put(checkpointId, pending);
            triggered++;
            history.remove(checkpointId);
            history.put(checkpointId, pending);
            Iterator<AbstractCheckpointStats> it = history.values().iterator();
            while (history.size() > historySize) {
                it.next();
                it.remove();
            }
        }
        return pending;
    }

    /**
     * Records that the job restored from a checkpoint or savepoint.
     *
     * @param checkpointId the id of the checkpoint restored from, not negative
     * @param props its type and retention
     * @param externalPointer where it was restored from
     * @param restoreTimestamp when the restore happened, epoch ms
     * @return the restore's statistics
     * @throws IllegalArgumentException if the id or timestamp is negative
     */
    public RestoredCheckpointStats reportRestoredCheckpoint(
            long checkpointId, CheckpointProperties props, String externalPointer, long restoreTimestamp) {
        RestoredCheckpointStats restore = new RestoredCheckpointStats(checkpointId, props, externalPointer, restoreTimestamp);
        synchronized (lock) {
            restored++;
            latestRestored = restore;
        }
        return restore;
    }

    /** @return a consistent, immutable view of everything recorded so far */
    public CheckpointStatsSnapshot createSnapshot() {
        synchronized (lock) {
            if (summaryCache == null) {
                summaryCache = new CheckpointStatsSummarySnapshot(durations.createSnapshot(),
                        checkpointedSizes.createSnapshot(), stateSizes.createSnapshot(), ackLatencies.createSnapshot());
            }
            List<AbstractCheckpointStats> newestFirst = new ArrayList<>(history.size());
            for (AbstractCheckpointStats s : history.values()) {
                newestFirst.add(s instanceof PendingCheckpointStats p ? p.freeze() : s);
            }
            Collections.reverse(newestFirst);
            CheckpointStatsCounts counts = new CheckpointStatsCounts(triggered, inProgress.size(), completed, failed, restored);
            return new CheckpointStatsSnapshot(counts, summaryCache, newestFirst, latestCompleted, latestSavepoint,
                    latestFailed, latestRestored);
        }
    }

    /** Called by the pending handle, holding the lock. */
    void onCompleted(CompletedCheckpointStats stats) {
        inProgress.remove(stats.getCheckpointId());
        completed++;
        history.replace(stats.getCheckpointId(), stats);
        if (stats.isSavepoint()) {
            latestSavepoint = stats;
        } else {
            latestCompleted = stats;
        }
        durations.add(stats.getEndToEndDuration());
        checkpointedSizes.add(stats.getCheckpointedSize());
        stateSizes.add(stats.getStateSize());
        for (SubtaskStateStats s : stats.getSubtaskStats()) {
            ackLatencies.add(s.ackLatencyMillis());
        }
        summaryCache = null;
    }

    /** Called by the pending handle, holding the lock. */
    void onFailed(FailedCheckpointStats stats) {
        inProgress.remove(stats.getCheckpointId());
        failed++;
        history.replace(stats.getCheckpointId(), stats);
        latestFailed = stats;
    }
}
