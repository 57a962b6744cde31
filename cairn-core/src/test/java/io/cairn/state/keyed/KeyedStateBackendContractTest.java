package io.cairn.state.keyed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.checkpoint.storage.FsCheckpointStreamFactory;
import io.cairn.checkpoint.storage.MemCheckpointStreamFactory;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.StringSerializer;
import io.cairn.state.AggregateFunction;
import io.cairn.state.AggregatingState;
import io.cairn.state.AggregatingStateDescriptor;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ReducingState;
import io.cairn.state.ReducingStateDescriptor;
import io.cairn.state.StateMigrationException;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.backend.StateBackend;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.RunnableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The contract every {@link KeyedStateBackend} must meet. Each backend gets a subclass that says how
 * to create its {@link StateBackend}; the RocksDB backend reuses this suite unchanged.
 */
public abstract class KeyedStateBackendContractTest {

    protected static final int MAX_PARALLELISM = 128;

    @TempDir
    protected Path tmp;

    private final List<KeyedStateBackend<?>> opened = new ArrayList<>();

    /** @return the state backend under test */
    protected abstract StateBackend stateBackend();

    protected CheckpointStreamFactory fileFactory() {
        return FsCheckpointStreamFactory.forDirectory(io.cairn.fs.Path.fromLocal(tmp.resolve("chk")));
    }

    protected CheckpointStreamFactory memoryFactory() {
        return new MemCheckpointStreamFactory(64 << 20);
    }

    private KeyedStateBackend<Long> backend;

    @BeforeEach
    void createBackend() throws Exception {
        backend = newBackend(LongSerializer.INSTANCE, MAX_PARALLELISM, KeyGroupRange.of(0, MAX_PARALLELISM - 1));
    }

    @AfterEach
    void closeAll() {
        for (KeyedStateBackend<?> b : opened) {
            b.close();
        }
    }

    protected <K> KeyedStateBackend<K> newBackend(
            io.cairn.serialization.TypeSerializer<K> keySerializer, int maxParallelism, KeyGroupRange range) throws Exception {
        KeyedStateBackend<K> b = stateBackend().createKeyedStateBackend(new KeyedStateBackendParameters<>(
                "contract", keySerializer, maxParallelism, range, getClass().getClassLoader()));
        opened.add(b);
        return b;
    }

    protected KeyedStateBackend<Long> restoredBackend(List<KeyedStateHandle> handles) throws Exception {
        KeyedStateBackend<Long> b = newBackend(LongSerializer.INSTANCE, MAX_PARALLELISM, KeyGroupRange.of(0, MAX_PARALLELISM - 1));
        b.restore(StateHandles.of(handles));
        return b;
    }

    private static <S extends io.cairn.state.State> S state(
            KeyedStateBackend<Long> b, io.cairn.state.StateDescriptor<S, ?> d) {
        return b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, d);
    }

    static final ValueStateDescriptor<Long> COUNT = new ValueStateDescriptor<>("count", Long.class);
    static final ListStateDescriptor<Long> LIST = new ListStateDescriptor<>("list", Long.class);
    static final MapStateDescriptor<String, Long> MAP = new MapStateDescriptor<>("map", String.class, Long.class);
    static final ReducingStateDescriptor<Long> SUM = new ReducingStateDescriptor<>("sum", Long::sum, Long.class);

    /** An accumulator record, serialized by the built-in record serializer. */
    public record Avg(long sum, long count) {}

    static final AggregateFunction<Long, Avg, Double> AVERAGE = new AggregateFunction<>() {
        @Override
        public Avg createAccumulator() {
            return new Avg(0, 0);
        }

        @Override
        public Avg add(Long value, Avg acc) {
            return new Avg(acc.sum() + value, acc.count() + 1);
        }

        @Override
        public Double getResult(Avg acc) {
            return (double) acc.sum() / acc.count();
        }

        @Override
        public Avg merge(Avg a, Avg b) {
            return new Avg(a.sum() + b.sum(), a.count() + b.count());
        }
    };

    static final AggregatingStateDescriptor<Long, Avg, Double> AVG =
            new AggregatingStateDescriptor<>("avg", AVERAGE, Avg.class);

    // ------------------------------------------------------------------ semantics

    @Test
    void valueStateReadsWritesAndClears() {
        ValueState<Long> count = state(backend, COUNT);
        backend.setCurrentKey(1L);
        assertThat(count.value()).isNull();
        count.update(5L);
        backend.setCurrentKey(2L);
        assertThat(count.value()).isNull();
        count.update(7L);
        backend.setCurrentKey(1L);
        assertThat(count.value()).isEqualTo(5L);
        count.update(count.value() + 1);
        assertThat(count.value()).isEqualTo(6L);
        count.update(null);
        assertThat(count.value()).isNull();
        backend.setCurrentKey(2L);
        assertThat(count.value()).isEqualTo(7L);
        count.clear();
        assertThat(count.value()).isNull();
    }

    @Test
    void valueStateDefaultValueIsReturnedWhenUnset() {
        ValueState<Long> withDefault =
                state(backend, new ValueStateDescriptor<>("with-default", LongSerializer.INSTANCE, 42L));
        backend.setCurrentKey(3L);
        assertThat(withDefault.value()).isEqualTo(42L);
        withDefault.update(1L);
        assertThat(withDefault.value()).isEqualTo(1L);
        withDefault.clear();
        assertThat(withDefault.value()).isEqualTo(42L);
    }

    @Test
    void namespacesAreIsolated() {
        ValueStateDescriptor<Long> d = new ValueStateDescriptor<>("windowed", Long.class);
        backend.setCurrentKey(9L);
        ValueState<Long> a = backend.getPartitionedState("a", StringSerializer.INSTANCE, d);
        a.update(1L);
        ValueState<Long> b = backend.getPartitionedState("b", StringSerializer.INSTANCE, d);
        assertThat(b.value()).isNull();
        b.update(2L);
        assertThat(backend.getPartitionedState("a", StringSerializer.INSTANCE, d).value()).isEqualTo(1L);
        assertThat(backend.getKeys("windowed", "a").collect(Collectors.toList())).containsExactly(9L);
        assertThat(backend.getKeys("windowed", "c").count()).isZero();
        InternalKvState<Long, String, Long> internal = backend.createState(d, StringSerializer.INSTANCE);
        internal.setCurrentNamespace("b");
        assertThat(((ValueState<Long>) internal).value()).isEqualTo(2L);
    }

    @Test
    void listStateSemantics() {
        ListState<Long> list = state(backend, LIST);
        backend.setCurrentKey(1L);
        assertThat(list.get()).isNotNull().isEmpty();
        list.add(1L);
        list.add(2L);
        list.addAll(List.of(3L, 4L));
        assertThat(list.get()).containsExactly(1L, 2L, 3L, 4L);
        list.update(List.of(9L));
        assertThat(list.get()).containsExactly(9L);
        list.addAll(List.of());
        assertThat(list.get()).containsExactly(9L);
        list.update(List.of());
        assertThat(list.get()).isEmpty();
        list.add(5L);
        list.clear();
        assertThat(list.get()).isEmpty();
    }

    @Test
    void listStateRejectsNullsNamingTheState() {
        ListState<Long> list = state(backend, LIST);
        backend.setCurrentKey(1L);
        assertThatThrownBy(() -> list.add(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("'list'");
        List<Long> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> list.update(withNull)).isInstanceOf(NullPointerException.class).hasMessageContaining("'list'");
        assertThatThrownBy(() -> list.addAll(withNull)).isInstanceOf(NullPointerException.class).hasMessageContaining("'list'");
        assertThat(list.get()).isEmpty();
    }

    @Test
    void mapStateSemantics() {
        MapState<String, Long> map = state(backend, MAP);
        backend.setCurrentKey(1L);
        assertThat(map.isEmpty()).isTrue();
        assertThat(map.get("a")).isNull();
        assertThat(map.entries()).isEmpty();
        map.put("a", 1L);
        map.put("b", 2L);
        map.putAll(Map.of("c", 3L));
        map.put("n", null);
        assertThat(map.contains("n")).isTrue();
        assertThat(map.get("n")).isNull();
        assertThat(map.get("b")).isEqualTo(2L);
        assertThat(map.keys()).containsExactlyInAnyOrder("a", "b", "c", "n");
        assertThat(map.values()).containsExactlyInAnyOrder(1L, 2L, 3L, null);
        map.remove("a");
        assertThat(map.contains("a")).isFalse();
        Iterator<Map.Entry<String, Long>> it = map.iterator();
        while (it.hasNext()) {
            if (it.next().getKey().equals("b")) {
                it.remove();
            }
        }
        assertThat(map.keys()).containsExactlyInAnyOrder("c", "n");
        backend.setCurrentKey(2L);
        assertThat(map.isEmpty()).isTrue();
        backend.setCurrentKey(1L);
        map.clear();
        assertThat(map.isEmpty()).isTrue();
        assertThatThrownBy(() -> map.put(null, 1L)).isInstanceOf(NullPointerException.class).hasMessageContaining("'map'");
    }

    @Test
    void reducingStateCombines() {
        ReducingState<Long> sum = state(backend, SUM);
        backend.setCurrentKey(4L);
        assertThat(sum.get()).isNull();
        sum.add(3L);
        sum.add(4L);
        assertThat(sum.get()).isEqualTo(7L);
        assertThatThrownBy(() -> sum.add(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("'sum'");
        sum.clear();
        assertThat(sum.get()).isNull();
    }

    @Test
    void aggregatingStateFoldsIntoARecordAccumulator() {
        AggregatingState<Long, Double> avg = state(backend, AVG);
        backend.setCurrentKey(4L);
        assertThat(avg.get()).isNull();
        avg.add(2L);
        avg.add(4L);
        assertThat(avg.get()).isEqualTo(3.0);
    }

    @Test
    void manyKeysSurviveGrowthAndRemoval() {
        ValueState<Long> count = state(backend, COUNT);
        for (long k = 0; k < 20_000; k++) {
            backend.setCurrentKey(k);
            count.update(k * 3);
        }
        for (long k = 0; k < 20_000; k += 3) {
            backend.setCurrentKey(k);
            count.clear();
        }
        for (long k = 0; k < 20_000; k++) {
            backend.setCurrentKey(k);
            assertThat(count.value()).as("key %d", k).isEqualTo(k % 3 == 0 ? null : k * 3);
        }
        assertThat(backend.getKeys("count", VoidNamespace.INSTANCE).count()).isEqualTo(20_000 - 6_667);
    }

    // ------------------------------------------------------------------ snapshots

    @Test
    void snapshotIsIsolatedFromLaterWrites() throws Exception {
        ValueState<Long> count = state(backend, COUNT);
        ListState<Long> list = state(backend, LIST);
        MapState<String, Long> map = state(backend, MAP);
        for (long k = 0; k < 2_000; k++) {
            backend.setCurrentKey(k);
            count.update(k);
            list.add(k);
            map.put("x", k);
        }
        RunnableFuture<SnapshotResult<KeyedStateHandle>> future =
                backend.snapshot(1, 1, fileFactory(), CheckpointOptions.forCheckpointWithDefaultLocation());
        for (long k = 0; k < 4_000; k++) {
            backend.setCurrentKey(k);
            if (k % 2 == 0) {
                count.clear();
            } else {
                count.update(-k);
            }
            list.add(-k);
            map.put("x", -k);
            map.put("y", -k);
        }
        future.run();
        KeyedStateHandle handle = future.get().getJobManagerOwnedSnapshot();
        KeyedStateBackend<Long> restored = restoredBackend(List.of(handle));
        ValueState<Long> rc = state(restored, COUNT);
        ListState<Long> rl = state(restored, LIST);
        MapState<String, Long> rm = state(restored, MAP);
        for (long k = 0; k < 4_000; k++) {
            restored.setCurrentKey(k);
            if (k < 2_000) {
                assertThat(rc.value()).isEqualTo(k);
                assertThat(rl.get()).containsExactly(k);
                assertThat(rm.get("x")).isEqualTo(k);
                assertThat(rm.contains("y")).isFalse();
            } else {
                assertThat(rc.value()).isNull();
                assertThat(rl.get()).isEmpty();
                assertThat(rm.isEmpty()).isTrue();
            }
        }
        // the live backend kept its own writes
        backend.setCurrentKey(1L);
        assertThat(count.value()).isEqualTo(-1L);
        assertThat(list.get()).containsExactly(1L, -1L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void listUpdatesAfterASnapshotAreNotInIt() throws Exception {
        ListState<Long> list = state(backend, LIST);
        for (long k = 0; k < 2_000; k++) {
            backend.setCurrentKey(k);
            list.update(List.of(k, k + 1, k + 2));
        }
        RunnableFuture<SnapshotResult<KeyedStateHandle>> future =
                backend.snapshot(1, 1, fileFactory(), CheckpointOptions.forCheckpointWithDefaultLocation());
        for (long k = 0; k < 2_000; k++) {
            backend.setCurrentKey(k);
            if (k % 3 == 0) {
                list.update(List.of(-k));
            } else if (k % 3 == 1) {
                // the stored list's own elements, shifted
                List<Long> stored = new ArrayList<>();
                list.get().forEach(stored::add);
                list.update(stored.subList(1, 3));
            } else {
                list.update(List.of(-k, -k, -k, -k, -k, -k, -k, -k, -k, -k, -k, -k));
            }
        }
        future.run();
        KeyedStateBackend<Long> restored = restoredBackend(List.of(future.get().getJobManagerOwnedSnapshot()));
        ListState<Long> rl = state(restored, LIST);
        for (long k = 0; k < 2_000; k++) {
            restored.setCurrentKey(k);
            assertThat(rl.get()).as("key %d in the snapshot", k).containsExactly(k, k + 1, k + 2);
            backend.setCurrentKey(k);
            if (k % 3 == 0) {
                assertThat(list.get()).as("key %d live", k).containsExactly(-k);
            } else if (k % 3 == 1) {
                assertThat(list.get()).as("key %d live", k).containsExactly(k + 1, k + 2);
            } else {
                assertThat(list.get()).as("key %d live", k).hasSize(12).containsOnly(-k);
            }
        }
    }

    @Test
    void restoreRoundTripsEveryStateKind() throws Exception {
        writeAllKinds(backend, 500);
        KeyedStateHandle handle = KeyedBackends.runSnapshot(backend, 1, fileFactory());
        KeyedStateBackend<Long> restored = restoredBackend(List.of(handle));
        checkAllKinds(restored, 500);
    }

    @Test
    void inMemorySnapshotsRestoreToo() throws Exception {
        writeAllKinds(backend, 200);
        KeyedStateHandle handle = KeyedBackends.runSnapshot(backend, 1, memoryFactory());
        checkAllKinds(restoredBackend(List.of(handle)), 200);
    }

    private static void writeAllKinds(KeyedStateBackend<Long> b, int keys) {
        for (long k = 0; k < keys; k++) {
            b.setCurrentKey(k);
            state(b, COUNT).update(k);
            state(b, LIST).addAll(List.of(k, k + 1));
            state(b, MAP).put("k" + k, k * 2);
            state(b, SUM).add(k);
            state(b, SUM).add(1L);
            state(b, AVG).add(k);
            b.getPartitionedState("ns-" + (k % 3), StringSerializer.INSTANCE, new ValueStateDescriptor<>("windowed", Long.class))
                    .update(k + 100);
        }
    }

    private static void checkAllKinds(KeyedStateBackend<Long> b, int keys) {
        for (long k = 0; k < keys; k++) {
            b.setCurrentKey(k);
            assertThat(state(b, COUNT).value()).isEqualTo(k);
            assertThat(state(b, LIST).get()).containsExactly(k, k + 1);
            assertThat(state(b, MAP).get("k" + k)).isEqualTo(k * 2);
            assertThat(state(b, SUM).get()).isEqualTo(k + 1);
            assertThat(state(b, AVG).get()).isEqualTo((double) k);
            for (int ns = 0; ns < 3; ns++) {
                Long v = b.getPartitionedState("ns-" + ns, StringSerializer.INSTANCE,
                        new ValueStateDescriptor<>("windowed", Long.class)).value();
                assertThat(v).isEqualTo(k % 3 == ns ? k + 100 : null);
            }
        }
    }

    @Test
    void snapshotWithNoStateIsEmptyAndRestoresEmpty() throws Exception {
        RunnableFuture<SnapshotResult<KeyedStateHandle>> f =
                backend.snapshot(1, 1, fileFactory(), CheckpointOptions.forCheckpointWithDefaultLocation());
        f.run();
        assertThat(f.get().getJobManagerOwnedSnapshot()).isNull();
        KeyedStateBackend<Long> restored = restoredBackend(List.of());
        restored.setCurrentKey(1L);
        assertThat(state(restored, COUNT).value()).isNull();
    }

    @Test
    void registeredButEmptyStatesRestoreEmpty() throws Exception {
        state(backend, COUNT);
        state(backend, LIST);
        KeyedStateHandle handle = KeyedBackends.runSnapshot(backend, 1, fileFactory());
        assertThat(handle).isNotNull();
        KeyedStateBackend<Long> restored = restoredBackend(List.of(handle));
        restored.setCurrentKey(5L);
        assertThat(state(restored, COUNT).value()).isNull();
        assertThat(state(restored, LIST).get()).isEmpty();
        assertThat(restored.getKeys("count", VoidNamespace.INSTANCE).count()).isZero();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"2, 3", "3, 2", "1, 4", "4, 1", "15, 77", "3, 3"})
    void rescalesWithEveryKeyGroupExact(int from, int to) throws Exception {
        int keys = 3_000;
        KeyedBackends<Long> before = KeyedBackends.create(stateBackend(), LongSerializer.INSTANCE, MAX_PARALLELISM, from, List.of());
        for (long k = 0; k < keys; k++) {
            KeyedStateBackend<Long> b = before.at(k);
            state(b, COUNT).update(k * 7);
            state(b, LIST).add(k);
            state(b, MAP).put("m", k);
        }
        try (KeyedBackends<Long> after = before.rescale(1, fileFactory(), to)) {
            long total = 0;
            for (KeyedStateBackend<Long> b : after.all()) {
                Set<Long> owned = b.getKeys("count", VoidNamespace.INSTANCE).collect(Collectors.toSet());
                for (long k : owned) {
                    assertThat(b.getKeyGroupRange().contains(KeyGroupRangeAssignment.assignToKeyGroup(k, MAX_PARALLELISM)))
                            .as("backend %s owns key %d", b.getKeyGroupRange(), k).isTrue();
                }
                total += owned.size();
            }
            assertThat(total).isEqualTo(keys);
            for (long k = 0; k < keys; k++) {
                KeyedStateBackend<Long> b = after.at(k);
                assertThat(state(b, COUNT).value()).isEqualTo(k * 7);
                assertThat(state(b, LIST).get()).containsExactly(k);
                assertThat(state(b, MAP).get("m")).isEqualTo(k);
            }
        }
    }

    @Test
    void applyToAllKeysVisitsAndMayModifyEveryKey() throws Exception {
        ValueState<Long> count = state(backend, COUNT);
        for (long k = 0; k < 1_000; k++) {
            backend.setCurrentKey(k);
            count.update(k);
        }
        backend.setCurrentKey(5L);
        Set<Long> seen = new TreeSet<>();
        backend.applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, COUNT, (key, state) -> {
            seen.add(key);
            assertThat(state.value()).isEqualTo(key);
            if (key % 2 == 0) {
                state.clear();
            } else {
                state.update(key + 1);
            }
        });
        assertThat(seen).hasSize(1_000);
        assertThat(backend.getCurrentKey()).isEqualTo(5L);
        for (long k = 0; k < 1_000; k++) {
            backend.setCurrentKey(k);
            assertThat(count.value()).isEqualTo(k % 2 == 0 ? null : k + 1);
        }
    }

    @Test
    void getKeysOfUnknownStateNamesTheKnownOnes() {
        state(backend, COUNT);
        assertThatThrownBy(() -> backend.getKeys("nope", VoidNamespace.INSTANCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope")
                .hasMessageContaining("count");
    }

    @Test
    void approximateMemoryGrowsWithState() {
        long empty = backend.getApproximateMemoryUsage();
        ValueState<Long> count = state(backend, COUNT);
        for (long k = 0; k < 10_000; k++) {
            backend.setCurrentKey(k);
            count.update(k);
        }
        assertThat(backend.getApproximateMemoryUsage()).isGreaterThan(empty + 10_000L * 16);
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void nullKeyAndNamespaceAreRejected() {
        assertThatThrownBy(() -> backend.setCurrentKey(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> backend.getPartitionedState(null, StringSerializer.INSTANCE, COUNT))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("namespace");
    }

    @Test
    void accessWithoutCurrentKeyIsAClearError() {
        ValueState<Long> count = state(backend, COUNT);
        assertThatThrownBy(count::value).isInstanceOf(IllegalStateException.class).hasMessageContaining("setCurrentKey");
    }

    @Test
    void keyOutsideTheBackendsKeyGroupsIsRejected() throws Exception {
        KeyedStateBackend<Long> half = newBackend(LongSerializer.INSTANCE, MAX_PARALLELISM, KeyGroupRange.of(0, 63));
        long foreign = 0;
        while (KeyGroupRangeAssignment.assignToKeyGroup(foreign, MAX_PARALLELISM) < 64) {
            foreign++;
        }
        long key = foreign;
        assertThatThrownBy(() -> half.setCurrentKey(key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(key))
                .hasMessageContaining("key group");
    }

    @Test
    void stateNameReusedWithAnotherKindIsRejected() {
        state(backend, COUNT);
        assertThatThrownBy(() -> state(backend, new ListStateDescriptor<>("count", Long.class)))
                .isInstanceOf(StateMigrationException.class)
                .hasMessageContaining("'count'")
                .hasMessageContaining("VALUE")
                .hasMessageContaining("LIST");
    }

    @Test
    void restoreWithWrongKeySerializerNamesBothSerializers() throws Exception {
        state(backend, COUNT);
        backend.setCurrentKey(1L);
        state(backend, COUNT).update(1L);
        KeyedStateHandle handle = KeyedBackends.runSnapshot(backend, 1, fileFactory());
        KeyedStateBackend<String> wrong =
                newBackend(StringSerializer.INSTANCE, MAX_PARALLELISM, KeyGroupRange.of(0, MAX_PARALLELISM - 1));
        assertThatThrownBy(() -> wrong.restore(StateHandles.of(handle)))
                .isInstanceOf(StateMigrationException.class)
                .hasMessageContaining("LongSerializer")
                .hasMessageContaining("StringSerializer");
    }

    @Test
    void restoreWithWrongValueSerializerNamesStateAndBothSerializers() throws Exception {
        backend.setCurrentKey(1L);
        state(backend, COUNT).update(1L);
        KeyedStateHandle handle = KeyedBackends.runSnapshot(backend, 1, fileFactory());
        KeyedStateBackend<Long> restored = restoredBackend(List.of(handle));
        assertThatThrownBy(() -> state(restored, new ValueStateDescriptor<>("count", String.class)))
                .isInstanceOf(StateMigrationException.class)
                .hasMessageContaining("'count'")
                .hasMessageContaining("LongSerializer")
                .hasMessageContaining("StringSerializer");
        assertThatThrownBy(() -> state(restored, new MapStateDescriptor<>("count", String.class, Long.class)))
                .isInstanceOf(StateMigrationException.class)
                .hasMessageContaining("'count'");
    }

    @Test
    void handleWithKeyGroupsBeyondMaxParallelismIsRejected() throws Exception {
        backend.setCurrentKey(1L);
        state(backend, COUNT).update(1L);
        KeyedStateHandle handle = KeyedBackends.runSnapshot(backend, 1, fileFactory());
        KeyedStateBackend<Long> smaller = newBackend(LongSerializer.INSTANCE, 64, KeyGroupRange.of(0, 63));
        assertThatThrownBy(() -> smaller.restore(StateHandles.of(handle)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max parallelism")
                .hasMessageContaining("64");
    }

    @Test
    void truncatedSnapshotFileIsReportedWithItsPath() throws Exception {
        Path file = snapshotToFile();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 7));
        assertThatThrownBy(() -> restoredBackend(List.of(lastHandle)))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining(file.getFileName().toString());
    }

    @Test
    void flippedByteIsCaughtByTheChecksum() throws Exception {
        Path file = snapshotToFile();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        assertThatThrownBy(() -> restoredBackend(List.of(lastHandle)))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining(file.getFileName().toString())
                .hasMessageContaining("checksum");
    }

    @Test
    void wrongMagicIsReported() throws Exception {
        Path file = snapshotToFile();
        byte[] bytes = Files.readAllBytes(file);
        bytes[0] = 'X';
        Files.write(file, bytes);
        assertThatThrownBy(() -> restoredBackend(List.of(lastHandle)))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("magic");
    }

    private KeyedStateHandle lastHandle;

    /** @return true if snapshots are single key-group-indexed files (the corruption tests edit them) */
    protected boolean snapshotsAreKeyGroupFiles() {
        return true;
    }

    private Path snapshotToFile() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(snapshotsAreKeyGroupFiles(), "format-specific corruption test");
        ValueState<Long> count = state(backend, COUNT);
        for (long k = 0; k < 3_000; k++) {
            backend.setCurrentKey(k);
            count.update(k);
        }
        lastHandle = KeyedBackends.runSnapshot(backend, 1, fileFactory());
        FileStateHandle file = (FileStateHandle) ((KeyGroupsStateHandle) lastHandle).getDelegateStateHandle();
        return file.getFilePath().toLocalPath();
    }

    @Test
    void restoreTwiceOrAfterCreatingStateIsRejected() throws Exception {
        state(backend, COUNT);
        assertThatThrownBy(() -> backend.restore(StateHandles.empty())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closedBackendRejectsUse() {
        backend.close();
        backend.close();
        assertThatThrownBy(() -> state(backend, COUNT)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void snapshotsOfSeveralKeyRangesMergeOnRestore() throws Exception {
        Map<Long, Long> expected = new HashMap<>();
        try (KeyedBackends<Long> three = KeyedBackends.create(stateBackend(), LongSerializer.INSTANCE, MAX_PARALLELISM, 3, List.of())) {
            for (long k = 0; k < 1000; k++) {
                state(three.at(k), COUNT).update(k + 1);
                expected.put(k, k + 1);
            }
            List<KeyedStateHandle> handles = three.snapshotAll(1, fileFactory());
            assertThat(handles).hasSize(3);
            KeyedStateBackend<Long> one = restoredBackend(handles);
            for (Map.Entry<Long, Long> e : expected.entrySet()) {
                one.setCurrentKey(e.getKey());
                assertThat(state(one, COUNT).value()).isEqualTo(e.getValue());
            }
        }
    }
}
