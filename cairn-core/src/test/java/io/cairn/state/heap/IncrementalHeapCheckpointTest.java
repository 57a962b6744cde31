package io.cairn.state.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.checkpoint.storage.FsCheckpointStreamFactory;
import io.cairn.serialization.LongSerializer;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.SharedStateRegistryImpl;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.handle.StatePiece;
import io.cairn.state.keyed.KeyedBackends;
import io.cairn.state.keyed.KeyedStateBackend;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental heap checkpoints: size, tombstones, aborts, compaction, rescaling, against a model. */
class IncrementalHeapCheckpointTest {

    @TempDir
    Path tmp;

    static final ValueStateDescriptor<Long> VALUE = new ValueStateDescriptor<>("value", LongSerializer.INSTANCE);
    static final ListStateDescriptor<Long> LIST = new ListStateDescriptor<>("list", LongSerializer.INSTANCE);

    final SharedStateRegistryImpl registry = new SharedStateRegistryImpl(Runnable::run);

    CheckpointStreamFactory factory(long id) {
        return new FsCheckpointStreamFactory(io.cairn.fs.Path.fromLocal(tmp.resolve("chk-" + id)),
                io.cairn.fs.Path.fromLocal(tmp.resolve("shared")), 0, 64 * 1024);
    }

    static KeyedStateBackend<Long> backend(int parallelism, int index, List<KeyedStateHandle> restore) throws Exception {
        KeyedStateBackend<Long> b = new HashMapStateBackend().withIncrementalCheckpoints(true).createKeyedStateBackend(
                KeyedStateBackendParameters.forSubtask("inc", LongSerializer.INSTANCE, 128, parallelism, index));
        b.restore(StateHandles.of(restore));
        return b;
    }

    static ValueState<Long> value(KeyedStateBackend<Long> b) {
        return b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, VALUE);
    }

    static ListState<Long> list(KeyedStateBackend<Long> b) {
        return b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, LIST);
    }

    /** Snapshots, registers (as the coordinator does) and returns the handle. */
    KeyedStateHandle checkpoint(KeyedStateBackend<?> b, long id) throws Exception {
        var f = b.snapshot(id, id, factory(id), CheckpointOptions.forCheckpointWithDefaultLocation());
        f.run();
        KeyedStateHandle h = f.get().getJobManagerOwnedSnapshot();
        if (h != null) {
            registry.registerAll(List.of(h), id);
        }
        return h;
    }

    static long uploaded(KeyedStateHandle h) {
        return ((IncrementalKeyedStateHandle) h).getCheckpointedSize();
    }

    @Test
    void aSmallChangeUploadsASmallFractionAndRestoresExactly() throws Exception {
        KeyedStateBackend<Long> b = backend(1, 0, List.of());
        Map<Long, Long> model = new HashMap<>();
        for (long k = 0; k < 100_000; k++) {
            b.setCurrentKey(k);
            value(b).update(k);
            model.put(k, k);
        }
        KeyedStateHandle first = checkpoint(b, 1);
        b.notifyCheckpointComplete(1);
        Random r = new Random(1);
        for (int i = 0; i < 1_000; i++) {
            long k = r.nextInt(100_000);
            b.setCurrentKey(k);
            if (i % 10 == 0) {
                value(b).clear();
                model.remove(k);
            } else {
                value(b).update(-k);
                model.put(k, -k);
            }
        }
        KeyedStateHandle second = checkpoint(b, 2);
        assertThat(uploaded(second)).isLessThan(uploaded(first) / 20);
        KeyedStateBackend<Long> restored = backend(1, 0, List.of(second));
        for (long k = 0; k < 100_000; k++) {
            restored.setCurrentKey(k);
            assertThat(value(restored).value()).as("key %d", k).isEqualTo(model.get(k));
        }
    }

    @Test
    void extremeLongKeysTravelThroughDeltasIncludingTheSentinelKey() throws Exception {
        // Long.MIN_VALUE marks empty slots in the long layout and in its change sets: it lives outside
        // their tables, and its changes and removals must reach a delta like any other key's
        long[] keys = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, 0L, Long.MAX_VALUE};
        KeyedStateBackend<Long> b = backend(1, 0, List.of());
        for (long k : keys) {
            b.setCurrentKey(k);
            value(b).update(1L);
        }
        checkpoint(b, 1);
        b.notifyCheckpointComplete(1);
        b.setCurrentKey(Long.MIN_VALUE);
        value(b).update(2L);
        b.setCurrentKey(Long.MAX_VALUE);
        value(b).clear();
        KeyedStateHandle aborted = checkpoint(b, 2);
        b.notifyCheckpointAborted(2);
        b.setCurrentKey(Long.MIN_VALUE + 1);
        value(b).update(3L);
        KeyedStateHandle second = checkpoint(b, 3);
        b.notifyCheckpointComplete(3);
        b.setCurrentKey(Long.MIN_VALUE);
        value(b).clear();
        KeyedStateHandle third = checkpoint(b, 4);
        assertThat(aborted).isNotNull();

        KeyedStateBackend<Long> atSecond = backend(1, 0, List.of(second));
        Map<Long, Long> expected = new HashMap<>(Map.of(Long.MIN_VALUE, 2L, Long.MIN_VALUE + 1, 3L, -1L, 1L, 0L, 1L));
        for (long k : keys) {
            atSecond.setCurrentKey(k);
            assertThat(value(atSecond).value()).as("key %d at checkpoint 3", k).isEqualTo(expected.get(k));
        }
        KeyedStateBackend<Long> atThird = backend(1, 0, List.of(third));
        expected.remove(Long.MIN_VALUE);
        for (long k : keys) {
            atThird.setCurrentKey(k);
            assertThat(value(atThird).value()).as("key %d at checkpoint 4", k).isEqualTo(expected.get(k));
        }
    }

    @Test
    void changesOfAnAbortedCheckpointGoIntoTheNext() throws Exception {
        KeyedStateBackend<Long> b = backend(1, 0, List.of());
        for (long k = 0; k < 1_000; k++) {
            b.setCurrentKey(k);
            value(b).update(1L);
        }
        checkpoint(b, 1);
        b.notifyCheckpointComplete(1);
        b.setCurrentKey(5L);
        value(b).update(55L);
        KeyedStateHandle aborted = checkpoint(b, 2);
        b.notifyCheckpointAborted(2);
        b.setCurrentKey(6L);
        value(b).update(66L);
        KeyedStateHandle third = checkpoint(b, 3);
        assertThat(aborted).isNotNull();
        KeyedStateBackend<Long> restored = backend(1, 0, List.of(third));
        restored.setCurrentKey(5L);
        assertThat(value(restored).value()).isEqualTo(55L);
        restored.setCurrentKey(6L);
        assertThat(value(restored).value()).isEqualTo(66L);
        restored.setCurrentKey(7L);
        assertThat(value(restored).value()).isEqualTo(1L);
    }

    @Test
    void deltaChainsAreCompactedSoRestoreReadsFewPieces() throws Exception {
        KeyedStateBackend<Long> b = backend(1, 0, List.of());
        for (long k = 0; k < 5_000; k++) {
            b.setCurrentKey(k);
            list(b).add(k);
        }
        KeyedStateHandle last = null;
        for (long id = 1; id <= 40; id++) {
            b.setCurrentKey(id);
            list(b).add(-id);
            last = checkpoint(b, id);
            b.notifyCheckpointComplete(id);
        }
        IncrementalKeyedStateHandle inc = (IncrementalKeyedStateHandle) last;
        byte[] manifestBytes;
        try (var in = inc.getMetaStateHandle().openInputStream()) {
            manifestBytes = in.readAllBytes();
        }
        IncrementalManifest manifest = IncrementalManifest.deserialize(manifestBytes, "test", getClass().getClassLoader());
        for (List<IncrementalManifest.Ref> refs : manifest.refs) {
            assertThat(refs.size()).isLessThanOrEqualTo(HashMapStateBackend.DEFAULT_MAX_DELTAS + 1);
        }
        KeyedStateBackend<Long> restored = backend(1, 0, List.of(last));
        restored.setCurrentKey(7L);
        assertThat(list(restored).get()).containsExactly(7L, -7L);
        restored.setCurrentKey(4_999L);
        assertThat(list(restored).get()).containsExactly(4_999L);
    }

    @Test
    void incrementalCheckpointsRescale() throws Exception {
        List<KeyedStateBackend<Long>> two = List.of(backend(2, 0, List.of()), backend(2, 1, List.of()));
        Map<Long, Long> model = new HashMap<>();
        for (long k = 0; k < 3_000; k++) {
            KeyedStateBackend<Long> b = owner(two, k);
            value(b).update(k * 3);
            model.put(k, k * 3);
        }
        for (KeyedStateBackend<Long> b : two) {
            checkpoint(b, 1);
            b.notifyCheckpointComplete(1);
        }
        for (long k = 0; k < 3_000; k += 7) {
            owner(two, k);
            value(owner(two, k)).update(-1L);
            model.put(k, -1L);
        }
        List<KeyedStateHandle> handles = new ArrayList<>();
        for (KeyedStateBackend<Long> b : two) {
            handles.add(checkpoint(b, 2));
        }
        List<KeyedStateBackend<Long>> three = List.of(backend(3, 0, handles), backend(3, 1, handles), backend(3, 2, handles));
        for (Map.Entry<Long, Long> e : model.entrySet()) {
            assertThat(value(owner(three, e.getKey())).value()).isEqualTo(e.getValue());
        }
    }

    static KeyedStateBackend<Long> owner(List<KeyedStateBackend<Long>> backends, long key) {
        int kg = KeyGroupRangeAssignment.assignToKeyGroup(key, 128);
        KeyedStateBackend<Long> b = backends.get(KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(128, backends.size(), kg));
        b.setCurrentKey(key);
        return b;
    }

    @Test
    void aFlippedByteInAPieceIsReported() throws Exception {
        KeyedStateBackend<Long> b = backend(1, 0, List.of());
        for (long k = 0; k < 2_000; k++) {
            b.setCurrentKey(k);
            value(b).update(k);
        }
        IncrementalKeyedStateHandle h = (IncrementalKeyedStateHandle) checkpoint(b, 1);
        StatePiece piece = h.getSharedState().get(0);
        Path file = ((FileStateHandle) piece.handle()).getFilePath().toLocalPath();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> backend(1, 0, List.of(h)))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining(file.getFileName().toString());
    }

    @Test
    void randomOperationsConfirmsAbortsAndRescalesMatchTheModel() throws Exception {
        for (int run = 0; run < 40; run++) {
            Random r = new Random(run);
            int p = 1 + r.nextInt(3);
            List<KeyedStateBackend<Long>> backends = new ArrayList<>();
            for (int i = 0; i < p; i++) {
                backends.add(backend(p, i, List.of()));
            }
            Map<Long, Long> model = new HashMap<>();
            Map<Long, Map<Long, Long>> confirmedModels = new HashMap<>();
            Map<Long, List<KeyedStateHandle>> handlesById = new HashMap<>();
            long id = 100L * run;
            long lastConfirmed = -1;
            for (int step = 0; step < 300; step++) {
                int op = r.nextInt(100);
                long k = r.nextInt(400);
                if (op < 60) {
                    value(owner(backends, k)).update((long) step);
                    model.put(k, (long) step);
                } else if (op < 80) {
                    value(owner(backends, k)).clear();
                    model.remove(k);
                } else {
                    id++;
                    List<KeyedStateHandle> hs = new ArrayList<>();
                    for (KeyedStateBackend<Long> b : backends) {
                        KeyedStateHandle h = checkpoint(b, id);
                        if (h != null) {
                            hs.add(h);
                        }
                    }
                    handlesById.put(id, hs);
                    confirmedModels.put(id, new HashMap<>(model));
                    if (r.nextBoolean()) {
                        for (KeyedStateBackend<Long> b : backends) {
                            b.notifyCheckpointComplete(id);
                        }
                        lastConfirmed = id;
                    } else {
                        for (KeyedStateBackend<Long> b : backends) {
                            b.notifyCheckpointAborted(id);
                        }
                    }
                }
            }
            // restore the latest checkpoint (confirmed or not: its content must be complete) at a random parallelism
            long restoreId = r.nextBoolean() || lastConfirmed < 0 ? id : lastConfirmed;
            if (!handlesById.containsKey(restoreId)) {
                continue;
            }
            int q = 1 + r.nextInt(4);
            List<KeyedStateBackend<Long>> restored = new ArrayList<>();
            for (int i = 0; i < q; i++) {
                restored.add(backend(q, i, handlesById.get(restoreId)));
            }
            Map<Long, Long> expected = confirmedModels.get(restoreId);
            for (long k = 0; k < 400; k++) {
                assertThat(value(owner(restored, k)).value()).as("run %d, key %d, checkpoint %d", run, k, restoreId)
                        .isEqualTo(expected.get(k));
            }
        }
    }
}
