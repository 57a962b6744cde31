package io.cairn.execution;

import io.cairn.checkpoint.metadata.OperatorSubtaskState;
import java.util.Objects;

/**
 * One subtask of an {@link ExecutionJobVertex}: its index, its current attempt, and the state it is
 * to restore when deployed. Owned by the job's main thread.
 */
public final class ExecutionVertex {

    private final ExecutionJobVertex jobVertex;
    private final int subtaskIndex;
    private ExecutionAttemptID currentAttempt = ExecutionAttemptID.generate();
    private OperatorSubtaskState initialState;

    ExecutionVertex(ExecutionJobVertex jobVertex, int subtaskIndex) {
        this.jobVertex = jobVertex;
        this.subtaskIndex = subtaskIndex;
    }

    /** @return the vertex this subtask belongs to */
    public ExecutionJobVertex getJobVertex() {
        return jobVertex;
    }

    /** @return the subtask index, in {@code [0, parallelism)} */
    public int getSubtaskIndex() {
        return subtaskIndex;
    }

    /** @return the current deployment attempt */
    public ExecutionAttemptID getCurrentAttempt() {
        return currentAttempt;
    }

    /**
     * Starts a new attempt (on restart); the old attempt's messages are then ignored.
     *
     * @return the new attempt id
     */
    public ExecutionAttemptID resetForNewAttempt() {
        currentAttempt = ExecutionAttemptID.generate();
        return currentAttempt;
    }

    /**
     * Sets the state this subtask restores when deployed.
     *
     * @param state the assigned state; {@link OperatorSubtaskState#empty()} for a fresh start
     */
    public void setInitialState(OperatorSubtaskState state) {
        this.initialState = Objects.requireNonNull(state, "state");
    }

    /** @return the assigned state, or null if none was assigned */
    public OperatorSubtaskState getInitialState() {
        return initialState;
    }

    @Override
    public String toString() {
        return jobVertex.getName() + " (" + (subtaskIndex + 1) + "/" + jobVertex.getParallelism() + ")";
    }
}
