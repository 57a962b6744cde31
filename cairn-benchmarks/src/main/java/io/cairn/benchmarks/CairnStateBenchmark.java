package io.cairn.benchmarks;

import io.cairn.serialization.LongSerializer;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.backend.StateBackend;
import io.cairn.state.heap.HashMapStateBackend;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keyed.KeyedStateBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One of Cairn's backends: a keyed backend with {@link LongSerializer} keys, max parallelism 128,
 * owning key groups 0..127, created by {@link HashMapStateBackend} ({@link #heap()}) or by
 * {@code EmbeddedRocksDBStateBackend} ({@link #rocksDb(Path)}).
 */
public final class CairnStateBenchmark implements StateBenchmark {

    private final String backendName;
    private final Function<Path, StateBackend> stateBackend;
    private final Path workingDir;
    private Path instanceDir;
    private Workload workload;
    private KeyedStateBackend<Long> backend;
    private ValueState<Long> valueState;
    private ListState<Long> listState;
    private MapState<Long, Long> mapState;

    private CairnStateBenchmark(String backendName, Function<Path, StateBackend> stateBackend, Path workingDir) {
        this.backendName = backendName;
        this.stateBackend = stateBackend;
        this.workingDir = workingDir;
    }

    /** @return a benchmark of Cairn's {@code hashmap} backend */
    public static CairnStateBenchmark heap() {
        return new CairnStateBenchmark(Systems.HEAP, dir -> new HashMapStateBackend(), null);
    }

    /**
     * @param workingDir the directory under which a fresh directory for the database is created
     *     (and deleted on {@link #close})
     * @return a benchmark of Cairn's {@code rocksdb} backend, configured by
     *     {@code io.cairn.benchmarks.rocksdb.CairnRocksDbBackend} in an {@link IsolatedRocksDbClassLoader}
     */
    public static CairnStateBenchmark rocksDb(Path workingDir) {
        return new CairnStateBenchmark(Systems.ROCKSDB, IsolatedRocksDbClassLoader.cairnRocksDbBackend(), workingDir);
    }

    /** @return the keyed backend opened last, or null if none is open */
    KeyedStateBackend<Long> keyedBackend() {
        return backend;
    }

    @Override
    public String system() {
        return Systems.displayName(Systems.CAIRN);
    }

    @Override
    public String backend() {
        return backendName;
    }

    /**
     * Creates the keyed backend (for RocksDB in a fresh directory under the working directory),
     * empty and not yet restored; {@link #close} disposes it.
     *
     * @return the backend
     * @throws IOException if the directory cannot be created
     */
    KeyedStateBackend<Long> open() throws IOException {
        if (backend != null) {
            throw new IllegalStateException("already open");
        }
        if (workingDir != null) {
            Files.createDirectories(workingDir);
            instanceDir = Files.createTempDirectory(workingDir, "cairn-rocksdb-");
        }
        backend = stateBackend.apply(instanceDir).createKeyedStateBackend(new KeyedStateBackendParameters<>(
                "benchmark", LongSerializer.INSTANCE, 128, KeyGroupRange.of(0, 127),
                CairnStateBenchmark.class.getClassLoader()));
        return backend;
    }

    @Override
    public void setUp(Workload workload, int keys) throws IOException {
        this.workload = workload;
        open();
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
    public long run(Workload.Operations operations, int from, int to) {
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
                backend.close();
                backend = null;
            }
        } finally {
            if (instanceDir != null) {
                deleteRecursively(instanceDir);
                instanceDir = null;
            }
        }
    }

    /** Deletes what the backend's {@code close()} left of the directory, if anything. */
    static void deleteRecursively(Path dir) throws IOException {
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
