package io.cairn.runtime.jobgraph;

import io.cairn.common.OperatorID;
import io.cairn.runtime.api.KeySelector;
import io.cairn.runtime.tasks.StreamOperator;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One operator of a job graph: a stable id (state is matched by it), a parallelism and max
 * parallelism, and a factory of the operator each subtask runs. A keyed vertex also has the key
 * serializer and selector that scope its keyed state.
 */
public final class JobVertex {

    private final String name;
    private final OperatorID operatorId;
    private final Supplier<? extends StreamOperator<?, ?>> operatorFactory;
    private final boolean source;
    private int parallelism;
    private int maxParallelism;
    private TypeSerializer<?> keySerializer;
    private KeySelector<?, ?> keySelector;
    private JobEdge input;
    private final List<JobEdge> outputs = new ArrayList<>();

    /**
     * @param name a readable name
     * @param uid a stable unique name; the operator id is derived from it
     * @param operatorFactory creates each subtask's operator
     * @param source whether it is a source (triggered by the coordinator)
     * @param parallelism the number of subtasks
     * @param maxParallelism the number of key groups; 0 for the default
     */
    public JobVertex(String name, String uid, Supplier<? extends StreamOperator<?, ?>> operatorFactory, boolean source,
            int parallelism, int maxParallelism) {
        this.name = Objects.requireNonNull(name, "name");
        this.operatorId = OperatorID.fromUid(uid);
        this.operatorFactory = Objects.requireNonNull(operatorFactory, "operatorFactory");
        this.source = source;
        setParallelism(parallelism, maxParallelism);
    }

    /**
     * @param parallelism the number of subtasks, at least 1
     * @param maxParallelism the number of key groups, or 0 for the default
     * @throws IllegalArgumentException naming the values if out of range
     */
    public void setParallelism(int parallelism, int maxParallelism) {
        int max = maxParallelism > 0 ? maxParallelism : KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism);
        KeyGroupRangeAssignment.checkParallelism(max, parallelism);
        this.parallelism = parallelism;
        this.maxParallelism = max;
    }

    /** @return the name */
    public String getName() {
        return name;
    }

    /** @return the operator id */
    public OperatorID getOperatorId() {
        return operatorId;
    }

    /** @return a new operator for one subtask */
    public StreamOperator<?, ?> createOperator() {
        return operatorFactory.get();
    }

    /** @return true for sources */
    public boolean isSource() {
        return source;
    }

    /** @return the number of subtasks */
    public int getParallelism() {
        return parallelism;
    }

    /** @return the number of key groups */
    public int getMaxParallelism() {
        return maxParallelism;
    }

    /** @return the key serializer of a keyed vertex, or null */
    public TypeSerializer<?> getKeySerializer() {
        return keySerializer;
    }

    /** @return the key selector of a keyed vertex, or null */
    public KeySelector<?, ?> getKeySelector() {
        return keySelector;
    }

    /**
     * Makes the vertex keyed.
     *
     * @param keySelector extracts each input record's key
     * @param keySerializer the key serializer
     */
    public void setKeyed(KeySelector<?, ?> keySelector, TypeSerializer<?> keySerializer) {
        this.keySelector = Objects.requireNonNull(keySelector, "keySelector");
        this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer");
    }

    /** @return the input edge, or null for sources */
    public JobEdge getInput() {
        return input;
    }

    /** @return the output edges */
    public List<JobEdge> getOutputs() {
        return outputs;
    }

    void connect(JobEdge edge) {
        if (edge.target() == this) {
            if (input != null) {
                throw new IllegalStateException("vertex " + name + " already has an input; one input per vertex is supported");
            }
            input = edge;
        } else {
            outputs.add(edge);
        }
    }

    @Override
    public String toString() {
        return name + " (p=" + parallelism + ", max=" + maxParallelism + ")";
    }
}
