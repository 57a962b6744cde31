package io.cairn.runtime.api;

import io.cairn.state.AggregatingState;
import io.cairn.state.AggregatingStateDescriptor;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ReducingState;
import io.cairn.state.ReducingStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.keyed.KeyedStateBackend;
import io.cairn.state.operator.OperatorStateBackend;

/**
 * What a user function or invokable sees of its task: its subtask, its state backends and the
 * keyed state of the current key. Used from the task thread only.
 */
public interface RuntimeContext {

    /** @return this subtask's index, in {@code [0, parallelism)} */
    int getIndexOfThisSubtask();

    /** @return the operator's parallelism */
    int getNumberOfParallelSubtasks();

    /** @return the operator's max parallelism */
    int getMaxNumberOfParallelSubtasks();

    /** @return 0 for the first deployment, incremented by every restart */
    int getAttemptNumber();

    /** @return the task's name, e.g. {@code counter (2/3)} */
    String getTaskName();

    /**
     * @param <K> the key type
     * @return the keyed backend
     * @throws IllegalStateException if the operator is not keyed
     */
    <K> KeyedStateBackend<K> getKeyedStateBackend();

    /** @return the operator state backend */
    OperatorStateBackend getOperatorStateBackend();

    /**
     * @param descriptor the state
     * @param <T> the value type
     * @return the value state of the current key
     */
    <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor);

    /**
     * @param descriptor the state
     * @param <T> the element type
     * @return the list state of the current key
     */
    <T> ListState<T> getListState(ListStateDescriptor<T> descriptor);

    /**
     * @param descriptor the state
     * @param <UK> the user key type
     * @param <UV> the user value type
     * @return the map state of the current key
     */
    <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor);

    /**
     * @param descriptor the state
     * @param <T> the value type
     * @return the reducing state of the current key
     */
    <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor);

    /**
     * @param descriptor the state
     * @param <IN> the input type
     * @param <ACC> the accumulator type
     * @param <OUT> the result type
     * @return the aggregating state of the current key
     */
    <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(AggregatingStateDescriptor<IN, ACC, OUT> descriptor);
}
