package io.cairn.state.keyed;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.Disposable;
import io.cairn.state.KeyedStateFunction;
import io.cairn.state.State;
import io.cairn.state.StateDescriptor;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.keygroup.KeyGroupRange;
import java.io.IOException;
import java.util.concurrent.RunnableFuture;
import java.util.stream.Stream;

/**
 * Keyed state of one subtask: every state is scoped to the current key (set with
 * {@link #setCurrentKey}) and a namespace, and partitioned into the key groups of
 * {@link #getKeyGroupRange()} so it can be snapshotted and restored at another parallelism.
 *
 * <p><b>Threads.</b> A backend and its states belong to the task's thread. Only the
 * {@link RunnableFuture} returned by {@link #snapshot} may run on another thread; it reads a frozen
 * view while the task thread goes on writing.
 *
 * @param <K> the key type
 */
public interface KeyedStateBackend<K> extends Disposable, AutoCloseable {

    /**
     * Creates the state for a descriptor, or returns the existing one with that name.
     *
     * @param stateDescriptor names the state and gives its serializer
     * @param namespaceSerializer the serializer of the namespaces the state is used with
     * @param <N> the namespace type
     * @param <T> the stored value type
     * @return the state, as the internal interface that can switch namespaces
     * @throws io.cairn.state.StateMigrationException if a state of that name exists with another kind, or a
     *     restored state's serializer is incompatible with the descriptor's
     */
    <N, T> InternalKvState<K, N, T> createState(
            StateDescriptor<?, T> stateDescriptor, TypeSerializer<N> namespaceSerializer);

    /**
     * Returns the state for a descriptor, scoped to {@code namespace}.
     *
     * @param namespace the namespace, not null
     * @param namespaceSerializer the namespace serializer
     * @param stateDescriptor names the state
     * @param <N> the namespace type
     * @param <S> the state interface
     * @param <T> the stored value type
     * @return the state
     * @throws NullPointerException if an argument is null
     * @throws io.cairn.state.StateMigrationException as for {@link #createState}
     */
    <N, S extends State, T> S getPartitionedState(
            N namespace, TypeSerializer<N> namespaceSerializer, StateDescriptor<S, T> stateDescriptor);

    /**
     * Takes a snapshot of all keyed state. The synchronous part runs in this call and is cheap; the
     * returned future writes the data when run, on any thread, while the task goes on.
     *
     * @param checkpointId the checkpoint id
     * @param timestamp the checkpoint timestamp
     * @param streamFactory where to write
     * @param checkpointOptions the checkpoint's options
     * @return the asynchronous part; its result is empty if there is no state
     * @throws IOException if the synchronous part fails
     */
    RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot(
            long checkpointId, long timestamp, CheckpointStreamFactory streamFactory, CheckpointOptions checkpointOptions)
            throws IOException;

    /**
     * Loads state from snapshot handles, keeping only the key groups this backend owns. Must be
     * called before any state is created, at most once.
     *
     * @param restoredState the handles, possibly from another parallelism
     * @throws IOException if reading fails or the data is corrupt; the message names the handle
     * @throws IllegalArgumentException if a handle's key groups lie outside the max parallelism
     * @throws io.cairn.state.StateMigrationException if the key serializer is incompatible
     */
    void restore(StateHandles<KeyedStateHandle> restoredState) throws IOException;

    /**
     * A checkpoint this backend took part in completed; incremental backends make its pieces the
     * base of the next checkpoint.
     *
     * @param checkpointId the checkpoint
     */
    default void notifyCheckpointComplete(long checkpointId) {}

    /**
     * A checkpoint this backend took part in was aborted; its changes go into the next checkpoint.
     *
     * @param checkpointId the checkpoint
     */
    default void notifyCheckpointAborted(long checkpointId) {}

    /** @return the current key, or null if none was set */
    K getCurrentKey();

    /**
     * Sets the key that all states are scoped to.
     *
     * @param newKey the key, not null
     * @throws NullPointerException if {@code newKey} is null
     * @throws IllegalArgumentException if the key's group is not owned by this backend
     */
    void setCurrentKey(K newKey);

    /** @return the key serializer */
    TypeSerializer<K> getKeySerializer();

    /** @return the key groups this backend owns */
    KeyGroupRange getKeyGroupRange();

    /** @return the total number of key groups, i.e. the max parallelism */
    int getNumberOfKeyGroups();

    /**
     * Applies a function to the state of every key that has a value in {@code namespace}. The function
     * may modify or clear the state.
     *
     * @param namespace the namespace
     * @param namespaceSerializer the namespace serializer
     * @param stateDescriptor names the state
     * @param function called once per key, with the key set as current
     * @param <N> the namespace type
     * @param <S> the state interface
     * @throws Exception whatever the function throws
     */
    <N, S extends State> void applyToAllKeys(
            N namespace,
            TypeSerializer<N> namespaceSerializer,
            StateDescriptor<S, ?> stateDescriptor,
            KeyedStateFunction<K, S> function)
            throws Exception;

    /**
     * Returns the keys that have a value for a state in a namespace.
     *
     * @param stateName the state name
     * @param namespace the namespace
     * @param <N> the namespace type
     * @return the keys; a snapshot, safe to consume while modifying state
     * @throws IllegalArgumentException if no state has that name
     */
    <N> Stream<K> getKeys(String stateName, N namespace);

    /** @return an estimate of the memory held by state, in bytes */
    long getApproximateMemoryUsage();

    /** Releases resources; state is lost. Idempotent. */
    @Override
    void close();

    /** Same as {@link #close()}. */
    @Override
    void dispose();
}
