package io.cairn.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStorageLocation;
import io.cairn.checkpoint.storage.CheckpointType;
import io.cairn.checkpoint.storage.FsCheckpointStreamFactory;
import io.cairn.checkpoint.storage.SavepointFormatType;
import io.cairn.serialization.LongSerializer;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StatePiece;
import io.cairn.state.handle.StreamStateHandle;
import io.cairn.state.heap.HashMapStateBackend;
import io.cairn.state.keyed.KeyedBackends;
import io.cairn.state.keyed.KeyedStateBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.RunnableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rescaling restores from native incremental and from canonical checkpoints, and native savepoints,
 * with every value of every state kind and every key group exact ({@link AllKindsData}).
 */
class RocksDBNativeRescaleTest {

    static final int MAX_PARALLELISM = 128;
    static final int KEYS = 1_500;

    @TempDir
    Path tmp;

    EmbeddedRocksDBStateBackend rocksdb(boolean incremental) {
        return new EmbeddedRocksDBStateBackend().withLocalDirectory(tmp.resolve("rocksdb"))
                .withIncrementalCheckpoints(incremental);
    }

    KeyedBackends<Long> create(boolean incremental, int parallelism, List<KeyedStateHandle> handles) throws Exception {
        return KeyedBackends.create(rocksdb(incremental), LongSerializer.INSTANCE, MAX_PARALLELISM, parallelism, handles);
    }

    /** Counts for keys beyond {@link #KEYS}, which {@link AllKindsData#check} requires to be gone. */
    static void writeExtraCounts(KeyedBackends<Long> backends, boolean clear) {
        for (long k = KEYS; k < KEYS + 400; k++) {
            KeyedStateBackend<Long> b = backends.at(k);
            if (clear) {
                AllKindsData.state(b, AllKindsData.COUNT).clear();
            } else {
                AllKindsData.state(b, AllKindsData.COUNT).update(-k);
            }
        }
    }

    static void assertIncrementalWithPlaceholders(List<KeyedStateHandle> handles) {
        assertThat(handles).allMatch(h -> h instanceof IncrementalKeyedStateHandle);
        assertThat(handles.stream().flatMap(h -> ((IncrementalKeyedStateHandle) h).getSharedState().stream())
                .filter(StatePiece::isPlaceholder)).isNotEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"2, 3", "3, 2"})
    void rescalesFromAnIncrementalCheckpointAndBack(int from, int to) throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        try (KeyedBackends<Long> before = create(true, from, List.of())) {
            AllKindsData.write(before, KEYS);
            writeExtraCounts(before, false);
            h.complete(1, before.all(), h.snapshot(before.all(), 1));
            writeExtraCounts(before, true);
            List<KeyedStateHandle> second = h.snapshot(before.all(), 2);
            assertIncrementalWithPlaceholders(second);
            h.complete(2, before.all(), second);
        }
        try (KeyedBackends<Long> after = create(true, to, h.latest())) {
            AllKindsData.check(after, KEYS, MAX_PARALLELISM);
            // the rescaled backends' checkpoints restore at the old parallelism again
            h.complete(3, after.all(), h.snapshot(after.all(), 3));
        }
        try (KeyedBackends<Long> back = create(true, from, h.latest())) {
            AllKindsData.check(back, KEYS, MAX_PARALLELISM);
        }
        assertThat(h.sharedFiles()).isEqualTo(h.sharedFilesOfRetainedCheckpoints());
        assertThat(h.cleanupErrors).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"2, 3", "3, 2"})
    void rescalesFromACanonicalCheckpointThenCheckpointsIncrementally(int from, int to) throws Exception {
        List<KeyedStateHandle> full;
        try (KeyedBackends<Long> before = KeyedBackends.create(rocksdb(false).withCheckpointFormat(RocksDBCheckpointFormat.CANONICAL), LongSerializer.INSTANCE, MAX_PARALLELISM, from,
                List.of())) {
            AllKindsData.write(before, KEYS);
            full = before.snapshotAll(1, FsCheckpointStreamFactory.forDirectory(io.cairn.fs.Path.fromLocal(tmp.resolve("full"))));
        }
        assertThat(full).allMatch(h -> h instanceof KeyGroupsStateHandle);
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        try (KeyedBackends<Long> after = create(true, to, full)) {
            AllKindsData.check(after, KEYS, MAX_PARALLELISM);
            h.complete(2, after.all(), h.snapshot(after.all(), 2));
        }
        try (KeyedBackends<Long> back = create(true, from, h.latest())) {
            AllKindsData.check(back, KEYS, MAX_PARALLELISM);
        }
    }

    /** Takes a savepoint of every backend into one new savepoint location. */
    static List<KeyedStateHandle> savepoint(List<KeyedStateBackend<Long>> backends, CheckpointStorageLocation location,
            SavepointFormatType format, long id) throws Exception {
        CheckpointOptions options = new CheckpointOptions(CheckpointType.SAVEPOINT, location.getLocationReference(), true, format);
        List<KeyedStateHandle> handles = new ArrayList<>();
        for (KeyedStateBackend<Long> b : backends) {
            RunnableFuture<SnapshotResult<KeyedStateHandle>> f = b.snapshot(id, id, location, options);
            f.run();
            handles.add(f.get().getJobManagerOwnedSnapshot());
        }
        return handles;
    }

    @ParameterizedTest(name = "incremental checkpoints {0}")
    @ValueSource(booleans = {true, false})
    void aNativeSavepointIsSelfContainedAndRestoresAfterTheCheckpointsAreDeleted(boolean incremental) throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        List<KeyedStateHandle> savepoint;
        CheckpointStorageLocation location = h.savepointLocation(2);
        try (KeyedBackends<Long> before = create(incremental, 2, List.of())) {
            AllKindsData.write(before, KEYS);
            h.complete(1, before.all(), h.snapshot(before.all(), 1));
            savepoint = savepoint(before.all(), location, SavepointFormatType.NATIVE, 2);
        }
        Path savepointDir = location.getMetadataDirectory().toLocalPath();
        Path shared = h.access.getSharedStateDirectory().toLocalPath();
        for (KeyedStateHandle handle : savepoint) {
            IncrementalKeyedStateHandle inc = (IncrementalKeyedStateHandle) handle;
            assertThat(inc.getSharedState()).as("a native savepoint shares nothing").isEmpty();
            assertThat(inc.getPrivateState()).anyMatch(p -> p.name().endsWith(".sst"));
            for (StreamStateHandle f : CheckpointHarness.files(handle)) {
                Path p = ((FileStateHandle) f).getFilePath().toLocalPath();
                assertThat(p).startsWith(savepointDir);
                assertThat(p.startsWith(shared)).isFalse();
            }
        }
        try (Stream<Path> s = Files.walk(h.root.resolve("checkpoints"))) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(h.root.resolve("checkpoints")).doesNotExist();
        for (int parallelism : new int[] {2, 3, 1}) {
            try (KeyedBackends<Long> restored = create(true, parallelism, savepoint)) {
                AllKindsData.check(restored, KEYS, MAX_PARALLELISM);
            }
        }
    }

    @Test
    void aCanonicalSavepointOfAnIncrementalBackendRestoresIntoTheHeapBackend() throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        List<KeyedStateHandle> savepoint;
        try (KeyedBackends<Long> before = create(true, 3, List.of())) {
            AllKindsData.write(before, KEYS);
            h.complete(1, before.all(), h.snapshot(before.all(), 1));
            savepoint = savepoint(before.all(), h.savepointLocation(2), SavepointFormatType.CANONICAL, 2);
        }
        assertThat(savepoint).allMatch(s -> s instanceof KeyGroupsStateHandle);
        try (KeyedBackends<Long> heap =
                KeyedBackends.create(new HashMapStateBackend(), LongSerializer.INSTANCE, MAX_PARALLELISM, 2, savepoint)) {
            AllKindsData.check(heap, KEYS, MAX_PARALLELISM);
        }
    }
}
