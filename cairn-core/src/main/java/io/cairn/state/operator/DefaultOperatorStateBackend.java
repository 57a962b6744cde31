package io.cairn.state.operator;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.serialization.TypeSerializer;
import io.cairn.serialization.TypeSerializerSchemaCompatibility;
import io.cairn.serialization.TypeSerializerSnapshot;
import io.cairn.state.BroadcastState;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.StateMigrationException;
import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StateHandles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableFuture;

/**
 * The operator state backend: list and broadcast states on the heap. A snapshot copies every state
 * in its synchronous part (operator state is small; mutable elements are deep-copied with their
 * serializer) and writes one stream in the {@link OperatorSnapshotFormat} in its asynchronous part.
 *
 * <p>Restored states keep the serializer snapshots they were written with until the program
 * registers them; registration then checks compatibility, and states never registered are carried
 * into the next snapshot unchanged.
 */
public final class DefaultOperatorStateBackend implements OperatorStateBackend {

    private final String operatorIdentifier;
    private final ClassLoader classLoader;
    /** All states by name, registered or restored, in registration/restore order (the snapshot order). */
    private final Map<String, AbstractOperatorState> states = new LinkedHashMap<>();
    private boolean restoreCalled;
    private boolean closed;

    /**
     * @param operatorIdentifier names the operator and subtask in messages, e.g. "source (2/4)"
     * @param classLoader loads serializer snapshot classes on restore
     */
    public DefaultOperatorStateBackend(String operatorIdentifier, ClassLoader classLoader) {
        this.operatorIdentifier = Objects.requireNonNull(operatorIdentifier, "operatorIdentifier cannot be null");
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader cannot be null");
    }

    /** @return the operator and subtask this backend belongs to */
    public String getOperatorIdentifier() {
        return operatorIdentifier;
    }

    // ---------------------------------------------------------------- registration

    @Override
    public <S> ListState<S> getListState(ListStateDescriptor<S> stateDescriptor) {
        return listState(stateDescriptor, OperatorStateHandle.Mode.SPLIT_DISTRIBUTE);
    }

    @Override
    public <S> ListState<S> getUnionListState(ListStateDescriptor<S> stateDescriptor) {
        return listState(stateDescriptor, OperatorStateHandle.Mode.UNION);
    }

    @SuppressWarnings("unchecked")
    private <S> ListState<S> listState(ListStateDescriptor<S> descriptor, OperatorStateHandle.Mode mode) {
        Objects.requireNonNull(descriptor, "stateDescriptor cannot be null");
        checkOpen();
        String name = descriptor.getName();
        TypeSerializer<S> serializer = descriptor.getElementSerializer();
        AbstractOperatorState existing = states.get(name);
        if (existing == null) {
            PartitionableListState<S> state = PartitionableListState.registered(name, mode, serializer);
            states.put(name, state);
            return state;
        }
        checkMode(existing, mode);
        PartitionableListState<S> state = (PartitionableListState<S>) existing;
        if (state.isRestoredOnly()) {
            state.serializer = adopt(name, "element", state.restoredSnapshot, state.serializer, serializer);
            state.restoredSnapshot = null;
        } else {
            checkSameSerializer(name, "element", state.serializer, serializer);
        }
        return state;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> stateDescriptor) {
        Objects.requireNonNull(stateDescriptor, "stateDescriptor cannot be null");
        checkOpen();
        String name = stateDescriptor.getName();
        TypeSerializer<K> keySerializer = stateDescriptor.getKeySerializer();
        TypeSerializer<V> valueSerializer = stateDescriptor.getValueSerializer();
        AbstractOperatorState existing = states.get(name);
        if (existing == null) {
            HeapBroadcastState<K, V> state = HeapBroadcastState.registered(name, keySerializer, valueSerializer);
            states.put(name, state);
            return state;
        }
        checkMode(existing, OperatorStateHandle.Mode.BROADCAST);
        HeapBroadcastState<K, V> state = (HeapBroadcastState<K, V>) existing;
        if (state.isRestoredOnly()) {
            // check both before switching either, so a failed registration leaves the state as restored
            TypeSerializer<K> keys = adopt(name, "key", state.restoredKeySnapshot, state.keySerializer, keySerializer);
            TypeSerializer<V> values = adopt(name, "value", state.restoredValueSnapshot, state.valueSerializer, valueSerializer);
            state.keySerializer = keys;
            state.valueSerializer = values;
            state.restoredKeySnapshot = null;
            state.restoredValueSnapshot = null;
        } else {
            checkSameSerializer(name, "key", state.keySerializer, keySerializer);
            checkSameSerializer(name, "value", state.valueSerializer, valueSerializer);
        }
        return state;
    }

    private void checkMode(AbstractOperatorState existing, OperatorStateHandle.Mode mode) {
        if (existing.mode != mode) {
            throw new StateMigrationException(existing.isRestoredOnly()
                    ? "operator state '" + existing.name + "' of " + operatorIdentifier + " was restored as "
                            + existing.mode + " but is registered as " + mode
                    : "operator state '" + existing.name + "' of " + operatorIdentifier + " is already registered as "
                            + existing.mode + " and cannot be registered again as " + mode);
        }
    }

    private static void checkSameSerializer(String name, String what, TypeSerializer<?> registered, TypeSerializer<?> requested) {
        if (!registered.equals(requested)) {
            throw new StateMigrationException("operator state '" + name + "' is already registered with " + what
                    + " serializer " + registered + " and cannot be registered again with " + requested);
        }
    }

    /**
     * Checks a restored state's serializer snapshot against the program's serializer.
     *
     * @return the serializer to use from now on: a duplicate of the program's
     */
    private static <T> TypeSerializer<T> adopt(
            String name, String what, TypeSerializerSnapshot<T> snapshot, TypeSerializer<T> restoreSerializer, TypeSerializer<T> newSerializer) {
        TypeSerializer<T> duplicate = newSerializer.duplicate();
        TypeSerializerSchemaCompatibility<T> compat = snapshot.resolveSchemaCompatibility(duplicate);
        if (compat.isIncompatible()) {
            throw new StateMigrationException("operator state '" + name + "' was written with " + what + " serializer "
                    + restoreSerializer + " and cannot be read with " + newSerializer + ": " + compat.getReason());
        }
        // Compatible after migration needs no work here: the elements were already read with the
        // restore serializer into objects of the current types.
        return duplicate;
    }

    @Override
    public Set<String> getRegisteredStateNames() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(states.keySet()));
    }

    // ---------------------------------------------------------------- snapshot and restore

    @Override
    public RunnableFuture<SnapshotResult<OperatorStateHandle>> snapshot(
            long checkpointId, long timestamp, CheckpointStreamFactory streamFactory, CheckpointOptions checkpointOptions)
            throws IOException {
        Objects.requireNonNull(streamFactory, "streamFactory cannot be null");
        Objects.requireNonNull(checkpointOptions, "checkpointOptions cannot be null");
        checkOpen();
        if (states.isEmpty()) {
            FutureTask<SnapshotResult<OperatorStateHandle>> done = new FutureTask<>(SnapshotResult::empty);
            done.run();
            return done;
        }
        List<AbstractOperatorState.StateCopy> copies = new ArrayList<>(states.size());
        for (AbstractOperatorState state : states.values()) {
            copies.add(state.snapshotCopy());
        }
        return new OperatorSnapshotWriter.SnapshotTask(
                new OperatorSnapshotWriter(operatorIdentifier + " (checkpoint " + checkpointId + ")", copies, streamFactory));
    }

    @Override
    public void restore(StateHandles<OperatorStateHandle> restoredState) throws IOException {
        Objects.requireNonNull(restoredState, "restoredState cannot be null");
        checkOpen();
        if (restoreCalled || !states.isEmpty()) {
            throw new IllegalStateException("restore of " + operatorIdentifier + " must be called at most once and before"
                    + " any state is registered; registered states: " + states.keySet());
        }
        restoreCalled = true;
        // all or nothing: states are added only once every stream has been read
        states.putAll(new OperatorRestoreOperation(classLoader).restore(restoredState));
    }

    // ---------------------------------------------------------------- lifecycle

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the operator state backend of " + operatorIdentifier + " is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
        states.clear();
    }

    @Override
    public void dispose() {
        close();
    }

    @Override
    public String toString() {
        return "DefaultOperatorStateBackend{" + operatorIdentifier + ", states=" + states.keySet() + "}";
    }
}
