package io.cairn.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.checkpoint.storage.FsCheckpointStreamFactory;
import io.cairn.fs.FSDataInputStream;
import io.cairn.serialization.LongSerializer;
import io.cairn.state.backend.StateBackend;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.heap.HashMapStateBackend;
import io.cairn.state.keyed.KeyedBackends;
import io.cairn.state.keyed.KeyedSnapshotFormat;
import io.cairn.state.keyed.StateMetaInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A canonical snapshot taken by either backend restores into either backend, at any parallelism,
 * with every value of every state kind and every key group exact. The rocksdb backend here takes
 * canonical checkpoints ({@link RocksDBCheckpointFormat#CANONICAL}); its default native ones restore
 * into the rocksdb backend only ({@link RocksDBNativeFullCheckpointTest}).
 */
class CanonicalSnapshotPortabilityTest {

    private static final int MAX_PARALLELISM = 128;
    private static final int KEYS = 2_000;

    @TempDir
    Path tmp;

    private StateBackend backend(String name) {
        return switch (name) {
            case "heap" -> new HashMapStateBackend();
            case "rocksdb" -> new EmbeddedRocksDBStateBackend().withLocalDirectory(tmp.resolve("rocksdb"))
                    .withCheckpointFormat(RocksDBCheckpointFormat.CANONICAL);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private CheckpointStreamFactory files(String name) {
        return FsCheckpointStreamFactory.forDirectory(io.cairn.fs.Path.fromLocal(tmp.resolve(name)));
    }

    @ParameterizedTest(name = "{0} (p={1}) -> {2} (p={3})")
    @CsvSource({
        "heap, 1, rocksdb, 1",
        "rocksdb, 1, heap, 1",
        "heap, 2, rocksdb, 3",
        "rocksdb, 3, heap, 2",
        "rocksdb, 2, rocksdb, 3",
        "rocksdb, 3, rocksdb, 2",
        "rocksdb, 4, rocksdb, 1",
    })
    void snapshotRestoresIntoTheOtherBackendAtAnyParallelism(String from, int p1, String to, int p2) throws Exception {
        List<KeyedStateHandle> handles;
        try (KeyedBackends<Long> before =
                KeyedBackends.create(backend(from), LongSerializer.INSTANCE, MAX_PARALLELISM, p1, List.of())) {
            AllKindsData.write(before, KEYS);
            AllKindsData.check(before, KEYS, MAX_PARALLELISM);
            handles = before.snapshotAll(1, files("chk-1"));
        }
        try (KeyedBackends<Long> after =
                KeyedBackends.create(backend(to), LongSerializer.INSTANCE, MAX_PARALLELISM, p2, handles)) {
            AllKindsData.check(after, KEYS, MAX_PARALLELISM);
        }
    }

    @Test
    void restoredStatesThatAreNeverRegisteredAreCarriedIntoTheNextSnapshot() throws Exception {
        List<KeyedStateHandle> handles;
        try (KeyedBackends<Long> heap =
                KeyedBackends.create(backend("heap"), LongSerializer.INSTANCE, MAX_PARALLELISM, 2, List.of())) {
            AllKindsData.write(heap, KEYS);
            handles = heap.snapshotAll(1, files("chk-1"));
        }
        // restored into rocksdb and snapshotted again without touching a state: still readable by the heap
        List<KeyedStateHandle> again;
        try (KeyedBackends<Long> rocks =
                KeyedBackends.create(backend("rocksdb"), LongSerializer.INSTANCE, MAX_PARALLELISM, 3, handles)) {
            again = rocks.snapshotAll(2, files("chk-2"));
        }
        try (KeyedBackends<Long> heap =
                KeyedBackends.create(backend("heap"), LongSerializer.INSTANCE, MAX_PARALLELISM, 1, again)) {
            AllKindsData.check(heap, KEYS, MAX_PARALLELISM);
        }
    }

    @Test
    void rocksdbWritesTheHeaderTheHeapWrites() throws Exception {
        List<StateMetaInfo> heapStates = headerStates("heap");
        List<StateMetaInfo> rocksStates = headerStates("rocksdb");
        assertThat(rocksStates).extracting(StateMetaInfo::name).containsExactlyElementsOf(
                heapStates.stream().map(StateMetaInfo::name).toList());
        for (int i = 0; i < heapStates.size(); i++) {
            StateMetaInfo h = heapStates.get(i);
            StateMetaInfo r = rocksStates.get(i);
            assertThat(r.type()).isEqualTo(h.type());
            assertThat(r.valueSerializerSnapshot().restoreSerializer()).isEqualTo(h.valueSerializerSnapshot().restoreSerializer());
            assertThat(r.namespaceSerializerSnapshot().restoreSerializer())
                    .isEqualTo(h.namespaceSerializerSnapshot().restoreSerializer());
        }
    }

    private List<StateMetaInfo> headerStates(String name) throws Exception {
        try (KeyedBackends<Long> one =
                KeyedBackends.create(backend(name), LongSerializer.INSTANCE, MAX_PARALLELISM, 1, List.of())) {
            AllKindsData.write(one, 50);
            KeyGroupsStateHandle handle = (KeyGroupsStateHandle) one.snapshotAll(1, files("header-" + name)).get(0);
            try (FSDataInputStream in = handle.openInputStream()) {
                return KeyedSnapshotFormat.readHeader(in, name, getClass().getClassLoader()).states();
            }
        }
    }
}
