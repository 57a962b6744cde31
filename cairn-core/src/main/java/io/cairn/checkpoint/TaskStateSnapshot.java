package io.cairn.checkpoint;

import io.cairn.checkpoint.metadata.OperatorSubtaskState;
import io.cairn.common.OperatorID;
import io.cairn.state.handle.StateObject;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one task acknowledges for a checkpoint: the state of each operator it runs. Immutable. */
public final class TaskStateSnapshot implements StateObject {

    private static final long serialVersionUID = 1L;

    private final Map<OperatorID, OperatorSubtaskState> subtaskStates;

    /**
     * @param subtaskStates each operator's state
     */
    public TaskStateSnapshot(Map<OperatorID, OperatorSubtaskState> subtaskStates) {
        this.subtaskStates = Collections.unmodifiableMap(new LinkedHashMap<>(subtaskStates));
    }

    /**
     * @param operatorId the operator
     * @param state its state
     * @return a snapshot of a task that runs one operator
     */
    public static TaskStateSnapshot of(OperatorID operatorId, OperatorSubtaskState state) {
        return new TaskStateSnapshot(Map.of(operatorId, state));
    }

    /** @return each operator's state */
    public Map<OperatorID, OperatorSubtaskState> getSubtaskStateMappings() {
        return subtaskStates;
    }

    /**
     * Discards the state of an acknowledgement no checkpoint accepted, including never-registered
     * shared pieces ({@link OperatorSubtaskState#discardNeverRegisteredState()}).
     *
     * @throws IOException if something exists but cannot be deleted
     */
    public void discardNeverRegisteredState() throws IOException {
        discard(true);
    }

    @Override
    public void discardState() throws IOException {
        discard(false);
    }

    private void discard(boolean neverRegistered) throws IOException {
        IOException failure = null;
        for (OperatorSubtaskState s : subtaskStates.values()) {
            try {
                if (neverRegistered) {
                    s.discardNeverRegisteredState();
                } else {
                    s.discardState();
                }
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
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
    public String toString() {
        return "TaskStateSnapshot" + subtaskStates;
    }
}
