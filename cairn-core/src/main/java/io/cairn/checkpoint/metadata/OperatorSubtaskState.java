package io.cairn.checkpoint.metadata;

import io.cairn.state.handle.CompositeStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.handle.SharedStateRegistry;
import io.cairn.state.handle.StateObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The state one subtask of one operator reported for a checkpoint, or the state assigned to a
 * subtask on restore: managed keyed and managed operator handles. Immutable, except that registering
 * shared state resolves placeholders inside incremental keyed handles.
 */
public final class OperatorSubtaskState implements CompositeStateHandle {

    private static final long serialVersionUID = 1L;

    private static final OperatorSubtaskState EMPTY = new OperatorSubtaskState(List.of(), List.of());

    private final List<KeyedStateHandle> managedKeyedState;
    private final List<OperatorStateHandle> managedOperatorState;

    /**
     * @param managedKeyedState the keyed handles (null entries are dropped)
     * @param managedOperatorState the operator handles (null entries are dropped)
     */
    public OperatorSubtaskState(
            List<? extends KeyedStateHandle> managedKeyedState, List<? extends OperatorStateHandle> managedOperatorState) {
        this.managedKeyedState = withoutNulls(managedKeyedState);
        this.managedOperatorState = withoutNulls(managedOperatorState);
    }

    private static <T> List<T> withoutNulls(List<? extends T> list) {
        List<T> result = new ArrayList<>();
        for (T t : Objects.requireNonNull(list, "handles")) {
            if (t != null) {
                result.add(t);
            }
        }
        return List.copyOf(result);
    }

    /** @return a subtask state with no handles */
    public static OperatorSubtaskState empty() {
        return EMPTY;
    }

    /** @return the keyed handles */
    public List<KeyedStateHandle> getManagedKeyedState() {
        return managedKeyedState;
    }

    /** @return the operator handles */
    public List<OperatorStateHandle> getManagedOperatorState() {
        return managedOperatorState;
    }

    /** @return true if there are no handles */
    public boolean isEmpty() {
        return managedKeyedState.isEmpty() && managedOperatorState.isEmpty();
    }

    /** @return every handle, keyed first */
    public List<StateObject> allHandles() {
        List<StateObject> all = new ArrayList<>(managedKeyedState);
        all.addAll(managedOperatorState);
        return all;
    }

    /**
     * Discards state that was never accepted into a checkpoint (a late acknowledgement, or an
     * aborted checkpoint): the handles and also the shared pieces of incremental handles that were
     * never registered, which nothing else references.
     *
     * @throws IOException if something exists but cannot be deleted
     */
    public void discardNeverRegisteredState() throws IOException {
        IOException failure = null;
        for (KeyedStateHandle h : managedKeyedState) {
            if (h instanceof io.cairn.state.handle.IncrementalKeyedStateHandle inc && !inc.isRegistered()) {
                try {
                    inc.discardUnregisteredSharedState();
                } catch (IOException e) {
                    failure = e;
                }
            }
        }
        try {
            discardState();
        } catch (IOException e) {
            if (failure != null) {
                e.addSuppressed(failure);
            }
            throw e;
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void discardState() throws IOException {
        io.cairn.state.handle.StateObjects.discardAll(allHandles());
    }

    /** Registers the shared pieces of every incremental handle. */
    @Override
    public void registerSharedStates(SharedStateRegistry registry, long checkpointId) {
        registry.registerAll(allHandles(), checkpointId);
    }

    @Override
    public long getCheckpointedSize() {
        long size = 0;
        for (StateObject o : allHandles()) {
            size += o instanceof CompositeStateHandle c ? c.getCheckpointedSize() : o.getStateSize();
        }
        return size;
    }

    @Override
    public long getStateSize() {
        long size = 0;
        for (StateObject o : allHandles()) {
            size += o.getStateSize();
        }
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OperatorSubtaskState s
                && managedKeyedState.equals(s.managedKeyedState)
                && managedOperatorState.equals(s.managedOperatorState);
    }

    @Override
    public int hashCode() {
        return Objects.hash(managedKeyedState, managedOperatorState);
    }

    @Override
    public String toString() {
        return "OperatorSubtaskState{keyed=" + managedKeyedState + ", operator=" + managedOperatorState + "}";
    }
}
