package io.cairn.runtime.api;

import io.cairn.state.keyed.KeyedStateBackend;
import io.cairn.state.operator.OperatorStateBackend;

/** A function with its own operator state, initialized on (re)start and snapshotted at checkpoints. */
public interface CheckpointedFunction {

    /**
     * Registers (and so restores) state; called before {@link RichFunction#open}.
     *
     * @param context access to the state backends and whether this is a restore
     * @throws Exception to fail the task
     */
    void initializeState(InitializationContext context) throws Exception;

    /**
     * The synchronous part of a checkpoint: bring operator state up to date. Runs on the task
     * thread between records.
     *
     * @param checkpointId the checkpoint
     * @throws Exception to decline the checkpoint (and fail the task)
     */
    void snapshotState(long checkpointId) throws Exception;

    /** What {@link #initializeState} can use. */
    interface InitializationContext {

        /** @return true if state was restored from a checkpoint */
        boolean isRestored();

        /** @return the operator state backend */
        OperatorStateBackend getOperatorStateBackend();

        /**
         * @param <K> the key type
         * @return the keyed backend, or null if the operator is not keyed
         */
        <K> KeyedStateBackend<K> getKeyedStateBackend();
    }
}
