package io.cairn.state.operator;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.state.BroadcastState;
import io.cairn.state.Disposable;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StateHandles;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.RunnableFuture;

/**
 * Operator (non-keyed) state of one subtask: list states redistributed on rescaling by splitting
 * ({@link #getListState}) or by union ({@link #getUnionListState}), and broadcast map states kept
 * identical on every subtask ({@link #getBroadcastState}). State names are unique across all kinds.
 *
 * <p><b>Threads.</b> A backend and its states belong to the task's thread. Only the
 * {@link RunnableFuture} returned by {@link #snapshot} may run on another thread.
 */
public interface OperatorStateBackend extends Disposable, AutoCloseable {

    /**
     * Returns the list state whose elements are split between subtasks on rescaling, creating it or
     * adopting its restored contents on first use.
     *
     * @param stateDescriptor names the state and gives its element serializer
     * @param <S> the element type
     * @return the state
     * @throws io.cairn.state.StateMigrationException if the name is used by a state of another mode, with
     *     another serializer, or was restored with an incompatible serializer
     */
    <S> ListState<S> getListState(ListStateDescriptor<S> stateDescriptor);

    /**
     * Returns the list state of which every subtask gets all elements of all subtasks on restore.
     *
     * @param stateDescriptor names the state and gives its element serializer
     * @param <S> the element type
     * @return the state
     * @throws io.cairn.state.StateMigrationException as for {@link #getListState}
     */
    <S> ListState<S> getUnionListState(ListStateDescriptor<S> stateDescriptor);

    /**
     * Returns the broadcast map state, identical on every subtask; on restore each subtask gets one copy.
     *
     * @param stateDescriptor names the state and gives the key and value serializers
     * @param <K> the key type
     * @param <V> the value type
     * @return the state
     * @throws io.cairn.state.StateMigrationException as for {@link #getListState}
     */
    <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> stateDescriptor);

    /** @return the names of all states held, registered by the program or restored and not yet registered */
    Set<String> getRegisteredStateNames();

    /**
     * Takes a snapshot of all operator state. The synchronous part, in this call, copies the states;
     * the returned future writes one stream when run, on any thread.
     *
     * @param checkpointId the checkpoint id
     * @param timestamp the checkpoint timestamp
     * @param streamFactory where to write
     * @param checkpointOptions the checkpoint's options
     * @return the asynchronous part; its result is empty if there is no state
     * @throws IOException if the synchronous part fails
     */
    RunnableFuture<SnapshotResult<OperatorStateHandle>> snapshot(
            long checkpointId, long timestamp, CheckpointStreamFactory streamFactory, CheckpointOptions checkpointOptions)
            throws IOException;

    /**
     * Loads state from snapshot handles, possibly repartitioned from another parallelism; each
     * underlying stream is opened once. Must be called before any state is used, at most once.
     *
     * @param restoredState the handles
     * @throws IOException if reading fails or the data is corrupt; the message names the stream
     * @throws IllegalStateException if states were already registered or restored
     */
    void restore(StateHandles<OperatorStateHandle> restoredState) throws IOException;

    /** Releases all state. Idempotent. */
    @Override
    void close();

    /** Same as {@link #close()}. */
    @Override
    void dispose();
}
