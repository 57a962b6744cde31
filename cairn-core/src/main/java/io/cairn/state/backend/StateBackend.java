package io.cairn.state.backend;

import io.cairn.state.keyed.KeyedStateBackend;
import io.cairn.state.operator.DefaultOperatorStateBackend;
import io.cairn.state.operator.OperatorStateBackend;
import java.io.IOException;

/**
 * Creates the state backends of each subtask: where keyed state lives and how it is snapshotted.
 * Implementations are immutable factories, safe to share between threads and to serialize into a
 * job; the backends they create belong to one task thread.
 */
public interface StateBackend {

    /** @return the name used in configuration, e.g. {@code hashmap} */
    String getName();

    /**
     * Creates a keyed backend for one subtask.
     *
     * @param parameters the key serializer, key groups and identifier
     * @param <K> the key type
     * @return a new, empty backend; call {@link KeyedStateBackend#restore} to load state
     * @throws IOException if local resources cannot be set up
     */
    <K> KeyedStateBackend<K> createKeyedStateBackend(KeyedStateBackendParameters<K> parameters) throws IOException;

    /**
     * Creates the operator state backend of one subtask. Operator state is small and lives on the
     * heap for every backend.
     *
     * @param operatorIdentifier names the operator and subtask in messages
     * @param classLoader loads serializer snapshot classes on restore
     * @return a new, empty backend; call {@link OperatorStateBackend#restore} to load state
     */
    default OperatorStateBackend createOperatorStateBackend(String operatorIdentifier, ClassLoader classLoader) {
        return new DefaultOperatorStateBackend(operatorIdentifier, classLoader);
    }

    /** @return true if snapshots do their heavy work off the task thread */
    boolean supportsAsynchronousSnapshots();
}
