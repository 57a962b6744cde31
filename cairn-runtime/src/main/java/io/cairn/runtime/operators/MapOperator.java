package io.cairn.runtime.operators;

import io.cairn.runtime.api.MapFunction;
import io.cairn.runtime.tasks.StreamOperator;

/**
 * Runs a {@link MapFunction}.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class MapOperator<I, O> extends StreamOperator<I, O> {

    private final MapFunction<I, O> function;

    /**
     * @param function the user function
     */
    public MapOperator(MapFunction<I, O> function) {
        this.function = function;
    }

    @Override
    public void initializeState() throws Exception {
        FunctionUtils.initialize(function, context);
    }

    @Override
    public void open() throws Exception {
        FunctionUtils.open(function, context);
    }

    @Override
    public void processElement(I record) throws Exception {
        output.emit(function.map(record));
    }

    @Override
    public void snapshotState(long checkpointId) throws Exception {
        FunctionUtils.snapshot(function, checkpointId);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        FunctionUtils.complete(function, checkpointId);
    }

    @Override
    public void close() throws Exception {
        FunctionUtils.close(function);
    }
}
