package io.cairn.checkpoint;

import io.cairn.execution.ExecutionJobVertex;
import java.util.Set;

/** Restoring a completed checkpoint: subtask state, master hooks and the id counter. */
final class CheckpointRestore {

    private CheckpointRestore() {}

    /**
     * Assigns the checkpoint's state to the vertices, restores the master hooks, and moves the id
     * counter past the checkpoint so new checkpoints get higher ids.
     */
    static void assign(CompletedCheckpoint checkpoint, Set<ExecutionJobVertex> tasks, boolean allowNonRestoredState,
            MasterHooks masterHooks, CheckpointIDCounter idCounter) throws Exception {
        new StateAssignmentOperation(checkpoint.getCheckpointId(), checkpoint.getOperatorStates(), tasks, allowNonRestoredState)
                .assignStates();
        masterHooks.restore(checkpoint, allowNonRestoredState);
        if (idCounter.get() <= checkpoint.getCheckpointId()) {
            idCounter.setCount(checkpoint.getCheckpointId() + 1);
        }
    }
}
