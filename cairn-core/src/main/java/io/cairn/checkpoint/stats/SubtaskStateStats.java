package io.cairn.checkpoint.stats;

import java.io.Serializable;
import java.util.Objects;

/**
 * One subtask's acknowledgement of one checkpoint, as the coordinator received it. Immutable.
 *
 * @param taskId identifies the subtask, e.g. {@code "map (2/4)"}; not blank
 * @param triggerTimestamp when the checkpoint was triggered, epoch ms
 * @param ackTimestamp when the coordinator received the acknowledgement, epoch ms; not before the trigger
 * @param metrics what the subtask reported
 */
public record SubtaskStateStats(String taskId, long triggerTimestamp, long ackTimestamp, CheckpointMetrics metrics)
        implements Serializable {

    /**
     * @param taskId identifies the subtask; not blank
     * @param triggerTimestamp when the checkpoint was triggered, epoch ms
     * @param ackTimestamp when the coordinator received the acknowledgement, epoch ms
     * @param metrics what the subtask reported
     * @throws IllegalArgumentException if {@code taskId} is blank, a timestamp is negative or the
     *     acknowledgement precedes the trigger
     */
    public SubtaskStateStats {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(metrics, "metrics");
        if (taskId.isBlank()) {
            throw new IllegalArgumentException("taskId must not be blank: '" + taskId + "'");
        }
        StatsChecks.requireNonNegative(triggerTimestamp, "triggerTimestamp");
        if (ackTimestamp < triggerTimestamp) {
            throw new IllegalArgumentException("ackTimestamp " + ackTimestamp + " of task '" + taskId
                    + "' precedes the checkpoint's triggerTimestamp " + triggerTimestamp);
        }
    }

    /** @return time from the trigger to this acknowledgement, ms */
    public long ackLatencyMillis() {
        return ackTimestamp - triggerTimestamp;
    }
}
