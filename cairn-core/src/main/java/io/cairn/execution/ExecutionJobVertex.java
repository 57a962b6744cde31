package io.cairn.execution;

import io.cairn.common.OperatorID;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One operator of a running job with its parallel subtasks: what the checkpoint coordinator
 * triggers, waits for and assigns restored state to. Whether it is a source decides whether the
 * coordinator sends it the checkpoint trigger (sources inject barriers; others receive them in band).
 */
public final class ExecutionJobVertex {

    private final String name;
    private final OperatorID operatorId;
    private final int parallelism;
    private final int maxParallelism;
    private final boolean source;
    private final List<ExecutionVertex> taskVertices;

    /**
     * @param name a human-readable name
     * @param operatorId the stable operator id that state is matched by
     * @param parallelism the number of subtasks
     * @param maxParallelism the number of key groups
     * @param source whether the coordinator triggers this vertex's subtasks directly
     * @throws IllegalArgumentException if the parallelism is out of range
     */
    public ExecutionJobVertex(String name, OperatorID operatorId, int parallelism, int maxParallelism, boolean source) {
        this.name = Objects.requireNonNull(name, "name");
        this.operatorId = Objects.requireNonNull(operatorId, "operatorId");
        KeyGroupRangeAssignment.checkParallelism(maxParallelism, parallelism);
        this.parallelism = parallelism;
        this.maxParallelism = maxParallelism;
        this.source = source;
        List<ExecutionVertex> vertices = new ArrayList<>(parallelism);
        for (int i = 0; i < parallelism; i++) {
            vertices.add(new ExecutionVertex(this, i));
        }
        this.taskVertices = Collections.unmodifiableList(vertices);
    }

    /** @return the name */
    public String getName() {
        return name;
    }

    /** @return the operator id */
    public OperatorID getOperatorID() {
        return operatorId;
    }

    /** @return the number of subtasks */
    public int getParallelism() {
        return parallelism;
    }

    /** @return the number of key groups */
    public int getMaxParallelism() {
        return maxParallelism;
    }

    /** @return true if the coordinator triggers this vertex directly */
    public boolean isSource() {
        return source;
    }

    /** @return the subtasks, by index */
    public List<ExecutionVertex> getTaskVertices() {
        return taskVertices;
    }

    @Override
    public String toString() {
        return "ExecutionJobVertex{" + name + ", " + operatorId + ", parallelism=" + parallelism + "}";
    }
}
