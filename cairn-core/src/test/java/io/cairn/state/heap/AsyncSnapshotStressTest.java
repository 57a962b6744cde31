package io.cairn.state.heap;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.MemCheckpointStreamFactory;
import io.cairn.serialization.LongSerializer;
import io.cairn.state.ListState;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.keyed.KeyedStateBackend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableFuture;
import org.junit.jupiter.api.Test;

/**
 * The task thread keeps writing (values, in-place list appends, map puts, removals, growth) while the
 * asynchronous parts of several snapshots run on other threads; every snapshot must equal the state
 * at its mark. Randomized schedules, repeated.
 */
class AsyncSnapshotStressTest {

    static final ValueStateDescriptor<Long> VALUE = new ValueStateDescriptor<>("value", LongSerializer.INSTANCE);
    static final ListStateDescriptor<Long> LIST = new ListStateDescriptor<>("list", LongSerializer.INSTANCE);
    static final MapStateDescriptor<Long, Long> MAP = new MapStateDescriptor<>("map", LongSerializer.INSTANCE, LongSerializer.INSTANCE);

    record Mark(Map<Long, Long> values, Map<Long, List<Long>> lists, Map<Long, Map<Long, Long>> maps, Future<SnapshotResult<KeyedStateHandle>> result) {}

    @Test
    void everySnapshotEqualsTheStateAtItsMark() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int run = 0; run < 20; run++) {
                runOnce(new Random(run), pool, run % 2 == 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void runOnce(Random r, ExecutorService pool, boolean incremental) throws Exception {
        KeyedStateBackend<Long> b = new HashMapStateBackend().withIncrementalCheckpoints(incremental).createKeyedStateBackend(
                KeyedStateBackendParameters.forSubtask("stress", LongSerializer.INSTANCE, 128, 1, 0));
        ValueState<Long> value = b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, VALUE);
        ListState<Long> list = b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, LIST);
        Map<Long, Long> values = new HashMap<>();
        Map<Long, List<Long>> lists = new HashMap<>();
        MapState<Long, Long> map = b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, MAP);
        Map<Long, Map<Long, Long>> maps = new HashMap<>();
        List<Mark> marks = new ArrayList<>();
        MemCheckpointStreamFactory streams = new MemCheckpointStreamFactory(256 << 20);
        int keys = 500 + r.nextInt(20_000);
        for (int step = 0; step < 60_000; step++) {
            long k = r.nextInt(keys);
            b.setCurrentKey(k);
            int op = r.nextInt(100);
            if (op < 45) {
                value.update((long) step);
                values.put(k, (long) step);
            } else if (op < 55) {
                value.clear();
                values.remove(k);
            } else if (op < 90) {
                list.add((long) step);
                lists.computeIfAbsent(k, x -> new ArrayList<>()).add((long) step);
            } else if (op < 92) {
                list.clear();
                lists.remove(k);
            } else if (op < 98) {
                map.put((long) step % 9, (long) step);
                maps.computeIfAbsent(k, x -> new HashMap<>()).put((long) step % 9, (long) step);
            } else {
                map.remove((long) step % 9);
                Map<Long, Long> m = maps.get(k);
                if (m != null) {
                    m.remove((long) step % 9);
                    if (m.isEmpty()) {
                        maps.remove(k);
                    }
                }
            }
            if (r.nextInt(4_000) == 0 && marks.size() < 6) {
                RunnableFuture<SnapshotResult<KeyedStateHandle>> f =
                        b.snapshot(marks.size() + 1, step, streams, CheckpointOptions.forCheckpointWithDefaultLocation());
                Map<Long, List<Long>> listCopy = new HashMap<>();
                lists.forEach((key, l) -> listCopy.put(key, new ArrayList<>(l)));
                Map<Long, Map<Long, Long>> mapCopy = new HashMap<>();
                maps.forEach((key, m) -> mapCopy.put(key, new HashMap<>(m)));
                marks.add(new Mark(new HashMap<>(values), listCopy, mapCopy, pool.submit(() -> {
                    if (r.nextBoolean()) {
                        Thread.yield();
                    }
                    f.run();
                    return f.get();
                })));
            }
        }
        for (Mark m : marks) {
            KeyedStateHandle h = m.result().get().getJobManagerOwnedSnapshot();
            if (incremental) {
                // only the first incremental checkpoint is self-contained here (none is confirmed): all are full bases
                assertThat(h).isNotNull();
            }
            KeyedStateBackend<Long> restored = new HashMapStateBackend().createKeyedStateBackend(
                    KeyedStateBackendParameters.forSubtask("restored", LongSerializer.INSTANCE, 128, 1, 0));
            restored.restore(StateHandles.of(h));
            ValueState<Long> rv = restored.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, VALUE);
            ListState<Long> rl = restored.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, LIST);
            MapState<Long, Long> rm = restored.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, MAP);
            for (long k = 0; k < keys; k++) {
                restored.setCurrentKey(k);
                assertThat(rv.value()).as("value of %d", k).isEqualTo(m.values().get(k));
                assertThat(rl.get()).as("list of %d", k).containsExactlyElementsOf(m.lists().getOrDefault(k, List.of()));
                Map<Long, Long> restoredMap = new HashMap<>();
                rm.entries().forEach(e -> restoredMap.put(e.getKey(), e.getValue()));
                assertThat(restoredMap).as("map of %d", k).isEqualTo(m.maps().getOrDefault(k, Map.of()));
            }
            restored.close();
        }
        assertThat(((HeapKeyedStateBackend<Long>) b).numberOfRetainedSnapshots()).isZero();
        b.close();
    }
}
