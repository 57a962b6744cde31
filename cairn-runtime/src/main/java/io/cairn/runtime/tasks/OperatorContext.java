package io.cairn.runtime.tasks;

import io.cairn.runtime.api.CheckpointedFunction;
import io.cairn.runtime.api.RuntimeContext;
import io.cairn.state.keyed.KeyedStateBackend;
import io.cairn.state.operator.OperatorStateBackend;

/**
 * What an operator gets from its task: the runtime context for user functions, the backends, and
 * the identity of the deployment.
 *
 * @param runtimeContext the user-facing context
 * @param keyedStateBackend the keyed backend, or null if the operator is not keyed
 * @param operatorStateBackend the operator backend
 * @param restored whether state was restored
 * @param attemptId unique per deployment of the job
 */
public record OperatorContext(
        RuntimeContext runtimeContext,
        KeyedStateBackend<Object> keyedStateBackend,
        OperatorStateBackend operatorStateBackend,
        boolean restored,
        String attemptId) implements CheckpointedFunction.InitializationContext {

    @Override
    public boolean isRestored() {
        return restored;
    }

    @Override
    public OperatorStateBackend getOperatorStateBackend() {
        return operatorStateBackend;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K> KeyedStateBackend<K> getKeyedStateBackend() {
        return (KeyedStateBackend<K>) keyedStateBackend;
    }
}
