package io.cairn.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.serialization.IntSerializer;
import io.cairn.serialization.StringSerializer;
import io.cairn.state.AggregateFunction;
import io.cairn.state.AggregatingStateDescriptor;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ReducingStateDescriptor;
import io.cairn.state.State;
import io.cairn.state.StateDescriptor;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.keyed.KeyedBackends;
import io.cairn.state.keyed.KeyedStateBackend;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Deterministic state of every kind for keys {@code 0..keys-1}, with namespaces, empty strings, null
 * map values and one map larger than an iterator batch: written into any backend, then checked
 * value by value and key group by key group.
 */
final class AllKindsData {

    static final ValueStateDescriptor<Long> COUNT = new ValueStateDescriptor<>("count", Long.class);
    static final ListStateDescriptor<String> LIST = new ListStateDescriptor<>("list", String.class);
    static final MapStateDescriptor<String, Long> MAP = new MapStateDescriptor<>("map", String.class, Long.class);
    static final ReducingStateDescriptor<Long> SUM = new ReducingStateDescriptor<>("sum", Long::sum, Long.class);
    static final ValueStateDescriptor<Long> WINDOWED = new ValueStateDescriptor<>("windowed", Long.class);
    static final MapStateDescriptor<String, String> WINDOWED_MAP =
            new MapStateDescriptor<>("windowed-map", String.class, String.class);

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

    static final AggregatingStateDescriptor<Long, Avg, Double> AVG = new AggregatingStateDescriptor<>("avg", AVERAGE, Avg.class);

    /** The key with a map of 300 entries, more than two iterator batches. */
    static final long BIG_MAP_KEY = 7;

    private AllKindsData() {}

    static <S extends State> S state(KeyedStateBackend<Long> b, StateDescriptor<S, ?> d) {
        return stateOf(b, d);
    }

    static <S extends State> S stateOf(KeyedStateBackend<?> b, StateDescriptor<S, ?> d) {
        return b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, d);
    }

    static List<String> expectedList(long k) {
        if (k % 5 == 0) {
            return List.of();
        }
        List<String> list = new ArrayList<>();
        for (int i = 0; i <= k % 4; i++) {
            list.add(i == 1 ? "" : "e" + k + "-" + i);
        }
        return list;
    }

    static Map<String, Long> expectedMap(long k) {
        Map<String, Long> map = new HashMap<>();
        if (k % 3 == 0) {
            return map;
        }
        int size = k == BIG_MAP_KEY ? 300 : (int) (k % 7);
        for (int i = 0; i < size; i++) {
            map.put("u" + i, k + i);
        }
        if (k % 2 == 0) {
            map.put("null", null);
        }
        return map;
    }

    static String namespaceOf(long k) {
        return "ns-" + (k % 3);
    }

    static Map<String, String> expectedWindowedMap(long k, int ns) {
        return k % 4 == ns ? Map.of("x", "v" + k, "y", "w" + k) : Map.of();
    }

    /** Writes every state for keys {@code 0..keys-1}. */
    static void write(KeyedBackends<Long> backends, int keys) {
        for (long k = 0; k < keys; k++) {
            KeyedStateBackend<Long> b = backends.at(k);
            state(b, COUNT).update(k * 3);
            List<String> list = expectedList(k);
            for (int i = 0; i < list.size(); i++) {
                if (i % 2 == 0) {
                    state(b, LIST).add(list.get(i));
                } else {
                    state(b, LIST).addAll(List.of(list.get(i)));
                }
            }
            MapState<String, Long> map = state(b, MAP);
            map.putAll(expectedMap(k));
            if (k % 3 == 0) {
                map.put("gone", 1L);
                map.remove("gone");
            }
            state(b, SUM).add(k);
            state(b, SUM).add(1L);
            state(b, AVG).add(k);
            state(b, AVG).add(k + 2);
            b.getPartitionedState(namespaceOf(k), StringSerializer.INSTANCE, WINDOWED).update(k + 100);
            int ns = (int) (k % 4);
            b.getPartitionedState(ns, IntSerializer.INSTANCE, WINDOWED_MAP).putAll(expectedWindowedMap(k, ns));
        }
    }

    /** Checks every value of every key, and that each backend holds exactly the keys of its key groups. */
    static void check(KeyedBackends<Long> backends, int keys, int maxParallelism) {
        for (long k = 0; k < keys; k++) {
            KeyedStateBackend<Long> b = backends.at(k);
            assertThat(state(b, COUNT).value()).as("count of %d", k).isEqualTo(k * 3);
            assertThat(state(b, LIST).get()).as("list of %d", k).containsExactlyElementsOf(expectedList(k));
            Map<String, Long> map = new HashMap<>();
            for (Map.Entry<String, Long> e : state(b, MAP).entries()) {
                map.put(e.getKey(), e.getValue());
            }
            assertThat(map).as("map of %d", k).isEqualTo(expectedMap(k));
            assertThat(state(b, MAP).isEmpty()).isEqualTo(expectedMap(k).isEmpty());
            assertThat(state(b, SUM).get()).as("sum of %d", k).isEqualTo(k + 1);
            assertThat(state(b, AVG).get()).as("avg of %d", k).isEqualTo((double) k + 1);
            for (int ns = 0; ns < 3; ns++) {
                Long v = b.getPartitionedState("ns-" + ns, StringSerializer.INSTANCE, WINDOWED).value();
                assertThat(v).as("windowed of %d in ns-%d", k, ns).isEqualTo(namespaceOf(k).equals("ns-" + ns) ? k + 100 : null);
            }
            for (int ns = 0; ns < 4; ns++) {
                Map<String, String> wm = new HashMap<>();
                for (Map.Entry<String, String> e : b.getPartitionedState(ns, IntSerializer.INSTANCE, WINDOWED_MAP).entries()) {
                    wm.put(e.getKey(), e.getValue());
                }
                assertThat(wm).as("windowed map of %d in %d", k, ns).isEqualTo(expectedWindowedMap(k, ns));
            }
        }
        for (KeyedStateBackend<Long> b : backends.all()) {
            Set<Long> expectedCount = new TreeSet<>();
            Set<Long> expectedMapKeys = new TreeSet<>();
            Set<Long> expectedInNs1 = new TreeSet<>();
            for (long k = 0; k < keys; k++) {
                if (b.getKeyGroupRange().contains(KeyGroupRangeAssignment.assignToKeyGroup(k, maxParallelism))) {
                    expectedCount.add(k);
                    if (!expectedMap(k).isEmpty()) {
                        expectedMapKeys.add(k);
                    }
                    if (k % 4 == 1) {
                        expectedInNs1.add(k);
                    }
                }
            }
            // lists, not sets: every key must be listed exactly once
            assertThat(b.getKeys("count", VoidNamespace.INSTANCE).collect(Collectors.toList()))
                    .as("keys of %s", b.getKeyGroupRange()).containsExactlyInAnyOrderElementsOf(expectedCount);
            assertThat(b.getKeys("map", VoidNamespace.INSTANCE).collect(Collectors.toList()))
                    .as("map keys of %s", b.getKeyGroupRange()).containsExactlyInAnyOrderElementsOf(expectedMapKeys);
            assertThat(b.getKeys("windowed-map", 1).collect(Collectors.toList()))
                    .as("windowed map keys of %s", b.getKeyGroupRange()).containsExactlyInAnyOrderElementsOf(expectedInNs1);
        }
    }
}
