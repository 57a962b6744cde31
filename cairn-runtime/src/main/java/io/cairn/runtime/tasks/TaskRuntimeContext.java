package io.cairn.runtime.tasks;

import io.cairn.runtime.api.RuntimeContext;
import io.cairn.state.AggregatingState;
import io.cairn.state.AggregatingStateDescriptor;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ReducingState;
import io.cairn.state.ReducingStateDescriptor;
import io.cairn.state.State;
import io.cairn.state.StateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.keyed.KeyedStateBackend;
import io.cairn.state.operator.OperatorStateBackend;

/** The {@link RuntimeContext} of one subtask: its identity and its backends. */
public final class TaskRuntimeContext implements RuntimeContext {

    private final String taskName;
    private final int subtaskIndex;
    private final int parallelism;
    private final int maxParallelism;
    private final int attemptNumber;
    private final KeyedStateBackend<?> keyedStateBackend;
    private final OperatorStateBackend operatorStateBackend;

    /**
     * @param taskName the task's name
     * @param subtaskIndex the subtask
     * @param parallelism the parallelism
     * @param maxParallelism the max parallelism
     * @param attemptNumber 0 for the first deployment
     * @param keyedStateBackend the keyed backend, or null
     * @param operatorStateBackend the operator backend
     */
    public TaskRuntimeContext(String taskName, int subtaskIndex, int parallelism, int maxParallelism, int attemptNumber,
            KeyedStateBackend<?> keyedStateBackend, OperatorStateBackend operatorStateBackend) {
        this.taskName = taskName;
        this.subtaskIndex = subtaskIndex;
        this.parallelism = parallelism;
        this.maxParallelism = maxParallelism;
        this.attemptNumber = attemptNumber;
        this.keyedStateBackend = keyedStateBackend;
        this.operatorStateBackend = operatorStateBackend;
    }

    @Override
    public int getIndexOfThisSubtask() {
        return subtaskIndex;
    }

    @Override
    public int getNumberOfParallelSubtasks() {
        return parallelism;
    }

    @Override
    public int getMaxNumberOfParallelSubtasks() {
        return maxParallelism;
    }

    @Override
    public int getAttemptNumber() {
        return attemptNumber;
    }

    @Override
    public String getTaskName() {
        return taskName;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K> KeyedStateBackend<K> getKeyedStateBackend() {
        if (keyedStateBackend == null) {
            throw new IllegalStateException("keyed state is only available on a keyed stream (after keyBy): " + taskName);
        }
        return (KeyedStateBackend<K>) keyedStateBackend;
    }

    @Override
    public OperatorStateBackend getOperatorStateBackend() {
        return operatorStateBackend;
    }

    private <S extends State> S keyed(StateDescriptor<S, ?> d) {
        return getKeyedStateBackend().getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, d);
    }

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        return keyed(descriptor);
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        return keyed(descriptor);
    }

    @Override
    public <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor) {
        return keyed(descriptor);
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
        return keyed(descriptor);
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        return keyed(descriptor);
    }
}
