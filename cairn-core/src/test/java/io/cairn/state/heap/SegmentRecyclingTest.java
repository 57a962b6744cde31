package io.cairn.state.heap;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.MemCheckpointStreamFactory;
import io.cairn.serialization.LongSerializer;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.keyed.KeyedStateBackend;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableFuture;
import org.junit.jupiter.api.Test;

/**
 * Recycling of copy-on-write segments ({@link StateVersions#recycleSegment}): a replaced segment is
 * reused only once no snapshot that may read it remains, and snapshots written while the task
 * writes into recycled segments still equal the state at their mark, paced or not.
 */
class SegmentRecyclingTest {

    private static long[] segment() {
        return new long[StateVersions.RECYCLED_LENGTH];
    }

    @Test
    void aReplacedSegmentIsReusedOnlyAfterEverySnapshotThatMayReadItIsReleased() {
        StateVersions versions = new StateVersions();
        int older = versions.retainSnapshot();
        int newer = versions.retainSnapshot();
        long[] replaced = segment();
        // copied while both are retained: both may read it
        assertThat(versions.recycleSegment(versions.highestRetained(), replaced)).isNull();
        versions.release(newer);
        assertThat(versions.freeSegmentCount()).as("the older snapshot may still read it").isZero();
        assertThat(versions.recycleSegment(versions.highestRetained(), segment())).isNull();
        versions.release(older);
        assertThat(versions.freeSegmentCount()).isEqualTo(2);

        int next = versions.retainSnapshot();
        long[] recycled = versions.recycleSegment(next, segment());
        assertThat(recycled).isNotNull().hasSize(StateVersions.RECYCLED_LENGTH);
        assertThat(versions.freeSegmentCount()).isEqualTo(1);
        versions.release(next);
    }

    @Test
    void segmentsOfOtherLengthsAreNeverRecycled() {
        StateVersions versions = new StateVersions();
        int v = versions.retainSnapshot();
        assertThat(versions.recycleSegment(v, new long[16])).isNull();
        versions.release(v);
        assertThat(versions.freeSegmentCount()).isZero();
        assertThat(versions.retainedCopyBytes()).isZero();
    }

    @Test
    void copiedBytesAreCountedPerVersionAndDroppedWithTheLastSnapshotThatHoldsThem() {
        StateVersions versions = new StateVersions();
        int older = versions.retainSnapshot();
        versions.recordCopy(older, 100);
        versions.recordCopy(older, 20);
        int newer = versions.retainSnapshot();
        versions.recordCopy(newer, 3);
        versions.recordCopy(older, 1000); // a run under another version starts a new count
        versions.recordCopy(newer, 4);
        assertThat(versions.retainedCopyBytes()).isEqualTo(1127);
        versions.recordCopy(newer, 5);
        versions.release(newer);
        assertThat(versions.retainedCopyBytes()).as("the older snapshot still holds copies made under both")
                .isEqualTo(1132);
        versions.release(older);
        assertThat(versions.retainedCopyBytes()).isZero();

        int next = versions.retainSnapshot();
        versions.recordCopy(next, 7);
        assertThat(versions.retainedCopyBytes()).isEqualTo(7);
        versions.release(next);
        assertThat(versions.retainedCopyBytes()).as("a pending count is dropped on release too").isZero();
    }

    static final ValueStateDescriptor<Long> VALUE = new ValueStateDescriptor<>("value", LongSerializer.INSTANCE);

    /**
     * One key group of 6,000 keys (16 full-size segments); snapshots back to back on another thread,
     * so from the second on the task's copies go into recycled segments while a snapshot reads.
     */
    @Test
    void backToBackSnapshotsEqualTheStateAtTheirMarkWhileCopiesAreRecycled() throws Exception {
        ExecutorService snapshotThread = Executors.newSingleThreadExecutor();
        long recycled = 0;
        try {
            for (int run = 0; run < 4; run++) {
                Random r = new Random(run);
                // every other run paced: the snapshot is slower, so the task writes more while it reads
                KeyedStateBackend<Long> b = new HashMapStateBackend().withSnapshotBusyFraction(run % 2 == 0 ? 1.0 : 0.3)
                        .createKeyedStateBackend(
                                KeyedStateBackendParameters.forSubtask("recycling", LongSerializer.INSTANCE, 1, 1, 0));
                ValueState<Long> value = b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, VALUE);
                int keys = 6_000;
                Map<Long, Long> model = new HashMap<>();
                for (long k = 0; k < keys; k++) {
                    b.setCurrentKey(k);
                    value.update(k);
                    model.put(k, k);
                }
                MemCheckpointStreamFactory streams = new MemCheckpointStreamFactory(64 << 20);
                int snapshots = 0;
                for (int step = 0; snapshots < 30; step++) {
                    Map<Long, Long> mark = new HashMap<>(model);
                    RunnableFuture<SnapshotResult<KeyedStateHandle>> f = b.snapshot(
                            ++snapshots, step, streams, CheckpointOptions.forCheckpointWithDefaultLocation());
                    // writes while the snapshot's version is retained, before its write starts: copies
                    // (and so recycling) happen however fast the write below turns out to be
                    for (int w = 0; w < 300; w++, step++) {
                        long k = r.nextInt(keys + 500);
                        b.setCurrentKey(k);
                        value.update((long) step * 31 + k);
                        model.put(k, (long) step * 31 + k);
                    }
                    Future<?> written = snapshotThread.submit(f);
                    while (!written.isDone()) {
                        long k = r.nextInt(keys + 500);
                        b.setCurrentKey(k);
                        if (r.nextInt(10) == 0) {
                            value.clear();
                            model.remove(k);
                        } else {
                            value.update((long) step * 31 + k);
                            model.put(k, (long) step * 31 + k);
                        }
                        step++;
                    }
                    written.get();
                    KeyedStateHandle h = f.get().getJobManagerOwnedSnapshot();
                    KeyedStateBackend<Long> restored = new HashMapStateBackend().createKeyedStateBackend(
                            KeyedStateBackendParameters.forSubtask("restored", LongSerializer.INSTANCE, 1, 1, 0));
                    restored.restore(StateHandles.of(h));
                    ValueState<Long> rv = restored.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, VALUE);
                    for (long k = 0; k < keys + 500; k++) {
                        restored.setCurrentKey(k);
                        assertThat(rv.value()).as("run %d, snapshot %d, key %d", run, snapshots, k).isEqualTo(mark.get(k));
                    }
                    restored.close();
                }
                HeapKeyedStateBackend<Long> heap = (HeapKeyedStateBackend<Long>) b;
                assertThat(heap.numberOfRetainedSnapshots()).isZero();
                assertThat(heap.versions().retainedCopyBytes()).isZero();
                recycled += heap.versions().recycledSegmentCount();
                b.close();
            }
        } finally {
            snapshotThread.shutdownNow();
        }
        // the free list is only weakly reachable, so a collection may empty it now and then, but not
        // before every one of the 116 snapshots that could reuse it
        assertThat(recycled).as("segments reused by copy-on-write").isPositive();
    }
}
