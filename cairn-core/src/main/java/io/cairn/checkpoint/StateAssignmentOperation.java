package io.cairn.checkpoint;

import io.cairn.checkpoint.metadata.OperatorState;
import io.cairn.checkpoint.metadata.OperatorSubtaskState;
import io.cairn.common.OperatorID;
import io.cairn.execution.ExecutionJobVertex;
import io.cairn.execution.ExecutionVertex;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Assigns a checkpoint's state to the subtasks of the job's vertices at their current parallelism:
 * keyed state by key-group range (each subtask gets the parts of the old handles that overlap its
 * range), operator state by its distribution mode ({@link io.cairn.state.operator.OperatorStateRepartitioner}).
 * Rejects a changed max parallelism, and state of operators that no longer exist unless
 * non-restored state is explicitly allowed.
 */
public final class StateAssignmentOperation {

    private final Map<OperatorID, OperatorState> operatorStates;
    private final Set<ExecutionJobVertex> vertices;
    private final boolean allowNonRestoredState;
    private final long checkpointId;

    /**
     * @param checkpointId the restored checkpoint, for messages
     * @param operatorStates the checkpoint's operator states
     * @param vertices the job's vertices
     * @param allowNonRestoredState whether state of operators that no longer exist may be dropped
     */
    public StateAssignmentOperation(
            long checkpointId,
            Map<OperatorID, OperatorState> operatorStates,
            Set<ExecutionJobVertex> vertices,
            boolean allowNonRestoredState) {
        this.checkpointId = checkpointId;
        this.operatorStates = Objects.requireNonNull(operatorStates, "operatorStates");
        this.vertices = Objects.requireNonNull(vertices, "vertices");
        this.allowNonRestoredState = allowNonRestoredState;
    }

    /**
     * Sets the initial state of every subtask.
     *
     * @throws IllegalStateException if a max parallelism changed, or state would be lost without permission;
     *     the message names the operator and the values
     */
    public void assignStates() {
        Map<OperatorID, ExecutionJobVertex> byId = new HashMap<>();
        for (ExecutionJobVertex v : vertices) {
            byId.put(v.getOperatorID(), v);
        }
        for (OperatorState state : operatorStates.values()) {
            if (!byId.containsKey(state.getOperatorID()) && state.getStateSize() > 0 && !allowNonRestoredState) {
                throw new IllegalStateException("checkpoint " + checkpointId + " has state for operator "
                        + state.getOperatorID() + " which is not part of the job; allow non-restored state to drop it");
            }
        }
        for (ExecutionJobVertex vertex : vertices) {
            OperatorState state = operatorStates.get(vertex.getOperatorID());
            if (state == null) {
                for (ExecutionVertex v : vertex.getTaskVertices()) {
                    v.setInitialState(OperatorSubtaskState.empty());
                }
                continue;
            }
            if (state.getMaxParallelism() != vertex.getMaxParallelism()) {
                throw new IllegalStateException("the max parallelism of operator " + vertex.getName() + " ("
                        + vertex.getOperatorID() + ") changed from " + state.getMaxParallelism() + " in checkpoint "
                        + checkpointId + " to " + vertex.getMaxParallelism() + "; keyed state cannot be redistributed");
            }
            assign(vertex, state);
        }
    }

    private static void assign(ExecutionJobVertex vertex, OperatorState state) {
        int oldParallelism = state.getParallelism();
        int newParallelism = vertex.getParallelism();
        List<List<OperatorStateHandle>> oldOperator = new ArrayList<>();
        for (int i = 0; i < oldParallelism; i++) {
            oldOperator.add(state.getState(i).getManagedOperatorState());
        }
        List<List<OperatorStateHandle>> newOperator = hasOperatorState(oldOperator)
                ? io.cairn.state.operator.OperatorStateRepartitioner.repartition(oldOperator, oldParallelism, newParallelism)
                : null;
        for (ExecutionVertex v : vertex.getTaskVertices()) {
            int index = v.getSubtaskIndex();
            List<KeyedStateHandle> keyed = oldParallelism == newParallelism
                    ? state.getState(index).getManagedKeyedState()
                    : keyedFor(state, KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                            vertex.getMaxParallelism(), newParallelism, index));
            v.setInitialState(new OperatorSubtaskState(keyed, newOperator == null ? List.of() : newOperator.get(index)));
        }
    }

    private static boolean hasOperatorState(List<List<OperatorStateHandle>> handles) {
        for (List<OperatorStateHandle> l : handles) {
            if (!l.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static List<KeyedStateHandle> keyedFor(OperatorState state, KeyGroupRange range) {
        List<KeyedStateHandle> result = new ArrayList<>();
        for (OperatorSubtaskState s : state.getSubtaskStates().values()) {
            for (KeyedStateHandle h : s.getManagedKeyedState()) {
                KeyedStateHandle part = h.getIntersection(range);
                if (part != null) {
                    result.add(part);
                }
            }
        }
        return result;
    }
}
