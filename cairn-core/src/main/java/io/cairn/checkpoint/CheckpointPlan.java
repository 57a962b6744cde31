package io.cairn.checkpoint;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.execution.ExecutionJobVertex;
import io.cairn.execution.ExecutionVertex;
import java.util.ArrayList;
import java.util.List;

/**
 * Which tasks a checkpoint involves and how to reach them: sources are triggered, every task
 * acknowledges and is notified. Attempts are read at call time, so a restart's new attempts are used.
 */
final class CheckpointPlan {

    private final List<ExecutionJobVertex> vertices;
    private final CheckpointTaskGateway gateway;

    CheckpointPlan(List<ExecutionJobVertex> vertices, CheckpointTaskGateway gateway) {
        this.vertices = List.copyOf(vertices);
        this.gateway = gateway;
    }

    /** @return every subtask, which must all acknowledge */
    List<ExecutionVertex> tasksToWaitFor() {
        List<ExecutionVertex> tasks = new ArrayList<>();
        for (ExecutionJobVertex v : vertices) {
            tasks.addAll(v.getTaskVertices());
        }
        return tasks;
    }

    void triggerSources(long checkpointId, long timestamp, CheckpointOptions options) {
        for (ExecutionJobVertex v : vertices) {
            if (v.isSource()) {
                for (ExecutionVertex sv : v.getTaskVertices()) {
                    gateway.triggerCheckpoint(sv.getCurrentAttempt(), checkpointId, timestamp, options);
                }
            }
        }
    }

    void notifyComplete(long checkpointId, long timestamp) {
        for (ExecutionVertex sv : tasksToWaitFor()) {
            gateway.notifyCheckpointComplete(sv.getCurrentAttempt(), checkpointId, timestamp);
        }
    }

    void notifyAborted(long checkpointId, long timestamp) {
        for (ExecutionVertex sv : tasksToWaitFor()) {
            gateway.notifyCheckpointAborted(sv.getCurrentAttempt(), checkpointId, timestamp);
        }
    }
}
