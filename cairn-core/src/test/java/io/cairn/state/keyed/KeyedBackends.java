package io.cairn.state.keyed;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.backend.StateBackend;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RunnableFuture;

/**
 * A test fixture: the keyed backends of all subtasks of one operator, routing each key to the
 * subtask that owns its key group, with snapshot-all and restore-at-any-parallelism.
 */
public final class KeyedBackends<K> implements AutoCloseable {

    private final StateBackend stateBackend;
    private final TypeSerializer<K> keySerializer;
    private final int maxParallelism;
    private final List<KeyedStateBackend<K>> backends = new ArrayList<>();

    private KeyedBackends(StateBackend stateBackend, TypeSerializer<K> keySerializer, int maxParallelism) {
        this.stateBackend = stateBackend;
        this.keySerializer = keySerializer;
        this.maxParallelism = maxParallelism;
    }

    /** Creates {@code parallelism} backends restored from {@code handles} (empty for a fresh start). */
    public static <K> KeyedBackends<K> create(
            StateBackend stateBackend,
            TypeSerializer<K> keySerializer,
            int maxParallelism,
            int parallelism,
            List<KeyedStateHandle> handles)
            throws Exception {
        KeyedBackends<K> result = new KeyedBackends<>(stateBackend, keySerializer, maxParallelism);
        for (int i = 0; i < parallelism; i++) {
            KeyedStateBackend<K> b = stateBackend.createKeyedStateBackend(
                    KeyedStateBackendParameters.forSubtask("test-op", keySerializer, maxParallelism, parallelism, i));
            b.restore(StateHandles.of(handles));
            result.backends.add(b);
        }
        return result;
    }

    public int parallelism() {
        return backends.size();
    }

    public List<KeyedStateBackend<K>> all() {
        return backends;
    }

    /** @return the backend that owns {@code key}, with the key set as current */
    public KeyedStateBackend<K> at(K key) {
        int kg = KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism);
        KeyedStateBackend<K> b =
                backends.get(KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(maxParallelism, backends.size(), kg));
        b.setCurrentKey(key);
        return b;
    }

    /** Snapshots every backend (running the asynchronous part at once) and returns the handles. */
    public List<KeyedStateHandle> snapshotAll(long checkpointId, CheckpointStreamFactory factory) throws Exception {
        List<KeyedStateHandle> handles = new ArrayList<>();
        for (KeyedStateBackend<K> b : backends) {
            KeyedStateHandle h = runSnapshot(b, checkpointId, factory);
            if (h != null) {
                handles.add(h);
            }
        }
        return handles;
    }

    /** Runs one backend's snapshot to completion. */
    public static KeyedStateHandle runSnapshot(KeyedStateBackend<?> b, long checkpointId, CheckpointStreamFactory factory)
            throws Exception {
        RunnableFuture<SnapshotResult<KeyedStateHandle>> f =
                b.snapshot(checkpointId, checkpointId * 1000, factory, CheckpointOptions.forCheckpointWithDefaultLocation());
        f.run();
        return f.get().getJobManagerOwnedSnapshot();
    }

    /** Snapshots everything, closes these backends and returns backends restored at {@code newParallelism}. */
    public KeyedBackends<K> rescale(long checkpointId, CheckpointStreamFactory factory, int newParallelism) throws Exception {
        List<KeyedStateHandle> handles = snapshotAll(checkpointId, factory);
        close();
        return create(stateBackend, keySerializer, maxParallelism, newParallelism, handles);
    }

    @Override
    public void close() {
        for (KeyedStateBackend<K> b : backends) {
            b.close();
        }
    }
}
