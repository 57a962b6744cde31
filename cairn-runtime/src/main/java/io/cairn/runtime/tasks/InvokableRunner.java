package io.cairn.runtime.tasks;

import io.cairn.serialization.TypeSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.backend.StateBackend;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.keyed.KeyedStateBackend;
import io.cairn.state.operator.OperatorStateBackend;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an {@link AbstractInvokable} as subtask {@code index} of {@code parallelism}, on a task thread
 * of its own, with keyed and operator backends of the given state backend (optionally restored).
 * The backends stay open after the run so callers can snapshot or inspect them; close them with
 * {@link Run#close()}.
 */
public final class InvokableRunner {

    private InvokableRunner() {}

    /** The outcome of a run: the context the invokable used, and its backends. */
    public record Run(TaskRuntimeContext context, KeyedStateBackend<?> keyed, OperatorStateBackend operator) implements AutoCloseable {
        @Override
        public void close() {
            keyed.close();
            operator.close();
        }
    }

    /**
     * @param invokable the work
     * @param stateBackend the state backend
     * @param keySerializer the key serializer of its keyed state
     * @param maxParallelism the number of key groups
     * @param parallelism the number of subtasks
     * @param index this subtask
     * @param keyedHandles keyed state to restore
     * @param operatorHandles operator state to restore
     * @param <K> the key type
     * @return the run, after {@code invoke()} returned
     * @throws Exception whatever {@code invoke()} threw
     */
    public static <K> Run run(AbstractInvokable invokable, StateBackend stateBackend, TypeSerializer<K> keySerializer,
            int maxParallelism, int parallelism, int index, List<KeyedStateHandle> keyedHandles,
            List<OperatorStateHandle> operatorHandles) throws Exception {
        String name = invokable.getClass().getSimpleName() + " (" + (index + 1) + "/" + parallelism + ")";
        KeyedStateBackend<K> keyed = stateBackend.createKeyedStateBackend(
                KeyedStateBackendParameters.forSubtask(name, keySerializer, maxParallelism, parallelism, index));
        keyed.restore(StateHandles.of(keyedHandles));
        OperatorStateBackend operator = stateBackend.createOperatorStateBackend(name, InvokableRunner.class.getClassLoader());
        operator.restore(StateHandles.of(operatorHandles));
        TaskRuntimeContext context = new TaskRuntimeContext(name, index, parallelism, maxParallelism, 0, keyed, operator);
        invokable.setRuntimeContext(context);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                invokable.invoke();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "cairn-task " + name);
        t.start();
        t.join();
        if (failure.get() instanceof Exception e) {
            throw e;
        } else if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
        return new Run(context, keyed, operator);
    }
}
