package io.cairn.checkpoint;

import io.cairn.checkpoint.metadata.CheckpointMetadata;
import io.cairn.checkpoint.metadata.MasterState;
import io.cairn.checkpoint.metadata.OperatorState;
import io.cairn.checkpoint.metadata.OperatorSubtaskState;
import io.cairn.checkpoint.stats.CheckpointMetrics;
import io.cairn.checkpoint.stats.PendingCheckpointStats;
import io.cairn.checkpoint.storage.CheckpointProperties;
import io.cairn.checkpoint.storage.CheckpointStorageLocation;
import io.cairn.checkpoint.storage.CompletedCheckpointStorageLocation;
import io.cairn.common.OperatorID;
import io.cairn.execution.ExecutionAttemptID;
import io.cairn.execution.ExecutionJobVertex;
import io.cairn.execution.ExecutionVertex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * A triggered checkpoint waiting for its acknowledgements. It knows which task attempts must
 * acknowledge, collects their state per operator and subtask, and either becomes a
 * {@link CompletedCheckpoint} ({@link #finalizeCheckpoint}) or is aborted, discarding what it
 * collected.
 *
 * <p>Threads: used under the coordinator's lock only.
 */
public final class PendingCheckpoint {

    /** The outcome of one acknowledgement. */
    public enum TaskAcknowledgeResult {
        /** Recorded. */
        SUCCESS,
        /** That attempt had already acknowledged. */
        DUPLICATE,
        /** That attempt is not part of this checkpoint. */
        UNKNOWN,
        /** The checkpoint was already aborted or completed. */
        DISCARDED
    }

    private final long checkpointId;
    private final long triggerTimestamp;
    private final CheckpointProperties properties;
    private final CheckpointStorageLocation location;
    private final Map<ExecutionAttemptID, ExecutionVertex> notYetAcknowledged;
    private final Map<ExecutionAttemptID, ExecutionVertex> acknowledged = new LinkedHashMap<>();
    private final Map<OperatorID, ExecutionJobVertex> vertices = new LinkedHashMap<>();
    private final Map<OperatorID, Map<Integer, OperatorSubtaskState>> collected = new LinkedHashMap<>();
    private final List<MasterState> masterStates = new ArrayList<>();
    private final CompletableFuture<CompletedCheckpoint> completionFuture = new CompletableFuture<>();
    private final Map<ExecutionAttemptID, CheckpointMetrics> metrics = new HashMap<>();
    private ScheduledFuture<?> cancellerHandle;
    private PendingCheckpointStats stats;
    private boolean disposed;

    /**
     * @param checkpointId the id
     * @param triggerTimestamp when it was triggered
     * @param properties its type and retention
     * @param location where it is written
     * @param tasksToAcknowledge every subtask attempt that must acknowledge
     */
    public PendingCheckpoint(
            long checkpointId,
            long triggerTimestamp,
            CheckpointProperties properties,
            CheckpointStorageLocation location,
            Collection<ExecutionVertex> tasksToAcknowledge) {
        this.checkpointId = checkpointId;
        this.triggerTimestamp = triggerTimestamp;
        this.properties = properties;
        this.location = location;
        this.notYetAcknowledged = new LinkedHashMap<>();
        for (ExecutionVertex v : tasksToAcknowledge) {
            notYetAcknowledged.put(v.getCurrentAttempt(), v);
            vertices.putIfAbsent(v.getJobVertex().getOperatorID(), v.getJobVertex());
        }
    }

    /** @return the checkpoint id */
    public long getCheckpointId() {
        return checkpointId;
    }

    /** @return the trigger timestamp */
    public long getCheckpointTimestamp() {
        return triggerTimestamp;
    }

    /** @return type and retention */
    public CheckpointProperties getProperties() {
        return properties;
    }

    /** @return where the checkpoint is written */
    public CheckpointStorageLocation getLocation() {
        return location;
    }

    /** @return the future completed with the checkpoint, or failed with the abort reason */
    public CompletableFuture<CompletedCheckpoint> getCompletionFuture() {
        return completionFuture;
    }

    /** @return the attempts that still have to acknowledge */
    public Collection<ExecutionAttemptID> getNotYetAcknowledgedTasks() {
        return Collections.unmodifiableSet(notYetAcknowledged.keySet());
    }

    /** @return the number of acknowledgements received */
    public int getNumberOfAcknowledgedTasks() {
        return acknowledged.size();
    }

    /** @return the number of attempts that must acknowledge in total */
    public int getNumberOfTasks() {
        return acknowledged.size() + notYetAcknowledged.size();
    }

    /** @return true once every attempt has acknowledged */
    public boolean isFullyAcknowledged() {
        return notYetAcknowledged.isEmpty() && !disposed;
    }

    /** @return true once aborted or finalized */
    public boolean isDisposed() {
        return disposed;
    }

    void setStats(PendingCheckpointStats stats) {
        this.stats = stats;
    }

    /** @return the statistics of this checkpoint */
    PendingCheckpointStats getStats() {
        return stats;
    }

    void setCancellerHandle(ScheduledFuture<?> handle) {
        this.cancellerHandle = handle;
    }

    /**
     * Adds a master hook's state, collected at trigger time.
     *
     * @param state the hook state
     */
    public void addMasterState(MasterState state) {
        masterStates.add(state);
    }

    /**
     * Records an acknowledgement.
     *
     * @param attempt the acknowledging attempt
     * @param state its state, may be null
     * @param taskMetrics its metrics
     * @return what happened; only {@link TaskAcknowledgeResult#SUCCESS} takes ownership of {@code state}
     */
    public TaskAcknowledgeResult acknowledgeTask(ExecutionAttemptID attempt, TaskStateSnapshot state, CheckpointMetrics taskMetrics) {
        if (disposed) {
            return TaskAcknowledgeResult.DISCARDED;
        }
        ExecutionVertex vertex = notYetAcknowledged.remove(attempt);
        if (vertex == null) {
            return acknowledged.containsKey(attempt) ? TaskAcknowledgeResult.DUPLICATE : TaskAcknowledgeResult.UNKNOWN;
        }
        acknowledged.put(attempt, vertex);
        metrics.put(attempt, taskMetrics);
        if (state != null) {
            for (Map.Entry<OperatorID, OperatorSubtaskState> e : state.getSubtaskStateMappings().entrySet()) {
                collected.computeIfAbsent(e.getKey(), k -> new HashMap<>()).put(vertex.getSubtaskIndex(), e.getValue());
            }
        }
        return TaskAcknowledgeResult.SUCCESS;
    }

    /** @return the operator states collected so far, one per vertex (possibly without subtask states) */
    public Map<OperatorID, OperatorState> operatorStates() {
        Map<OperatorID, OperatorState> result = new LinkedHashMap<>();
        for (ExecutionJobVertex v : vertices.values()) {
            result.put(v.getOperatorID(), new OperatorState(v.getOperatorID(), v.getParallelism(), v.getMaxParallelism(),
                    collected.getOrDefault(v.getOperatorID(), Map.of())));
        }
        return result;
    }

    /**
     * Writes the metadata and turns this into a completed checkpoint. The caller registers shared
     * state first and completes {@link #getCompletionFuture()} after storing the result.
     *
     * @param completionTimestamp the completion time
     * @return the completed checkpoint
     * @throws IOException if the metadata cannot be written; nothing is then published
     * @throws IllegalStateException if not fully acknowledged
     */
    public CompletedCheckpoint finalizeCheckpoint(long completionTimestamp) throws IOException {
        if (!isFullyAcknowledged()) {
            throw new IllegalStateException("checkpoint " + checkpointId + " is not fully acknowledged: "
                    + notYetAcknowledged.size() + " tasks missing");
        }
        Map<OperatorID, OperatorState> states = operatorStates();
        CheckpointMetadata metadata = new CheckpointMetadata(checkpointId, triggerTimestamp, completionTimestamp,
                properties, List.copyOf(states.values()), masterStates);
        CompletedCheckpointStorageLocation done = Checkpoints.storeMetadata(metadata, location);
        disposed = true;
        cancelCanceller();
        return new CompletedCheckpoint(checkpointId, triggerTimestamp, completionTimestamp, states, masterStates,
                properties, done);
    }

    /** @return every task's reported metrics, by attempt */
    public Map<ExecutionAttemptID, CheckpointMetrics> getTaskMetrics() {
        return Collections.unmodifiableMap(metrics);
    }

    /**
     * Aborts: fails the future, and hands the collected state and the location to the cleaner.
     *
     * @param reason why
     * @param cleaner deletes the state and the location
     */
    public void abort(CheckpointException reason, CheckpointsCleaner cleaner) {
        if (disposed) {
            return;
        }
        disposed = true;
        cancelCanceller();
        List<OperatorSubtaskState> states = new ArrayList<>();
        for (Map<Integer, OperatorSubtaskState> m : collected.values()) {
            states.addAll(m.values());
        }
        cleaner.clean(() -> {
            IOException failure = null;
            for (OperatorSubtaskState s : states) {
                try {
                    // an aborted checkpoint was never registered: its new shared pieces go too
                    s.discardNeverRegisteredState();
                } catch (IOException e) {
                    failure = failure == null ? e : failure;
                }
            }
            try {
                location.disposeOnFailure();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
            if (failure != null) {
                throw new java.io.UncheckedIOException("cleaning up aborted checkpoint " + checkpointId, failure);
            }
        });
        completionFuture.completeExceptionally(reason);
    }

    private void cancelCanceller() {
        if (cancellerHandle != null) {
            cancellerHandle.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "PendingCheckpoint{" + checkpointId + ", " + properties.getCheckpointType() + ", acked "
                + acknowledged.size() + "/" + getNumberOfTasks() + "}";
    }
}
