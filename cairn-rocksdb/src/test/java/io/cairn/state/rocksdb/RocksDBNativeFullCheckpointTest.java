package io.cairn.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.checkpoint.storage.CheckpointStorageLocation;
import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.checkpoint.storage.SavepointFormatType;
import io.cairn.serialization.LongSerializer;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.StatePiece;
import io.cairn.state.handle.StreamStateHandle;
import io.cairn.state.heap.HashMapStateBackend;
import io.cairn.state.keyed.KeyedBackends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Native full checkpoints, the default when checkpoints are not incremental
 * ({@code state.backend.rocksdb.checkpoint.format: native}): every file of a RocksDB checkpoint is
 * uploaded as exclusive state of that checkpoint, so each checkpoint is self-contained, registers
 * nothing as shared, is never the base of a later one, and restores at any parallelism with every
 * value of every state kind exact ({@link AllKindsData}), through the coordinator's real parts
 * ({@link CheckpointHarness}).
 */
class RocksDBNativeFullCheckpointTest {

    static final int MAX_PARALLELISM = RocksDBNativeRescaleTest.MAX_PARALLELISM;
    static final int KEYS = RocksDBNativeRescaleTest.KEYS;

    @TempDir
    Path tmp;

    /** The backend with default options: native full checkpoints. */
    EmbeddedRocksDBStateBackend rocksdb() {
        return new EmbeddedRocksDBStateBackend().withLocalDirectory(tmp.resolve("rocksdb"));
    }

    KeyedBackends<Long> create(EmbeddedRocksDBStateBackend backend, int parallelism, List<KeyedStateHandle> handles)
            throws Exception {
        return KeyedBackends.create(backend, LongSerializer.INSTANCE, MAX_PARALLELISM, parallelism, handles);
    }

    /**
     * Asserts that every handle is a native snapshot that refers to no shared state: no shared piece,
     * every file (the meta stream and each piece, SST files among them) under the directory of
     * checkpoint {@code id}, and everything in it uploaded by that checkpoint.
     */
    static void assertSelfContained(CheckpointHarness h, long id, List<KeyedStateHandle> handles) {
        Path own = h.access.getCheckpointDirectory(id).toLocalPath();
        assertThat(handles).isNotEmpty().allMatch(handle -> handle instanceof IncrementalKeyedStateHandle);
        for (KeyedStateHandle handle : handles) {
            IncrementalKeyedStateHandle inc = (IncrementalKeyedStateHandle) handle;
            assertThat(inc.getSharedState()).as("a native full checkpoint shares nothing").isEmpty();
            assertThat(inc.getPrivateState()).anyMatch(p -> p.name().endsWith(".sst"));
            assertThat(inc.getPrivateState()).noneMatch(StatePiece::isPlaceholder);
            assertThat(inc.getCheckpointedSize()).isEqualTo(inc.getStateSize());
            for (StreamStateHandle f : CheckpointHarness.files(handle)) {
                assertThat(((FileStateHandle) f).getFilePath().toLocalPath()).startsWith(own);
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1, 1", "2, 2", "2, 3", "3, 2", "4, 1"})
    void restoresAtTheSameOrAnotherParallelismAndBack(int from, int to) throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        try (KeyedBackends<Long> before = create(rocksdb(), from, List.of())) {
            AllKindsData.write(before, KEYS);
            RocksDBNativeRescaleTest.writeExtraCounts(before, false);
            List<KeyedStateHandle> first = h.snapshot(before.all(), 1);
            assertSelfContained(h, 1, first);
            h.complete(1, before.all(), first);
            // deletes after a checkpoint: the next one must not bring the values back
            RocksDBNativeRescaleTest.writeExtraCounts(before, true);
            List<KeyedStateHandle> second = h.snapshot(before.all(), 2);
            assertSelfContained(h, 2, second);
            h.complete(2, before.all(), second);
        }
        try (KeyedBackends<Long> after = create(rocksdb(), to, h.latest())) {
            AllKindsData.check(after, KEYS, MAX_PARALLELISM);
            List<KeyedStateHandle> third = h.snapshot(after.all(), 3);
            assertSelfContained(h, 3, third);
            h.complete(3, after.all(), third);
        }
        try (KeyedBackends<Long> back = create(rocksdb(), from, h.latest())) {
            AllKindsData.check(back, KEYS, MAX_PARALLELISM);
        }
        assertThat(h.sharedFiles()).isEmpty();
        assertThat(h.registry.size()).isZero();
        assertThat(h.cleanupErrors).isEmpty();
    }

    @Test
    void eachCheckpointIsSelfContainedAndRestoresAfterTheEarlierOnesAreDeleted() throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 3, MAX_PARALLELISM);
        try (KeyedBackends<Long> before = create(rocksdb(), 2, List.of())) {
            AllKindsData.write(before, KEYS);
            List<KeyedStateHandle> first = h.snapshot(before.all(), 1);
            h.complete(1, before.all(), first);
            // nothing changed: an incremental checkpoint would refer to checkpoint 1's SST files; this one uploads them again
            List<KeyedStateHandle> second = h.snapshot(before.all(), 2);
            assertSelfContained(h, 1, first);
            assertSelfContained(h, 2, second);
            h.complete(2, before.all(), second);
        }
        assertThat(h.sharedFiles()).isEmpty();
        assertThat(h.registry.size()).as("nothing registered as shared").isZero();
        assertThat(h.store.getAllCheckpoints()).hasSize(2);

        Path firstDir = h.access.getCheckpointDirectory(1).toLocalPath();
        try (Stream<Path> s = Files.walk(firstDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(firstDir).doesNotExist();
        for (int parallelism : new int[] {2, 3, 1}) {
            try (KeyedBackends<Long> restored = create(rocksdb(), parallelism, h.latest())) {
                AllKindsData.check(restored, KEYS, MAX_PARALLELISM);
            }
        }
    }

    @Test
    void aRestoredNativeFullCheckpointIsNotTheBaseOfTheNextIncrementalCheckpoint() throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 2, MAX_PARALLELISM);
        try (KeyedBackends<Long> before = create(rocksdb(), 2, List.of())) {
            AllKindsData.write(before, KEYS);
            h.complete(1, before.all(), h.snapshot(before.all(), 1));
        }
        Path shared = h.access.getSharedStateDirectory().toLocalPath();
        try (KeyedBackends<Long> incremental = create(rocksdb().withIncrementalCheckpoints(true), 2, h.latest())) {
            AllKindsData.check(incremental, KEYS, MAX_PARALLELISM);
            List<KeyedStateHandle> next = h.snapshot(incremental.all(), 2);
            for (KeyedStateHandle handle : next) {
                IncrementalKeyedStateHandle inc = (IncrementalKeyedStateHandle) handle;
                assertThat(inc.getSharedState()).isNotEmpty().noneMatch(StatePiece::isPlaceholder);
                for (StatePiece p : inc.getSharedState()) {
                    assertThat(((FileStateHandle) p.handle()).getFilePath().toLocalPath()).startsWith(shared);
                }
            }
            h.complete(2, incremental.all(), next);
        }
        Path firstDir = h.access.getCheckpointDirectory(1).toLocalPath();
        try (Stream<Path> s = Files.walk(firstDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        try (KeyedBackends<Long> restored = create(rocksdb().withIncrementalCheckpoints(true), 3, h.latest())) {
            AllKindsData.check(restored, KEYS, MAX_PARALLELISM);
        }
    }

    @ParameterizedTest(name = "format {0}")
    @EnumSource(RocksDBCheckpointFormat.class)
    void incrementalCheckpointsStayIncrementalWhateverTheFormat(RocksDBCheckpointFormat format) throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        EmbeddedRocksDBStateBackend backend = rocksdb().withCheckpointFormat(format).withIncrementalCheckpoints(true);
        try (KeyedBackends<Long> b = create(backend, 2, List.of())) {
            AllKindsData.write(b, KEYS);
            h.complete(1, b.all(), h.snapshot(b.all(), 1));
            List<KeyedStateHandle> second = h.snapshot(b.all(), 2);
            RocksDBNativeRescaleTest.assertIncrementalWithPlaceholders(second);
            h.complete(2, b.all(), second);
        }
        assertThat(h.sharedFiles()).isNotEmpty().isEqualTo(h.sharedFilesOfRetainedCheckpoints());
    }

    @Test
    void canonicalCheckpointsAreKeyGroupFilesThatTheHeapBackendRestores() throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        EmbeddedRocksDBStateBackend canonical = rocksdb().with(RocksDBOptions.CHECKPOINT_FORMAT, RocksDBCheckpointFormat.CANONICAL);
        try (KeyedBackends<Long> before = create(canonical, 3, List.of())) {
            AllKindsData.write(before, KEYS);
            List<KeyedStateHandle> handles = h.snapshot(before.all(), 1);
            assertThat(handles).allMatch(handle -> handle instanceof KeyGroupsStateHandle);
            h.complete(1, before.all(), handles);
        }
        try (KeyedBackends<Long> heap =
                KeyedBackends.create(new HashMapStateBackend(), LongSerializer.INSTANCE, MAX_PARALLELISM, 2, h.latest())) {
            AllKindsData.check(heap, KEYS, MAX_PARALLELISM);
        }
    }

    @Test
    void theHeapBackendRejectsANativeFullCheckpointNamingTheProblem() throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        List<KeyedStateHandle> handles;
        try (KeyedBackends<Long> before = create(rocksdb(), 1, List.of())) {
            AllKindsData.write(before, 100);
            handles = h.snapshot(before.all(), 1);
        }
        Path meta = ((FileStateHandle) ((IncrementalKeyedStateHandle) handles.get(0)).getMetaStateHandle())
                .getFilePath().toLocalPath();
        assertThatThrownBy(() -> KeyedBackends.create(new HashMapStateBackend(), LongSerializer.INSTANCE, MAX_PARALLELISM, 1,
                        handles))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining(meta.getFileName().toString())
                .hasMessageContaining("rocksdb backend in its native format")
                .hasMessageContaining("state.backend.rocksdb.checkpoint.format: canonical");
    }

    @ParameterizedTest(name = "savepoint {0}")
    @EnumSource(SavepointFormatType.class)
    void savepointsKeepTheirOwnFormatWhateverTheCheckpointFormat(SavepointFormatType savepointFormat) throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        for (RocksDBCheckpointFormat checkpointFormat : RocksDBCheckpointFormat.values()) {
            CheckpointStorageLocation location = h.savepointLocation(checkpointFormat.ordinal() + 1);
            List<KeyedStateHandle> savepoint;
            try (KeyedBackends<Long> before = create(rocksdb().withCheckpointFormat(checkpointFormat), 2, List.of())) {
                AllKindsData.write(before, KEYS);
                savepoint = RocksDBNativeRescaleTest.savepoint(before.all(), location, savepointFormat,
                        checkpointFormat.ordinal() + 1);
            }
            if (savepointFormat == SavepointFormatType.CANONICAL) {
                assertThat(savepoint).as(checkpointFormat.name()).allMatch(s -> s instanceof KeyGroupsStateHandle);
            } else {
                assertThat(savepoint).as(checkpointFormat.name()).allMatch(s -> s instanceof IncrementalKeyedStateHandle
                        && ((IncrementalKeyedStateHandle) s).getSharedState().isEmpty());
            }
            try (KeyedBackends<Long> restored = create(rocksdb(), 3, savepoint)) {
                AllKindsData.check(restored, KEYS, MAX_PARALLELISM);
            }
        }
    }

    /** The first SST piece of a native full checkpoint's handle, as a local path. */
    private static Path firstSst(List<KeyedStateHandle> handles) {
        for (StatePiece p : ((IncrementalKeyedStateHandle) handles.get(0)).getPrivateState()) {
            if (p.name().endsWith(".sst")) {
                return ((FileStateHandle) p.handle()).getFilePath().toLocalPath();
            }
        }
        throw new AssertionError("no SST file in " + handles);
    }

    private List<KeyedStateHandle> completedCheckpoint(CheckpointHarness h) throws Exception {
        try (KeyedBackends<Long> before = create(rocksdb(), 1, List.of())) {
            AllKindsData.write(before, KEYS);
            List<KeyedStateHandle> handles = h.snapshot(before.all(), 1);
            h.complete(1, before.all(), handles);
            return h.latest();
        }
    }

    @Test
    void aTruncatedSstFileIsRejectedNamingTheFile() throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        List<KeyedStateHandle> handles = completedCheckpoint(h);
        Path sst = firstSst(handles);
        byte[] bytes = Files.readAllBytes(sst);
        Files.write(sst, Arrays.copyOf(bytes, bytes.length - 100));
        for (int parallelism : new int[] {1, 2}) {
            assertThatThrownBy(() -> create(rocksdb(), parallelism, handles).close())
                    .isInstanceOf(CorruptCheckpointException.class)
                    .hasMessageContaining("truncated")
                    .hasMessageContaining(sst.toString());
        }
    }

    @Test
    void aFlippedByteInAnSstFileIsCaughtByTheChecksumNamingTheFile() throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        List<KeyedStateHandle> handles = completedCheckpoint(h);
        Path sst = firstSst(handles);
        byte[] bytes = Files.readAllBytes(sst);
        bytes[bytes.length / 3] ^= 0x20;
        Files.write(sst, bytes);
        assertThatThrownBy(() -> create(rocksdb(), 1, handles).close())
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("checksum")
                .hasMessageContaining(sst.toString());
    }
}
