package io.cairn.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.config.IllegalConfigurationException;
import io.cairn.config.MemorySize;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.StringSerializer;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.StateHandles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * States with fixed-length keys and namespaces in hash memtables ({@link RocksDBOptions#HASH_MEMTABLE}):
 * random operations on value, list and map state (with void and long namespaces) against a model,
 * with memtables small enough that data also moves to table files, then a full checkpoint restored
 * into a new backend, which must read the same.
 */
class RocksDBHashMemtableTest {

    static final ValueStateDescriptor<Long> VALUE = new ValueStateDescriptor<>("value", LongSerializer.INSTANCE);
    static final ListStateDescriptor<Long> LIST = new ListStateDescriptor<>("list", LongSerializer.INSTANCE);
    static final MapStateDescriptor<Long, String> MAP =
            new MapStateDescriptor<>("map", LongSerializer.INSTANCE, StringSerializer.INSTANCE);
    static final MapStateDescriptor<Long, Long> WINDOWS =
            new MapStateDescriptor<>("windows", LongSerializer.INSTANCE, LongSerializer.INSTANCE);

    @TempDir
    Path tmp;

    private final List<RocksDBKeyedStateBackend<?>> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(RocksDBKeyedStateBackend::close);
    }

    private <K> RocksDBKeyedStateBackend<K> open(
            EmbeddedRocksDBStateBackend config, io.cairn.serialization.TypeSerializer<K> keys, List<KeyedStateHandle> restore)
            throws Exception {
        @SuppressWarnings("unchecked")
        RocksDBKeyedStateBackend<K> b = (RocksDBKeyedStateBackend<K>) config
                .withLocalDirectory(tmp.resolve("rocksdb"))
                .createKeyedStateBackend(KeyedStateBackendParameters.forSubtask("hash", keys, 128, 1, 0));
        opened.add(b);
        b.restore(StateHandles.of(restore));
        return b;
    }

    private static EmbeddedRocksDBStateBackend small() {
        return hashed()
                .with(RocksDBOptions.HASH_MEMTABLE_WRITE_BUFFER_SIZE, MemorySize.ofKibiBytes(64))
                .with(RocksDBOptions.USE_BLOOM_FILTER, true);
    }

    private static EmbeddedRocksDBStateBackend hashed() {
        return new EmbeddedRocksDBStateBackend().with(RocksDBOptions.HASH_MEMTABLE, true);
    }

    @Test
    void offByDefaultAndWhenOnForFixedLengthKeysAndNamespacesOnly() throws Exception {
        assertThat(new EmbeddedRocksDBStateBackend().get(RocksDBOptions.HASH_MEMTABLE)).isFalse();
        assertThat(new EmbeddedRocksDBStateBackend().get(RocksDBOptions.HASH_MEMTABLE_WRITE_BUFFER_SIZE))
                .isEqualTo(MemorySize.ofMebiBytes(64));
        RocksDBKeyedStateBackend<Long> byDefault = open(new EmbeddedRocksDBStateBackend(), LongSerializer.INSTANCE, List.of());
        byDefault.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, VALUE);
        assertThat(byDefault.stateInfo("value").hashPrefixLength).isZero();
        RocksDBKeyedStateBackend<Long> longs = open(hashed(), LongSerializer.INSTANCE, List.of());
        longs.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, VALUE);
        longs.getPartitionedState(1L, LongSerializer.INSTANCE, WINDOWS);
        longs.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, MAP);
        assertThat(longs.stateInfo("value").hashPrefixLength).isEqualTo(2 + 8 + 1);
        assertThat(longs.stateInfo("windows").hashPrefixLength).isEqualTo(2 + 8 + 8);
        assertThat(longs.stateInfo("map").hashPrefixLength).isEqualTo(2 + 8 + 1);
        RocksDBKeyedStateBackend<Long> windowNames = open(hashed(), LongSerializer.INSTANCE, List.of());
        windowNames.getPartitionedState("w", StringSerializer.INSTANCE, LIST);
        assertThat(windowNames.stateInfo("list").hashPrefixLength).isZero();
        RocksDBKeyedStateBackend<String> strings = open(hashed(), StringSerializer.INSTANCE, List.of());
        strings.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, VALUE);
        assertThat(strings.stateInfo("value").hashPrefixLength).isZero();
        RocksDBKeyedStateBackend<Long> off = open(new EmbeddedRocksDBStateBackend().with(RocksDBOptions.HASH_MEMTABLE, false),
                LongSerializer.INSTANCE, List.of());
        off.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, VALUE);
        assertThat(off.stateInfo("value").hashPrefixLength).isZero();
    }

    @Test
    void rejectsBadWriteBufferSizes() {
        for (MemorySize bad : List.of(MemorySize.ofKibiBytes(63), MemorySize.ofMebiBytes(1025))) {
            assertThatThrownBy(() -> new EmbeddedRocksDBStateBackend()
                            .with(RocksDBOptions.HASH_MEMTABLE_WRITE_BUFFER_SIZE, bad))
                    .isInstanceOf(IllegalConfigurationException.class)
                    .hasMessageContaining("state.backend.rocksdb.memtable.hash-writebuffer-size")
                    .hasMessageContaining("must be between 64 KiB and 1 GiB");
        }
    }

    @ParameterizedTest(name = "{0} checkpoints")
    @EnumSource(RocksDBCheckpointFormat.class)
    void randomOperationsMatchAModelThroughFlushesAndAFullCheckpoint(RocksDBCheckpointFormat format) throws Exception {
        RocksDBKeyedStateBackend<Long> b = open(small().withCheckpointFormat(format), LongSerializer.INSTANCE, List.of());
        Model model = new Model();
        Random random = new Random(42);
        for (int i = 0; i < 60_000; i++) {
            model.step(b, random);
        }
        model.check(b, "before the checkpoint");

        CheckpointHarness h = new CheckpointHarness(tmp.resolve("cp"), 1, 128);
        List<KeyedStateHandle> handles = h.snapshot(List.of(b), 1);
        h.complete(1, List.of(b), handles);
        RocksDBKeyedStateBackend<Long> restored = open(small().withCheckpointFormat(format), LongSerializer.INSTANCE, h.latest());
        model.check(restored, "after the restore");
        // the restored states keep the hash memtable, native restores (files opened as they are) too
        assertThat(restored.stateInfo("value").hashPrefixLength).as(format + " value").isEqualTo(2 + 8 + 1);
        assertThat(restored.stateInfo("windows").hashPrefixLength).as(format + " windows").isEqualTo(2 + 8 + 8);
        for (int i = 0; i < 20_000; i++) {
            model.step(restored, random);
        }
        model.check(restored, "after more operations on the restored backend");
    }

    /** The expected contents: key → value, key → list, key → map, (key, window) → map. */
    private static final class Model {
        final Map<Long, Long> values = new HashMap<>();
        final Map<Long, List<Long>> lists = new HashMap<>();
        final Map<Long, TreeMap<Long, String>> maps = new HashMap<>();
        final Map<Long, Map<Long, TreeMap<Long, Long>>> windows = new HashMap<>();

        void step(RocksDBKeyedStateBackend<Long> b, Random random) throws Exception {
            long key = random.nextInt(300) - 50; // negative keys too
            b.setCurrentKey(key);
            ValueState<Long> value = b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, VALUE);
            ListState<Long> list = b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, LIST);
            MapState<Long, String> map = b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, MAP);
            long window = random.nextInt(4);
            MapState<Long, Long> win = b.getPartitionedState(window, LongSerializer.INSTANCE, WINDOWS);
            long userKey = random.nextInt(40);
            TreeMap<Long, String> m = maps.computeIfAbsent(key, k -> new TreeMap<>());
            Map<Long, TreeMap<Long, Long>> byWindow = windows.computeIfAbsent(key, k -> new HashMap<>());
            TreeMap<Long, Long> w = byWindow.computeIfAbsent(window, k -> new TreeMap<>());
            switch (random.nextInt(14)) {
                case 0, 1 -> {
                    long v = random.nextLong();
                    value.update(v);
                    values.put(key, v);
                }
                case 2 -> assertThat(value.value()).isEqualTo(values.get(key));
                case 3 -> {
                    value.clear();
                    values.remove(key);
                }
                case 4 -> {
                    list.add(userKey);
                    lists.computeIfAbsent(key, k -> new ArrayList<>()).add(userKey);
                }
                case 5 -> assertThat(list.get()).containsExactlyElementsOf(lists.getOrDefault(key, List.of()));
                case 6, 7 -> {
                    String v = "v" + random.nextInt(1000);
                    map.put(userKey, v);
                    m.put(userKey, v);
                }
                case 8 -> {
                    map.remove(userKey);
                    m.remove(userKey);
                }
                case 9 -> {
                    assertThat(map.get(userKey)).isEqualTo(m.get(userKey));
                    assertThat(map.isEmpty()).isEqualTo(m.isEmpty());
                }
                case 10 -> {
                    if (random.nextInt(8) == 0) {
                        map.clear();
                        m.clear();
                    } else {
                        assertThat(entries(map)).isEqualTo(m);
                    }
                }
                case 11 -> {
                    long v = random.nextLong();
                    win.put(userKey, v);
                    w.put(userKey, v);
                }
                case 12 -> {
                    assertThat(entries(win)).isEqualTo(w);
                    assertThat(win.isEmpty()).isEqualTo(w.isEmpty());
                }
                default -> {
                    if (random.nextInt(6) == 0) {
                        win.clear();
                        w.clear();
                    } else {
                        assertThat(win.get(userKey)).isEqualTo(w.get(userKey));
                    }
                }
            }
        }

        void check(RocksDBKeyedStateBackend<Long> b, String when) throws Exception {
            for (long key = -50; key < 250; key++) {
                b.setCurrentKey(key);
                assertThat(b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, VALUE).value())
                        .as("value of %d %s", key, when).isEqualTo(values.get(key));
                Iterable<Long> list = b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, LIST).get();
                assertThat(list).as("list of %d %s", key, when).containsExactlyElementsOf(lists.getOrDefault(key, List.of()));
                assertThat(entries(b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, MAP)))
                        .as("map of %d %s", key, when).isEqualTo(maps.getOrDefault(key, new TreeMap<>()));
                for (long window = 0; window < 4; window++) {
                    TreeMap<Long, Long> expected = windows.getOrDefault(key, Map.of()).getOrDefault(window, new TreeMap<>());
                    assertThat(entries(b.getPartitionedState(window, LongSerializer.INSTANCE, WINDOWS)))
                            .as("window %d of %d %s", window, key, when).isEqualTo(expected);
                }
            }
            TreeSet<Long> valueKeys = new TreeSet<>(values.keySet());
            TreeSet<Long> valueKeysRead = b.getKeys("value", VoidNamespace.INSTANCE).collect(Collectors.toCollection(TreeSet::new));
            assertThat(valueKeysRead)
                    .as("keys of the value state %s", when).isEqualTo(valueKeys);
            TreeSet<Long> mapKeys = maps.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey)
                    .collect(Collectors.toCollection(TreeSet::new));
            TreeSet<Long> mapKeysRead = b.getKeys("map", VoidNamespace.INSTANCE).collect(Collectors.toCollection(TreeSet::new));
            assertThat(mapKeysRead)
                    .as("keys of the map state %s", when).isEqualTo(mapKeys);
        }

        static <UK extends Comparable<UK>, UV> TreeMap<UK, UV> entries(MapState<UK, UV> map) throws Exception {
            TreeMap<UK, UV> seen = new TreeMap<>();
            for (Map.Entry<UK, UV> e : map.entries()) {
                assertThat(seen.put(e.getKey(), e.getValue())).as("entry %s seen twice", e.getKey()).isNull();
            }
            return seen;
        }
    }
}
