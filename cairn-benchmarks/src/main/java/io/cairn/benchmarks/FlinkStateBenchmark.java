package io.cairn.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.contrib.streaming.state.PredefinedOptions;
import org.apache.flink.contrib.streaming.state.RocksDBConfigurableOptions;
import org.apache.flink.contrib.streaming.state.RocksDBKeyedStateBackendBuilder;
import org.apache.flink.contrib.streaming.state.RocksDBPriorityQueueConfig;
import org.apache.flink.contrib.streaming.state.RocksDBResourceContainer;
import org.apache.flink.core.fs.CloseableRegistry;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.state.AbstractKeyedStateBackend;
import org.apache.flink.runtime.state.AbstractStateBackend;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.LocalRecoveryConfig;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackendBuilder;
import org.apache.flink.runtime.state.heap.HeapPriorityQueueSetFactory;
import org.apache.flink.runtime.state.metrics.LatencyTrackingStateConfig;
import org.apache.flink.runtime.state.ttl.TtlTimeProvider;

/**
 * Apache Flink's keyed backends, built directly with their builders as Flink's own state benchmarks
 * and {@code HashMapStateBackend} / {@code EmbeddedRocksDBStateBackend} do (without a task
 * environment): {@code Long} keys with Flink's {@link LongSerializer}, max parallelism 128 owning key
 * groups 0..127, state in the {@link VoidNamespace}, no local recovery, latency tracking off,
 * asynchronous snapshots.
 */
public abstract class FlinkStateBenchmark implements StateBenchmark {

    /** Max parallelism, and so the number of key groups. */
    static final int NUMBER_OF_KEY_GROUPS = 128;

    /** All key groups: one backend owns them all. */
    static final KeyGroupRange KEY_GROUPS = new KeyGroupRange(0, NUMBER_OF_KEY_GROUPS - 1);

    private Workload workload;
    private AbstractKeyedStateBackend<Long> backend;
    private ValueState<Long> valueState;
    private ListState<Long> listState;
    private MapState<Long, Long> mapState;

    /**
     * @param restoreStateHandles the snapshot handles the new backend restores, empty for none
     * @return a new keyed backend
     */
    abstract AbstractKeyedStateBackend<Long> createBackend(Collection<KeyedStateHandle> restoreStateHandles)
            throws Exception;

    /**
     * Creates the keyed backend, restoring it from {@code restoreStateHandles} (Flink's builders
     * restore while building); {@link #close} disposes it.
     *
     * @param restoreStateHandles the snapshot handles to restore, empty for none
     * @return the backend
     * @throws Exception if building or restoring fails
     */
    AbstractKeyedStateBackend<Long> open(Collection<KeyedStateHandle> restoreStateHandles) throws Exception {
        if (backend != null) {
            throw new IllegalStateException("already open");
        }
        backend = createBackend(restoreStateHandles);
        return backend;
    }

    /** Releases what {@link #createBackend} allocated besides the backend. */
    abstract void closeResources() throws IOException;

    /** @return the keyed backend opened last, or null if none is open */
    AbstractKeyedStateBackend<Long> keyedBackend() {
        return backend;
    }

    @Override
    public String system() {
        return Systems.displayName(Systems.FLINK);
    }

    @Override
    public void setUp(Workload workload, int keys) throws Exception {
        this.workload = workload;
        open(Collections.emptyList());
        switch (workload.kind()) {
            case VALUE:
                valueState = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                        new ValueStateDescriptor<>("value", LongSerializer.INSTANCE));
                for (long key = 0; key < keys; key++) {
                    backend.setCurrentKey(key);
                    valueState.update(1L);
                }
                break;
            case LIST:
                listState = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                        new ListStateDescriptor<>("list", LongSerializer.INSTANCE));
                if (workload.populatesCollections()) {
                    for (long key = 0; key < keys; key++) {
                        backend.setCurrentKey(key);
                        for (long element = 0; element < Workload.ELEMENTS; element++) {
                            listState.add(element);
                        }
                    }
                }
                break;
            case MAP:
                mapState = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                        new MapStateDescriptor<>("map", LongSerializer.INSTANCE, LongSerializer.INSTANCE));
                for (long key = 0; key < keys; key++) {
                    backend.setCurrentKey(key);
                    for (long userKey = 0; userKey < Workload.ELEMENTS; userKey++) {
                        mapState.put(userKey, userKey);
                    }
                }
                break;
            default:
                throw new IllegalStateException(workload.kind().name());
        }
    }

    @Override
    public long run(Workload.Operations operations, int from, int to) throws Exception {
        Long[] keys = operations.keys();
        Long[] userKeys = operations.userKeys();
        long sink = 0;
        switch (workload) {
            case VALUE_UPDATE:
                for (int i = from; i < to; i++) {
                    backend.setCurrentKey(keys[i]);
                    Long value = valueState.value();
                    valueState.update(value + 1);
                }
                break;
            case VALUE_GET:
                for (int i = from; i < to; i++) {
                    backend.setCurrentKey(keys[i]);
                    sink += valueState.value();
                }
                break;
            case LIST_ADD:
                for (int i = from; i < to; i++) {
                    Long key = keys[i];
                    backend.setCurrentKey(key);
                    listState.add(key);
                }
                break;
            case LIST_GET:
                for (int i = from; i < to; i++) {
                    backend.setCurrentKey(keys[i]);
                    for (Long element : listState.get()) {
                        sink += element;
                    }
                }
                break;
            case MAP_PUT:
                for (int i = from; i < to; i++) {
                    Long key = keys[i];
                    backend.setCurrentKey(key);
                    mapState.put(userKeys[i], key);
                }
                break;
            case MAP_GET:
                for (int i = from; i < to; i++) {
                    backend.setCurrentKey(keys[i]);
                    sink += mapState.get(userKeys[i]);
                }
                break;
            default:
                throw new IllegalStateException(workload.name());
        }
        return sink;
    }

    @Override
    public void close() throws IOException {
        try {
            if (backend != null) {
                backend.dispose();
                backend = null;
            }
        } finally {
            closeResources();
        }
    }

    /**
     * Flink's heap backend ({@code HashMapStateBackend}'s keyed backend): a
     * {@link HeapKeyedStateBackendBuilder} with the arguments {@code HashMapStateBackend} passes.
     */
    public static final class Heap extends FlinkStateBenchmark {

        @Override
        public String backend() {
            return Systems.HEAP;
        }

        @Override
        AbstractKeyedStateBackend<Long> createBackend(Collection<KeyedStateHandle> restoreStateHandles)
                throws Exception {
            ExecutionConfig executionConfig = new ExecutionConfig();
            return new HeapKeyedStateBackendBuilder<>(
                            null,
                            LongSerializer.INSTANCE,
                            FlinkStateBenchmark.class.getClassLoader(),
                            NUMBER_OF_KEY_GROUPS,
                            KEY_GROUPS,
                            executionConfig,
                            TtlTimeProvider.DEFAULT,
                            LatencyTrackingStateConfig.disabled(),
                            restoreStateHandles,
                            AbstractStateBackend.getCompressionDecorator(executionConfig),
                            LocalRecoveryConfig.BACKUP_AND_RECOVERY_DISABLED,
                            new HeapPriorityQueueSetFactory(KEY_GROUPS, NUMBER_OF_KEY_GROUPS, 128),
                            true,
                            new CloseableRegistry())
                    .build();
        }

        @Override
        void closeResources() {}
    }

    /**
     * Flink's RocksDB backend ({@code EmbeddedRocksDBStateBackend}'s keyed backend): a
     * {@link RocksDBKeyedStateBackendBuilder} with RocksDB timers, in a fresh directory under the
     * working directory, with the memory and table options of Cairn's side
     * ({@code io.cairn.benchmarks.rocksdb.CairnRocksDbBackend}): a {@link RocksDBResourceContainer}
     * with {@code PredefinedOptions.DEFAULT}, shared resources from {@link FlinkRocksDBMemory}
     * (256 MiB LRU block cache, 128 MiB write buffer manager charged to it; Flink then puts index and
     * filter blocks in the cache with high priority and pins L0's), and the configuration
     * {@code state.backend.rocksdb.use-bloom-filter: true} (10 bits per key, full filters, not
     * block-based), {@code state.backend.rocksdb.block.blocksize: 4 kb},
     * {@code state.backend.rocksdb.writebuffer.count: 2}.
     */
    public static final class RocksDb extends FlinkStateBenchmark {

        /** The shared block cache, as Cairn's {@code state.backend.rocksdb.memory.managed-size}. */
        static final long MANAGED_MEMORY_BYTES = 256L << 20;

        private final Path workingDir;
        private final long managedMemoryBytes;
        private Path instanceDir;
        private RocksDBResourceContainer resources;

        /** @param workingDir the directory under which the database directory is created */
        public RocksDb(Path workingDir) {
            this(workingDir, MANAGED_MEMORY_BYTES);
        }

        /**
         * @param workingDir the directory under which the database directory is created
         * @param managedMemoryBytes the shared block cache's capacity (write buffers get half, inside it)
         */
        public RocksDb(Path workingDir, long managedMemoryBytes) {
            this.workingDir = workingDir;
            this.managedMemoryBytes = managedMemoryBytes;
        }

        @Override
        public String backend() {
            return Systems.ROCKSDB;
        }

        @Override
        @SuppressWarnings("unchecked") // the shared resources' type is package-private in Flink (FlinkRocksDBMemory)
        AbstractKeyedStateBackend<Long> createBackend(Collection<KeyedStateHandle> restoreStateHandles)
                throws Exception {
            Files.createDirectories(workingDir);
            instanceDir = Files.createTempDirectory(workingDir, "flink-rocksdb-");
            File instanceBasePath = instanceDir.toFile();
            Configuration config = new Configuration();
            config.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
            config.set(RocksDBConfigurableOptions.BLOOM_FILTER_BITS_PER_KEY, 10.0);
            config.set(RocksDBConfigurableOptions.BLOOM_FILTER_BLOCK_BASED_MODE, false);
            config.set(RocksDBConfigurableOptions.BLOCK_SIZE, new MemorySize(4 * 1024));
            config.set(RocksDBConfigurableOptions.MAX_WRITE_BUFFER_NUMBER, 2);
            resources = new RocksDBResourceContainer(config, PredefinedOptions.DEFAULT, null,
                    FlinkRocksDBMemory.allocate(managedMemoryBytes), instanceBasePath, false);
            ExecutionConfig executionConfig = new ExecutionConfig();
            RocksDBResourceContainer container = resources;
            return new RocksDBKeyedStateBackendBuilder<>(
                            "benchmark",
                            FlinkStateBenchmark.class.getClassLoader(),
                            instanceBasePath,
                            container,
                            stateName -> container.getColumnOptions(),
                            null,
                            LongSerializer.INSTANCE,
                            NUMBER_OF_KEY_GROUPS,
                            KEY_GROUPS,
                            executionConfig,
                            LocalRecoveryConfig.BACKUP_AND_RECOVERY_DISABLED,
                            RocksDBPriorityQueueConfig.buildWithPriorityQueueType(
                                    EmbeddedRocksDBStateBackend.PriorityQueueStateType.ROCKSDB),
                            TtlTimeProvider.DEFAULT,
                            LatencyTrackingStateConfig.disabled(),
                            new UnregisteredMetricsGroup(),
                            (name, value) -> {},
                            restoreStateHandles,
                            AbstractStateBackend.getCompressionDecorator(executionConfig),
                            new CloseableRegistry())
                    .build();
        }

        @Override
        void closeResources() throws IOException {
            try {
                if (resources != null) {
                    resources.close();
                    resources = null;
                }
            } catch (Exception e) {
                throw new IOException("closing RocksDB's options failed", e);
            } finally {
                if (instanceDir != null) {
                    deleteRecursively(instanceDir);
                    instanceDir = null;
                }
            }
        }

        /** Deletes what Flink's {@code dispose()} left of the directory, if anything. */
        private static void deleteRecursively(Path dir) throws IOException {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
