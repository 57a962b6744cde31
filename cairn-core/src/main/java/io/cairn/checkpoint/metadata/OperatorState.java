package io.cairn.checkpoint.metadata;

import io.cairn.common.OperatorID;
import io.cairn.state.handle.CompositeStateHandle;
import io.cairn.state.handle.SharedStateRegistry;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The state of one operator in a checkpoint: its parallelism and max parallelism when it was taken,
 * and each subtask's state. Immutable, except that registering shared state resolves placeholders
 * inside incremental keyed handles.
 */
public final class OperatorState implements CompositeStateHandle {

    private static final long serialVersionUID = 1L;

    private final OperatorID operatorId;
    private final int parallelism;
    private final int maxParallelism;
    private final Map<Integer, OperatorSubtaskState> subtaskStates;

    /**
     * @param operatorId the operator
     * @param parallelism its parallelism when the checkpoint was taken
     * @param maxParallelism its max parallelism (number of key groups)
     * @param subtaskStates subtask index to state; indices must be in {@code [0, parallelism)}
     * @throws IllegalArgumentException if the parallelism or an index is out of range
     */
    public OperatorState(
            OperatorID operatorId, int parallelism, int maxParallelism, Map<Integer, OperatorSubtaskState> subtaskStates) {
        this.operatorId = Objects.requireNonNull(operatorId, "operatorId");
        KeyGroupRangeAssignment.checkParallelism(maxParallelism, parallelism);
        this.parallelism = parallelism;
        this.maxParallelism = maxParallelism;
        TreeMap<Integer, OperatorSubtaskState> copy = new TreeMap<>();
        for (Map.Entry<Integer, OperatorSubtaskState> e : subtaskStates.entrySet()) {
            if (e.getKey() < 0 || e.getKey() >= parallelism) {
                throw new IllegalArgumentException("subtask index " + e.getKey() + " of operator " + operatorId
                        + " is outside [0, " + parallelism + ")");
            }
            copy.put(e.getKey(), Objects.requireNonNull(e.getValue(), "subtask state"));
        }
        this.subtaskStates = Collections.unmodifiableMap(copy);
    }

    /** @return the operator */
    public OperatorID getOperatorID() {
        return operatorId;
    }

    /** @return the parallelism at checkpoint time */
    public int getParallelism() {
        return parallelism;
    }

    /** @return the max parallelism */
    public int getMaxParallelism() {
        return maxParallelism;
    }

    /** @return subtask index to state, ordered by index */
    public Map<Integer, OperatorSubtaskState> getSubtaskStates() {
        return subtaskStates;
    }

    /**
     * @param subtaskIndex a subtask index
     * @return its state, or an empty state if it reported none
     */
    public OperatorSubtaskState getState(int subtaskIndex) {
        return subtaskStates.getOrDefault(subtaskIndex, OperatorSubtaskState.empty());
    }

    @Override
    public void discardState() throws IOException {
        io.cairn.state.handle.StateObjects.discardAll(subtaskStates.values());
    }

    /** Registers the shared pieces of every subtask's incremental handles. */
    @Override
    public void registerSharedStates(SharedStateRegistry registry, long checkpointId) {
        registry.registerAll(subtaskStates.values(), checkpointId);
    }

    @Override
    public long getCheckpointedSize() {
        long size = 0;
        for (OperatorSubtaskState s : subtaskStates.values()) {
            size += s.getCheckpointedSize();
        }
        return size;
    }

    @Override
    public long getStateSize() {
        long size = 0;
        for (OperatorSubtaskState s : subtaskStates.values()) {
            size += s.getStateSize();
        }
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OperatorState s && operatorId.equals(s.operatorId) && parallelism == s.parallelism
                && maxParallelism == s.maxParallelism && subtaskStates.equals(s.subtaskStates);
    }

    @Override
    public int hashCode() {
        return Objects.hash(operatorId, parallelism, maxParallelism, subtaskStates);
    }

    @Override
    public String toString() {
        return "OperatorState{" + operatorId + ", parallelism=" + parallelism + ", maxParallelism=" + maxParallelism
                + ", subtasks=" + subtaskStates.size() + "}";
    }
}
