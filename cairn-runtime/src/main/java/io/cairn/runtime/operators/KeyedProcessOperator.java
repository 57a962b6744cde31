package io.cairn.runtime.operators;

import io.cairn.runtime.api.Collector;
import io.cairn.runtime.api.KeySelector;
import io.cairn.runtime.api.KeyedProcessFunction;
import io.cairn.runtime.tasks.StreamOperator;

/**
 * Runs a {@link KeyedProcessFunction}: sets each record's key as the keyed backend's current key,
 * then calls the function.
 *
 * @param <K> the key type
 * @param <I> the input type
 * @param <O> the output type
 */
public final class KeyedProcessOperator<K, I, O> extends StreamOperator<I, O> implements KeyedProcessFunction.Context<K> {

    private final KeyedProcessFunction<K, I, O> function;
    private final KeySelector<I, K> keySelector;
    private K currentKey;
    private final Collector<O> collector = this::emit;

    /**
     * @param function the user function
     * @param keySelector the key of each record
     */
    public KeyedProcessOperator(KeyedProcessFunction<K, I, O> function, KeySelector<I, K> keySelector) {
        this.function = function;
        this.keySelector = keySelector;
    }

    @Override
    public void initializeState() throws Exception {
        function.setRuntimeContext(context.runtimeContext());
        FunctionUtils.initialize(function, context);
    }

    @Override
    public void open() throws Exception {
        FunctionUtils.open(function, context);
    }

    @Override
    public void processElement(I record) throws Exception {
        K key = keySelector.getKey(record);
        currentKey = key;
        context.keyedStateBackend().setCurrentKey(key);
        function.processElement(record, this, collector);
    }

    /** Emits into the output; one instance, not a capturing lambda per record. */
    private void emit(O r) {
        try {
            output.emit(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceOperator.CancelledException();
        }
    }

    @Override
    public K getCurrentKey() {
        return currentKey;
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
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        FunctionUtils.aborted(function, checkpointId);
    }

    @Override
    public void close() throws Exception {
        FunctionUtils.close(function);
    }
}
