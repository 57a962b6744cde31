package io.cairn.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.serialization.LongSerializer;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.StatePiece;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental RocksDB checkpoints through the coordinator's real storage, registry and store
 * ({@link CheckpointHarness}): what a checkpoint uploads, how long shared files live, and restore.
 */
class RocksDBIncrementalCheckpointTest {

    static final int MAX_PARALLELISM = 128;
    static final ValueStateDescriptor<String> VALUE = new ValueStateDescriptor<>("value", String.class);

    @TempDir
    Path tmp;

    private final List<RocksDBKeyedStateBackend<Long>> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(RocksDBKeyedStateBackend::close);
    }

    RocksDBKeyedStateBackend<Long> open(int parallelism, int index, List<KeyedStateHandle> restore) throws Exception {
        RocksDBKeyedStateBackend<Long> b = (RocksDBKeyedStateBackend<Long>) new EmbeddedRocksDBStateBackend()
                .withLocalDirectory(tmp.resolve("rocksdb"))
                .withIncrementalCheckpoints(true)
                .createKeyedStateBackend(KeyedStateBackendParameters.forSubtask(
                        "incremental", LongSerializer.INSTANCE, MAX_PARALLELISM, parallelism, index));
        opened.add(b);
        b.restore(StateHandles.of(restore));
        return b;
    }

    List<RocksDBKeyedStateBackend<Long>> openAll(int parallelism, List<KeyedStateHandle> restore) throws Exception {
        List<RocksDBKeyedStateBackend<Long>> all = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            all.add(open(parallelism, i, restore));
        }
        return all;
    }

    static ValueState<String> value(RocksDBKeyedStateBackend<Long> b) {
        return b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, VALUE);
    }

    /** @return the backend owning {@code key}, with the key set */
    static RocksDBKeyedStateBackend<Long> at(List<RocksDBKeyedStateBackend<Long>> backends, long key) {
        int kg = KeyGroupRangeAssignment.assignToKeyGroup(key, MAX_PARALLELISM);
        RocksDBKeyedStateBackend<Long> b =
                backends.get(KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(MAX_PARALLELISM, backends.size(), kg));
        b.setCurrentKey(key);
        return b;
    }

    static String payload(long key, int version) {
        return "v" + version + "-" + Long.toHexString(key * 0x9E3779B97F4A7C15L) + "-" + "x".repeat((int) (key % 50));
    }

    static long uploaded(List<KeyedStateHandle> handles) {
        long bytes = 0;
        for (KeyedStateHandle h : handles) {
            bytes += ((IncrementalKeyedStateHandle) h).getCheckpointedSize();
        }
        return bytes;
    }

    static void checkModel(List<RocksDBKeyedStateBackend<Long>> backends, Map<Long, String> model, long keys, String what) {
        for (long k = 0; k < keys; k++) {
            assertThat(value(at(backends, k)).value()).as("%s: key %d", what, k).isEqualTo(model.get(k));
        }
        for (RocksDBKeyedStateBackend<Long> b : backends) {
            Set<Long> expected = model.keySet().stream()
                    .filter(k -> b.getKeyGroupRange().contains(KeyGroupRangeAssignment.assignToKeyGroup(k, MAX_PARALLELISM)))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(b.getKeys("value", VoidNamespace.INSTANCE).collect(Collectors.toList()))
                    .as("%s: keys of %s", what, b.getKeyGroupRange()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /** Paths of the SST files a checkpoint uploaded itself (not placeholders). */
    static Set<Path> newSharedFiles(List<KeyedStateHandle> handles) {
        Set<Path> paths = new TreeSet<>();
        for (KeyedStateHandle h : handles) {
            for (StatePiece p : ((IncrementalKeyedStateHandle) h).getSharedState()) {
                if (!p.isPlaceholder()) {
                    paths.add(((FileStateHandle) p.handle()).getFilePath().toLocalPath());
                }
            }
        }
        return paths;
    }

    /** A full compaction of every state: the data lands in new SST files. */
    static void compact(RocksDBKeyedStateBackend<Long> b) throws Exception {
        for (RocksDBStateInfo info : b.stateInfos()) {
            b.db().compactRange(info.columnFamily);
        }
    }

    static long placeholders(List<KeyedStateHandle> handles) {
        return handles.stream().flatMap(h -> ((IncrementalKeyedStateHandle) h).getSharedState().stream())
                .filter(StatePiece::isPlaceholder).count();
    }

    @Test
    void aSecondCheckpointAfterASmallChangeUploadsASmallFractionOfTheFirst() throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        List<RocksDBKeyedStateBackend<Long>> b = openAll(1, List.of());
        Map<Long, String> model = new HashMap<>();
        long keys = 50_000;
        for (long k = 0; k < keys; k++) {
            value(at(b, k)).update(payload(k, 0));
            model.put(k, payload(k, 0));
        }
        List<KeyedStateHandle> first = h.snapshot(b, 1);
        h.complete(1, b, first);
        Random r = new Random(7);
        for (int i = 0; i < keys / 100; i++) {
            long k = r.nextInt((int) keys);
            if (i % 10 == 0) {
                value(at(b, k)).clear();
                model.remove(k);
            } else {
                value(at(b, k)).update(payload(k, 1));
                model.put(k, payload(k, 1));
            }
        }
        List<KeyedStateHandle> second = h.snapshot(b, 2);
        long firstBytes = uploaded(first);
        long secondBytes = uploaded(second);
        assertThat(first.get(0)).isInstanceOf(IncrementalKeyedStateHandle.class);
        assertThat(placeholders(first)).isZero();
        assertThat(placeholders(second)).isPositive();
        assertThat(secondBytes).as("second checkpoint uploads %d bytes, the first %d", secondBytes, firstBytes)
                .isLessThan(firstBytes / 10);
        assertThat(((IncrementalKeyedStateHandle) second.get(0)).getStateSize()).isGreaterThan(firstBytes);
        h.complete(2, b, second);
        checkModel(openAll(1, h.latest()), model, keys, "restored second checkpoint");
        assertThat(h.cleanupErrors).isEmpty();
    }

    @Test
    void sharedFilesOutliveTheCheckpointThatUploadedThemAndGoWhenNoRetainedCheckpointUsesThem() throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        List<RocksDBKeyedStateBackend<Long>> b = openAll(2, List.of());
        Map<Long, String> model = new HashMap<>();
        for (long k = 0; k < 5_000; k++) {
            value(at(b, k)).update(payload(k, 0));
            model.put(k, payload(k, 0));
        }
        List<KeyedStateHandle> first = h.snapshot(b, 1);
        h.complete(1, b, first);
        Set<Path> firstFiles = newSharedFiles(first);
        assertThat(firstFiles).isNotEmpty().allMatch(p -> p.startsWith(h.access.getSharedStateDirectory().toLocalPath()));

        for (long k = 0; k < 5_000; k += 50) {
            value(at(b, k)).update(payload(k, 2));
            model.put(k, payload(k, 2));
        }
        List<KeyedStateHandle> second = h.snapshot(b, 2);
        assertThat(placeholders(second)).isEqualTo(firstFiles.size());
        h.complete(2, b, second);
        // checkpoint 1 is subsumed: its directory is gone, its SST files live on for checkpoint 2
        assertThat(h.access.getCheckpointDirectory(1).toLocalPath()).doesNotExist();
        assertThat(firstFiles).allMatch(Files::exists);
        assertThat(h.sharedFiles()).isEqualTo(h.sharedFilesOfRetainedCheckpoints());
        checkModel(openAll(3, h.latest()), model, 5_000, "checkpoint 2 at parallelism 3");

        // after a full compaction no SST file of checkpoints 1 and 2 is live: once 2 is subsumed they go
        for (RocksDBKeyedStateBackend<Long> backend : b) {
            compact(backend);
        }
        value(at(b, 3L)).update("three");
        model.put(3L, "three");
        List<KeyedStateHandle> third = h.snapshot(b, 3);
        assertThat(placeholders(third)).isZero();
        h.complete(3, b, third);
        assertThat(firstFiles).noneMatch(Files::exists);
        assertThat(newSharedFiles(second)).noneMatch(Files::exists);
        assertThat(h.sharedFiles()).isEqualTo(newSharedFiles(third)).isEqualTo(h.sharedFilesOfRetainedCheckpoints());
        checkModel(openAll(1, h.latest()), model, 5_000, "checkpoint 3 at parallelism 1");
        assertThat(h.cleanupErrors).isEmpty();
    }

    @Test
    void aRestoredBackendReusesTheRestoredFilesAndTheirLifetimeStaysCorrect() throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        List<RocksDBKeyedStateBackend<Long>> b = openAll(1, List.of());
        Map<Long, String> model = new HashMap<>();
        for (long k = 0; k < 3_000; k++) {
            value(at(b, k)).update(payload(k, 0));
            model.put(k, payload(k, 0));
        }
        List<KeyedStateHandle> first = h.snapshot(b, 1);
        h.complete(1, b, first);
        // a restart at the same parallelism: the restored database's SST files are not uploaded again
        List<RocksDBKeyedStateBackend<Long>> restarted = openAll(1, h.latest());
        value(at(restarted, 9L)).update("nine");
        model.put(9L, "nine");
        List<KeyedStateHandle> second = h.snapshot(restarted, 2);
        assertThat(placeholders(second)).isEqualTo(newSharedFiles(first).size());
        h.complete(2, restarted, second);
        assertThat(h.sharedFiles()).isEqualTo(h.sharedFilesOfRetainedCheckpoints());
        checkModel(openAll(1, h.latest()), model, 3_000, "after restart");
        assertThat(h.cleanupErrors).isEmpty();
    }

    @Test
    void randomWritesCompactionsConfirmsAndAbortsNeverLeakOrLoseFiles() throws Exception {
        for (int run = 0; run < 8; run++) {
            Random r = new Random(run);
            CheckpointHarness h = new CheckpointHarness(tmp.resolve("store-" + run), 1 + r.nextInt(2), MAX_PARALLELISM);
            int p = 1 + r.nextInt(3);
            List<RocksDBKeyedStateBackend<Long>> b = openAll(p, List.of());
            Map<Long, String> model = new HashMap<>();
            Map<Long, Map<Long, String>> modelAt = new HashMap<>();
            long id = 0;
            for (int step = 0; step < 300; step++) {
                int op = r.nextInt(100);
                long k = r.nextInt(600);
                if (op < 70) {
                    value(at(b, k)).update(payload(k, step));
                    model.put(k, payload(k, step));
                } else if (op < 90) {
                    value(at(b, k)).clear();
                    model.remove(k);
                } else if (op < 92) {
                    for (RocksDBKeyedStateBackend<Long> backend : b) {
                        compact(backend);
                    }
                } else {
                    id++;
                    List<KeyedStateHandle> handles = h.snapshot(b, id);
                    if (r.nextInt(3) > 0) {
                        h.complete(id, b, handles);
                        modelAt.put(id, new HashMap<>(model));
                    } else {
                        h.abort(id, b, handles);
                    }
                    assertThat(h.sharedFiles()).as("run %d, checkpoint %d", run, id)
                            .isEqualTo(h.sharedFilesOfRetainedCheckpoints());
                    assertThat(h.cleanupErrors).isEmpty();
                }
            }
            if (h.store.getLatestCheckpoint() == null) {
                continue;
            }
            long latest = h.store.getLatestCheckpoint().getCheckpointId();
            int q = 1 + r.nextInt(3);
            checkModel(openAll(q, h.latest()), modelAt.get(latest), 600,
                    "run " + run + ", checkpoint " + latest + " from parallelism " + p + " to " + q);
            opened.forEach(RocksDBKeyedStateBackend::close);
            opened.clear();
        }
    }
}
