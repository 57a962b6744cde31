package io.cairn.state.heap;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.MemCheckpointStreamFactory;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.StringSerializer;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keyed.KeyedStateBackend;
import java.util.concurrent.RunnableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyGroupStateMap#ensureCapacity} in both layouts, and restores sizing each key group's map
 * from the entry count in the snapshot: inserting a map's entries in its slot order into a smaller
 * table of the same hash function piles them into one probe run, so a restore must not grow through
 * smaller tables.
 */
class RestoreSizingTest {

    private static final ValueStateDescriptor<Long> COUNT = new ValueStateDescriptor<>("count", LongSerializer.INSTANCE);
    private static final ValueStateDescriptor<String> NAME = new ValueStateDescriptor<>("name", StringSerializer.INSTANCE);
    private static final MapStateDescriptor<Long, Long> MAP =
            new MapStateDescriptor<>("map", LongSerializer.INSTANCE, LongSerializer.INSTANCE);

    @Test
    void capacityForAdmitsTheSizeAtThreeQuartersLoad() {
        assertThat(KeyGroupStateMap.capacityFor(0)).isEqualTo(KeyGroupStateMap.MIN_CAPACITY);
        assertThat(KeyGroupStateMap.capacityFor(6)).isEqualTo(8);
        assertThat(KeyGroupStateMap.capacityFor(7)).isEqualTo(16);
        assertThat(KeyGroupStateMap.capacityFor(12)).isEqualTo(16);
        assertThat(KeyGroupStateMap.capacityFor(13)).isEqualTo(32);
        assertThat(KeyGroupStateMap.capacityFor(7813)).isEqualTo(16384);
    }

    @Test
    void ensureCapacityGrowsOnceKeepsEntriesAndNeverShrinks() {
        StateVersions versions = new StateVersions();
        for (KeyGroupStateMap<Object, Object, Long> map : java.util.List.<KeyGroupStateMap<Object, Object, Long>>of(
                new LongKeyGroupStateMap<>(versions), new ObjectKeyGroupStateMap<>(versions, true, LongSerializer.INSTANCE))) {
            for (long k = 0; k < 5; k++) {
                map.put(k, Long.hashCode(k), VoidNamespace.INSTANCE, k * 10);
            }
            map.ensureCapacity(1000);
            assertThat(map.capacity()).isEqualTo(KeyGroupStateMap.capacityFor(1000));
            for (long k = 0; k < 5; k++) {
                assertThat(map.valueAt(map.find(k, Long.hashCode(k), VoidNamespace.INSTANCE))).isEqualTo(k * 10);
            }
            for (long k = 5; k < 1000; k++) {
                map.put(k, Long.hashCode(k), VoidNamespace.INSTANCE, k * 10);
            }
            assertThat(map.capacity()).as("no resize while filling up to the ensured size").isEqualTo(2048);
            map.ensureCapacity(10);
            assertThat(map.capacity()).isEqualTo(2048);
            assertThat(map.size()).isEqualTo(1000);
        }
    }

    @Test
    void aRestoreSizesEveryKeyGroupMapFromItsEntryCount() throws Exception {
        KeyedStateHandle handle;
        try (KeyedStateBackend<Long> source = backend()) {
            ValueState<Long> count = value(source, COUNT);
            ValueState<String> name = value(source, NAME);
            MapState<Long, Long> map = source.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, MAP);
            for (long key = 0; key < 50_000; key++) {
                source.setCurrentKey(key);
                count.update(key);
                name.update("n" + key);
                if (key % 100 == 0) {
                    map.put(key, -key);
                }
            }
            RunnableFuture<io.cairn.state.handle.SnapshotResult<KeyedStateHandle>> snapshot = source.snapshot(
                    1, 1, new MemCheckpointStreamFactory(64 << 20), CheckpointOptions.forCheckpointWithDefaultLocation());
            snapshot.run();
            handle = snapshot.get().getJobManagerOwnedSnapshot();
        }
        try (HeapKeyedStateBackend<Long> restored = (HeapKeyedStateBackend<Long>) backend()) {
            restored.restore(StateHandles.of(handle));
            for (String state : new String[] {"count", "name", "map"}) {
                StateTable<Long, ?, ?> table = restored.table(state);
                long total = 0;
                for (KeyGroupStateMap<Long, ?, ?> map : table.maps) {
                    assertThat(map.capacity()).as(state).isEqualTo(KeyGroupStateMap.capacityFor(map.size()));
                    // sized once from the block's entry count, not doubled step by step while inserting
                    assertThat(map.modCount).as(state + " resizes").isLessThanOrEqualTo(1);
                    total += map.size();
                }
                assertThat(total).isEqualTo(state.equals("map") ? 500 : 50_000);
            }
            assertThat(restored.table("count").maps[0]).isInstanceOf(LongKeyGroupStateMap.class);
            ValueState<Long> count = value(restored, COUNT);
            ValueState<String> name = value(restored, NAME);
            for (long key = 0; key < 50_000; key += 997) {
                restored.setCurrentKey(key);
                assertThat(count.value()).isEqualTo(key);
                assertThat(name.value()).isEqualTo("n" + key);
            }
        }
    }

    private static KeyedStateBackend<Long> backend() {
        return new HashMapStateBackend().createKeyedStateBackend(new KeyedStateBackendParameters<>(
                "restore-sizing", LongSerializer.INSTANCE, 128, KeyGroupRange.of(0, 127),
                RestoreSizingTest.class.getClassLoader()));
    }

    private static <T> ValueState<T> value(KeyedStateBackend<Long> backend, ValueStateDescriptor<T> descriptor) {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
    }
}
