package io.cairn.benchmarks;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStorageLocation;
import io.cairn.checkpoint.storage.CheckpointStorageLocationReference;
import io.cairn.checkpoint.storage.CheckpointType;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.checkpoint.storage.FsCheckpointStorageAccess;
import io.cairn.common.JobID;
import io.cairn.serialization.LongSerializer;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.keyed.KeyedStateBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.RunnableFuture;
import java.util.function.Supplier;

/**
 * Cairn's side of {@link Workload#SNAPSHOT_RESTORE}: snapshots go to a {@link FileSystemCheckpointStorage}
 * with its defaults ({@code state.storage.fs.memory-threshold} 20 KiB, write buffer 4 KiB; every
 * state file is fsynced on close), restores go into a fresh backend of the same kind.
 */
final class CairnSnapshotBenchmark implements SnapshotBenchmark {

    private static final ValueStateDescriptor<Long> VALUE = new ValueStateDescriptor<>("value", LongSerializer.INSTANCE);
    private static final MapStateDescriptor<Long, Long> MAP =
            new MapStateDescriptor<>("map", LongSerializer.INSTANCE, LongSerializer.INSTANCE);

    private final String backendName;
    private final Supplier<CairnStateBenchmark> backends;
    private CairnStateBenchmark source;
    private CairnStateBenchmark restored;
    private ValueState<Long> restoredValue;
    private MapState<Long, Long> restoredMap;
    private boolean hasMap;
    private KeyedStateHandle handle;
    private Path snapshotDir;

    /**
     * @param backendName {@code heap} or {@code rocksdb}
     * @param backends creates an unopened backend of that kind
     */
    CairnSnapshotBenchmark(String backendName, Supplier<CairnStateBenchmark> backends) {
        this.backendName = backendName;
        this.backends = backends;
    }

    @Override
    public String system() {
        return Systems.displayName(Systems.CAIRN);
    }

    @Override
    public String backend() {
        return backendName;
    }

    @Override
    public void populate(int valueKeys, int mapKeys) throws IOException {
        source = backends.get();
        KeyedStateBackend<Long> backend = source.open();
        ValueState<Long> value = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, VALUE);
        for (long key = 0; key < valueKeys; key++) {
            backend.setCurrentKey(key);
            value.update(key);
        }
        hasMap = mapKeys > 0;
        if (hasMap) {
            MapState<Long, Long> map = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, MAP);
            for (long key = 0; key < mapKeys; key++) {
                backend.setCurrentKey(key);
                for (long userKey = 0; userKey < Workload.ELEMENTS; userKey++) {
                    map.put(userKey, key * Workload.ELEMENTS + userKey);
                }
            }
        }
    }

    @Override
    public Snapshot snapshot(Path dir, long checkpointId, boolean savepoint) throws Exception {
        FsCheckpointStorageAccess storage =
                new FileSystemCheckpointStorage(io.cairn.fs.Path.fromLocal(dir)).resolveCheckpointStorageAccess(JobID.generate());
        storage.initializeBaseLocationsForCheckpoint();
        CheckpointStorageLocation location = storage.initializeLocationForCheckpoint(checkpointId);
        snapshotDir = dir;
        long start = System.nanoTime();
        RunnableFuture<io.cairn.state.handle.SnapshotResult<KeyedStateHandle>> future = source.keyedBackend().snapshot(
                checkpointId, checkpointId, location, savepoint
                        ? new CheckpointOptions(CheckpointType.SAVEPOINT, CheckpointStorageLocationReference.getDefault())
                        : CheckpointOptions.forCheckpointWithDefaultLocation());
        long sync = System.nanoTime() - start;
        future.run();
        handle = future.get().getJobManagerOwnedSnapshot();
        long async = System.nanoTime() - start - sync;
        if (handle == null) {
            throw new IllegalStateException("snapshot " + checkpointId + " of " + system() + " " + backendName + " is empty");
        }
        return new Snapshot(sync, async, handle.getStateSize());
    }

    @Override
    public long restore() throws IOException {
        if (restored != null) {
            throw new IllegalStateException("the previous restore was not discarded");
        }
        restored = backends.get();
        long start = System.nanoTime();
        KeyedStateBackend<Long> backend = restored.open();
        backend.restore(StateHandles.of(handle));
        restoredValue = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, VALUE);
        restoredMap = hasMap
                ? backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, MAP)
                : null;
        return System.nanoTime() - start;
    }

    @Override
    public Long restoredValue(long key) {
        restored.keyedBackend().setCurrentKey(key);
        return restoredValue.value();
    }

    @Override
    public Long restoredMapValue(long key, long userKey) {
        restored.keyedBackend().setCurrentKey(key);
        return restoredMap.get(userKey);
    }

    @Override
    public int restoredMapSize(long key) {
        restored.keyedBackend().setCurrentKey(key);
        int size = 0;
        for (Long ignored : restoredMap.keys()) {
            size++;
        }
        return size;
    }

    @Override
    public void discardRestored() throws IOException {
        try {
            if (restored != null) {
                restored.close();
            }
        } finally {
            restored = null;
            restoredValue = null;
            restoredMap = null;
        }
    }

    @Override
    public void discard() throws IOException {
        try {
            discardRestored();
        } finally {
            handle = null;
            if (snapshotDir != null) {
                CairnStateBenchmark.deleteRecursively(snapshotDir);
                snapshotDir = null;
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            discard();
        } finally {
            if (source != null) {
                source.close();
                source = null;
            }
        }
    }
}
