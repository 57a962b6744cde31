package io.cairn.checkpoint.stats;

import java.io.Serializable;
import java.util.Collection;
import java.util.Objects;

/**
 * Immutable summaries over completed checkpoints: end-to-end duration (trigger to completion, ms),
 * checkpointed size (bytes persisted by the checkpoint, summed over its tasks), full state size
 * (bytes referenced, summed over its tasks), and ack latency (trigger to each task's ack, ms; one
 * sample per task). The first three take one sample per checkpoint.
 */
public final class CheckpointStatsSummarySnapshot implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final CheckpointStatsSummarySnapshot EMPTY = new CheckpointStatsSummarySnapshot(
            StatsSummarySnapshot.empty(), StatsSummarySnapshot.empty(), StatsSummarySnapshot.empty(),
            StatsSummarySnapshot.empty());

    private final StatsSummarySnapshot endToEndDuration;
    private final StatsSummarySnapshot checkpointedSize;
    private final StatsSummarySnapshot stateSize;
    private final StatsSummarySnapshot ackLatency;

    /**
     * @param endToEndDuration trigger-to-completion durations, ms, one per checkpoint
     * @param checkpointedSize bytes persisted, one per checkpoint
     * @param stateSize full state sizes, one per checkpoint
     * @param ackLatency trigger-to-ack latencies, ms, one per task acknowledgement
     */
    public CheckpointStatsSummarySnapshot(StatsSummarySnapshot endToEndDuration, StatsSummarySnapshot checkpointedSize,
            StatsSummarySnapshot stateSize, StatsSummarySnapshot ackLatency) {
        this.endToEndDuration = Objects.requireNonNull(endToEndDuration, "endToEndDuration");
        this.checkpointedSize = Objects.requireNonNull(checkpointedSize, "checkpointedSize");
        this.stateSize = Objects.requireNonNull(stateSize, "stateSize");
        this.ackLatency = Objects.requireNonNull(ackLatency, "ackLatency");
    }

    /** @return the summary of no checkpoints: every statistic is 0 */
    public static CheckpointStatsSummarySnapshot empty() {
        return EMPTY;
    }

    /**
     * Summarizes a single completed checkpoint from its tasks' acknowledgements: one sample each
     * for duration, checkpointed size and state size, and one ack-latency sample per task.
     *
     * @param triggerTimestamp when the checkpoint was triggered, epoch ms
     * @param completionTimestamp when it completed, epoch ms; not before the trigger
     * @param subtaskStats the tasks' acknowledgements, each with the same trigger timestamp
     * @return the summary
     * @throws IllegalArgumentException if the timestamps are inconsistent; the message names them
     */
    public static CheckpointStatsSummarySnapshot forCheckpoint(
            long triggerTimestamp, long completionTimestamp, Collection<SubtaskStateStats> subtaskStats) {
        StatsChecks.requireNonNegative(triggerTimestamp, "triggerTimestamp");
        if (completionTimestamp < triggerTimestamp) {
            throw new IllegalArgumentException("completionTimestamp " + completionTimestamp
                    + " precedes triggerTimestamp " + triggerTimestamp);
        }
        long persisted = 0;
        long state = 0;
        long[] latencies = new long[subtaskStats.size()];
        int i = 0;
        for (SubtaskStateStats s : subtaskStats) {
            if (s.triggerTimestamp() != triggerTimestamp) {
                throw new IllegalArgumentException("task '" + s.taskId() + "' acknowledged a checkpoint triggered at "
                        + s.triggerTimestamp() + ", not " + triggerTimestamp);
            }
            persisted = StatsChecks.saturatedAdd(persisted, s.metrics().bytesPersistedOfThisCheckpoint());
            state = StatsChecks.saturatedAdd(state, s.metrics().totalStateSizeBytes());
            latencies[i++] = s.ackLatencyMillis();
        }
        return new CheckpointStatsSummarySnapshot(
                StatsSummarySnapshot.of(completionTimestamp - triggerTimestamp),
                StatsSummarySnapshot.of(persisted),
                StatsSummarySnapshot.of(state),
                StatsSummarySnapshot.of(latencies));
    }

    /** @return trigger-to-completion durations, ms */
    public StatsSummarySnapshot getEndToEndDurationStats() {
        return endToEndDuration;
    }

    /** @return bytes persisted by each checkpoint */
    public StatsSummarySnapshot getCheckpointedSizeStats() {
        return checkpointedSize;
    }

    /** @return full state size of each checkpoint, bytes */
    public StatsSummarySnapshot getStateSizeStats() {
        return stateSize;
    }

    /** @return trigger-to-acknowledgement latency of each task, ms */
    public StatsSummarySnapshot getAckLatencyStats() {
        return ackLatency;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CheckpointStatsSummarySnapshot)) {
            return false;
        }
        CheckpointStatsSummarySnapshot s = (CheckpointStatsSummarySnapshot) o;
        return endToEndDuration.equals(s.endToEndDuration) && checkpointedSize.equals(s.checkpointedSize)
                && stateSize.equals(s.stateSize) && ackLatency.equals(s.ackLatency);
    }

    @Override
    public int hashCode() {
        return Objects.hash(endToEndDuration, checkpointedSize, stateSize, ackLatency);
    }

    @Override
    public String toString() {
        return "CheckpointStatsSummarySnapshot{duration=" + endToEndDuration + ", checkpointedSize=" + checkpointedSize
                + ", stateSize=" + stateSize + ", ackLatency=" + ackLatency + "}";
    }
}
