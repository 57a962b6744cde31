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
 * @param attemptId unique per deployment of the job (a task recovered alone gets a new one)
 * @param recoveringAlone whether this task was restored alone while the rest of the job kept running,
 *     so an operator with external effects must clean up after its own subtask only (the other
 *     subtasks' output of the failed attempt is not stale: they did not fail)
 */
public record OperatorContext(
        RuntimeContext runtimeContext,
        KeyedStateBackend<Object> keyedStateBackend,
        OperatorStateBackend operatorStateBackend,
        boolean restored,
        String attemptId,
        boolean recoveringAlone) implements CheckpointedFunction.InitializationContext {

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
