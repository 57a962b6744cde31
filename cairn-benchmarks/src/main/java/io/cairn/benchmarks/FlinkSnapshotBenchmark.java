package io.cairn.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.RunnableFuture;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.core.fs.CloseableRegistry;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.SavepointType;
import org.apache.flink.runtime.state.AbstractKeyedStateBackend;
import org.apache.flink.runtime.state.CheckpointStorageLocationReference;
import org.apache.flink.runtime.state.CheckpointStreamFactory;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.SavepointResources;
import org.apache.flink.runtime.state.SavepointSnapshotStrategy;
import org.apache.flink.runtime.state.SnapshotStrategyRunner;
import org.apache.flink.runtime.state.SnapshotResult;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.filesystem.FsCheckpointStorageAccess;

/**
 * Flink's side of {@link Workload#SNAPSHOT_RESTORE}: snapshots go to Flink's file-system checkpoint
 * storage ({@link FsCheckpointStorageAccess}, what {@code FileSystemCheckpointStorage} gives a task)
 * with Flink's defaults ({@code state.storage.fs.memory-threshold} 20 KiB,
 * {@code state.storage.fs.write-buffer-size} 4096; Flink does not fsync state files), and restores go
 * into a fresh backend built with the snapshot's handle as its restore state, as Flink does on
 * recovery. A checkpoint of Flink's RocksDB backend without incremental checkpoints is a native full
 * snapshot (its SST files copied; restoring opens them); a savepoint is the canonical format
 * written entry by entry, like every snapshot of Cairn's RocksDB backend, taken the way Flink's
 * {@code StreamOperatorStateHandler} takes one ({@code backend.savepoint()} and a
 * {@link SavepointSnapshotStrategy}).
 */
final class FlinkSnapshotBenchmark implements SnapshotBenchmark {

    private static final ValueStateDescriptor<Long> VALUE = new ValueStateDescriptor<>("value", LongSerializer.INSTANCE);
    private static final MapStateDescriptor<Long, Long> MAP =
            new MapStateDescriptor<>("map", LongSerializer.INSTANCE, LongSerializer.INSTANCE);

    private final String backendName;
    private final Supplier<FlinkStateBenchmark> backends;
    private FlinkStateBenchmark source;
    private FlinkStateBenchmark restored;
    private ValueState<Long> restoredValue;
    private MapState<Long, Long> restoredMap;
    private boolean hasMap;
    private KeyedStateHandle handle;
    private Path snapshotDir;

    /**
     * @param backendName {@code heap} or {@code rocksdb}
     * @param backends creates an unopened backend of that kind
     */
    FlinkSnapshotBenchmark(String backendName, Supplier<FlinkStateBenchmark> backends) {
        this.backendName = backendName;
        this.backends = backends;
    }

    @Override
    public String system() {
        return Systems.displayName(Systems.FLINK);
    }

    @Override
    public String backend() {
        return backendName;
    }

    @Override
    public void populate(int valueKeys, int mapKeys) throws Exception {
        source = backends.get();
        AbstractKeyedStateBackend<Long> backend = source.open(List.of());
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
        FsCheckpointStorageAccess storage = new FsCheckpointStorageAccess(
                new org.apache.flink.core.fs.Path(dir.toUri()), null, new JobID(),
                (int) CheckpointingOptions.FS_SMALL_FILE_THRESHOLD.defaultValue().getBytes(),
                CheckpointingOptions.FS_WRITE_BUFFER_SIZE.defaultValue());
        storage.initializeBaseLocationsForCheckpoint();
        CheckpointStreamFactory location = storage.initializeLocationForCheckpoint(checkpointId);
        snapshotDir = dir;
        CheckpointOptions options = savepoint
                ? CheckpointOptions.alignedNoTimeout(SavepointType.savepoint(SavepointFormatType.CANONICAL),
                        CheckpointStorageLocationReference.getDefault())
                : CheckpointOptions.forCheckpointWithDefaultLocation();
        AbstractKeyedStateBackend<Long> backend = source.keyedBackend();
        try (CloseableRegistry registry = new CloseableRegistry()) {
            long start = System.nanoTime();
            RunnableFuture<SnapshotResult<KeyedStateHandle>> future;
            if (savepoint) {
                // as Flink's StreamOperatorStateHandler takes a canonical savepoint: the backend's
                // savepoint resources, written by a SavepointSnapshotStrategy (backend.snapshot() would
                // take a checkpoint whatever the options say)
                SavepointResources<Long> resources = backend.savepoint();
                future = new SnapshotStrategyRunner<>("canonical savepoint",
                        new SavepointSnapshotStrategy<>(resources.getSnapshotResources()), registry,
                        resources.getPreferredSnapshotExecutionType())
                        .snapshot(checkpointId, checkpointId, location, options);
            } else {
                future = backend.snapshot(checkpointId, checkpointId, location, options);
            }
            long sync = System.nanoTime() - start;
            future.run();
            handle = future.get().getJobManagerOwnedSnapshot();
            long async = System.nanoTime() - start - sync;
            if (handle == null) {
                throw new IllegalStateException("snapshot " + checkpointId + " of " + system() + " " + backendName + " is empty");
            }
            return new Snapshot(sync, async, handle.getStateSize());
        }
    }

    @Override
    public long restore() throws Exception {
        if (restored != null) {
            throw new IllegalStateException("the previous restore was not discarded");
        }
        restored = backends.get();
        long start = System.nanoTime();
        AbstractKeyedStateBackend<Long> backend = restored.open(List.of(handle));
        restoredValue = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, VALUE);
        restoredMap = hasMap
                ? backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, MAP)
                : null;
        return System.nanoTime() - start;
    }

    @Override
    public Long restoredValue(long key) throws IOException {
        restored.keyedBackend().setCurrentKey(key);
        return restoredValue.value();
    }

    @Override
    public Long restoredMapValue(long key, long userKey) throws Exception {
        restored.keyedBackend().setCurrentKey(key);
        return restoredMap.get(userKey);
    }

    @Override
    public int restoredMapSize(long key) throws Exception {
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
