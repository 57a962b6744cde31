package io.cairn.state.heap;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.checkpoint.storage.MemCheckpointStreamFactory;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.StringSerializer;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ReducingState;
import io.cairn.state.ReducingStateDescriptor;
import io.cairn.state.State;
import io.cairn.state.StateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.backend.StateBackend;
import io.cairn.state.keyed.KeyedBackends;
import io.cairn.state.keyed.KeyedStateBackend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Random operation sequences on every state kind, checked against plain Java maps, with snapshot
 * and restore at a random new parallelism at random points.
 */
class KeyedStateModelProperties {

    static final int KEYS = 30;

    static final ValueStateDescriptor<Long> VALUE = new ValueStateDescriptor<>("value", Long.class);
    static final ListStateDescriptor<Long> LIST = new ListStateDescriptor<>("list", Long.class);
    static final MapStateDescriptor<String, Long> MAP = new MapStateDescriptor<>("map", String.class, Long.class);
    static final ReducingStateDescriptor<Long> SUM = new ReducingStateDescriptor<>("sum", Long::sum, Long.class);
    static final ValueStateDescriptor<Long> WINDOWED = new ValueStateDescriptor<>("windowed", Long.class);

    StateBackend stateBackend() {
        return new HashMapStateBackend();
    }

    sealed interface Op permits SetValue, ClearValue, AddList, UpdateList, PutMap, RemoveMap, AddSum, SetNs, ClearNs, Rescale {}

    record SetValue(long key, long value) implements Op {}

    record ClearValue(long key) implements Op {}

    record AddList(long key, long value) implements Op {}

    record UpdateList(long key, List<Long> values) implements Op {}

    record PutMap(long key, String userKey, long value) implements Op {}

    record RemoveMap(long key, String userKey) implements Op {}

    record AddSum(long key, long value) implements Op {}

    record SetNs(long key, String namespace, long value) implements Op {}

    record ClearNs(long key, String namespace) implements Op {}

    record Rescale(int parallelism) implements Op {}

    /** The reference model. */
    static final class Model {
        final Map<Long, Long> values = new HashMap<>();
        final Map<Long, List<Long>> lists = new HashMap<>();
        final Map<Long, Map<String, Long>> maps = new HashMap<>();
        final Map<Long, Long> sums = new HashMap<>();
        final Map<String, Long> windowed = new HashMap<>();

        void apply(Op op) {
            if (op instanceof SetValue o) {
                values.put(o.key(), o.value());
            } else if (op instanceof ClearValue o) {
                values.remove(o.key());
            } else if (op instanceof AddList o) {
                lists.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(o.value());
            } else if (op instanceof UpdateList o) {
                if (o.values().isEmpty()) {
                    lists.remove(o.key());
                } else {
                    lists.put(o.key(), new ArrayList<>(o.values()));
                }
            } else if (op instanceof PutMap o) {
                maps.computeIfAbsent(o.key(), k -> new HashMap<>()).put(o.userKey(), o.value());
            } else if (op instanceof RemoveMap o) {
                Map<String, Long> m = maps.get(o.key());
                if (m != null) {
                    m.remove(o.userKey());
                    if (m.isEmpty()) {
                        maps.remove(o.key());
                    }
                }
            } else if (op instanceof AddSum o) {
                sums.merge(o.key(), o.value(), Long::sum);
            } else if (op instanceof SetNs o) {
                windowed.put(o.key() + "/" + o.namespace(), o.value());
            } else if (op instanceof ClearNs o) {
                windowed.remove(o.key() + "/" + o.namespace());
            }
        }
    }

    private static <S extends State> S state(KeyedStateBackend<Long> b, StateDescriptor<S, ?> d) {
        return b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, d);
    }

    private static void applyToBackend(KeyedBackends<Long> backends, Op op) {
        if (op instanceof SetValue o) {
            ValueState<Long> s = state(backends.at(o.key()), VALUE);
            s.update(o.value());
        } else if (op instanceof ClearValue o) {
            state(backends.at(o.key()), VALUE).clear();
        } else if (op instanceof AddList o) {
            state(backends.at(o.key()), LIST).add(o.value());
        } else if (op instanceof UpdateList o) {
            state(backends.at(o.key()), LIST).update(o.values());
        } else if (op instanceof PutMap o) {
            state(backends.at(o.key()), MAP).put(o.userKey(), o.value());
        } else if (op instanceof RemoveMap o) {
            state(backends.at(o.key()), MAP).remove(o.userKey());
        } else if (op instanceof AddSum o) {
            state(backends.at(o.key()), SUM).add(o.value());
        } else if (op instanceof SetNs o) {
            backends.at(o.key()).getPartitionedState(o.namespace(), StringSerializer.INSTANCE, WINDOWED).update(o.value());
        } else if (op instanceof ClearNs o) {
            backends.at(o.key()).getPartitionedState(o.namespace(), StringSerializer.INSTANCE, WINDOWED).clear();
        }
    }

    private static void checkKey(KeyedBackends<Long> backends, Model model, long key) {
        KeyedStateBackend<Long> b = backends.at(key);
        assertThat(state(b, VALUE).value()).as("value of %d", key).isEqualTo(model.values.get(key));
        ListState<Long> list = state(b, LIST);
        assertThat(list.get()).as("list of %d", key).containsExactlyElementsOf(model.lists.getOrDefault(key, List.of()));
        MapState<String, Long> map = state(b, MAP);
        Map<String, Long> actual = new HashMap<>();
        map.entries().forEach(e -> actual.put(e.getKey(), e.getValue()));
        assertThat(actual).as("map of %d", key).isEqualTo(model.maps.getOrDefault(key, Map.of()));
        ReducingState<Long> sum = state(b, SUM);
        assertThat(sum.get()).as("sum of %d", key).isEqualTo(model.sums.get(key));
        for (String ns : List.of("x", "y")) {
            assertThat(b.getPartitionedState(ns, StringSerializer.INSTANCE, WINDOWED).value())
                    .as("windowed %d/%s", key, ns).isEqualTo(model.windowed.get(key + "/" + ns));
        }
    }

    @Property(tries = 80)
    void backendBehavesLikeTheModelAcrossRescales(
            @ForAll("operations") List<Op> ops,
            @ForAll @IntRange(min = 1, max = 5) int parallelism,
            @ForAll("maxParallelisms") int maxParallelism)
            throws Exception {
        Model model = new Model();
        MemCheckpointStreamFactory factory = new MemCheckpointStreamFactory(16 << 20);
        KeyedBackends<Long> backends =
                KeyedBackends.create(stateBackend(), LongSerializer.INSTANCE, maxParallelism, Math.min(parallelism, maxParallelism), List.of());
        // register every state up front so that snapshots carry them all
        for (KeyedStateBackend<Long> b : backends.all()) {
            state(b, VALUE);
        }
        long checkpointId = 0;
        try {
            for (Op op : ops) {
                if (op instanceof Rescale r) {
                    backends = backends.rescale(++checkpointId, factory, Math.min(r.parallelism(), maxParallelism));
                    for (long k = 0; k < KEYS; k++) {
                        checkKey(backends, model, k);
                    }
                    continue;
                }
                model.apply(op);
                applyToBackend(backends, op);
            }
            for (long k = 0; k < KEYS; k++) {
                checkKey(backends, model, k);
            }
        } finally {
            backends.close();
        }
    }

    /** One key group puts all keys in one map (long probe runs); 128 spreads them thin. */
    @Provide
    Arbitrary<Integer> maxParallelisms() {
        return Arbitraries.of(1, 3, 128);
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Long> keys = Arbitraries.longs().between(0, KEYS - 1);
        Arbitrary<Long> values = Arbitraries.longs().between(-1000, 1000);
        Arbitrary<String> userKeys = Arbitraries.of("a", "b", "c");
        Arbitrary<String> namespaces = Arbitraries.of("x", "y");
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(5, Combinators.combine(keys, values).as(SetValue::new)),
                Tuple.of(2, keys.map(ClearValue::new)),
                Tuple.of(4, Combinators.combine(keys, values).as(AddList::new)),
                Tuple.of(1, Combinators.combine(keys, values.list().ofMaxSize(3)).as(UpdateList::new)),
                Tuple.of(4, Combinators.combine(keys, userKeys, values).as(PutMap::new)),
                Tuple.of(2, Combinators.combine(keys, userKeys).as(RemoveMap::new)),
                Tuple.of(3, Combinators.combine(keys, values).as(AddSum::new)),
                Tuple.of(3, Combinators.combine(keys, namespaces, values).as(SetNs::new)),
                Tuple.of(1, Combinators.combine(keys, namespaces).as(ClearNs::new)),
                Tuple.of(1, Arbitraries.integers().between(1, 6).map(Rescale::new)));
        return op.list().ofMinSize(1).ofMaxSize(120);
    }
}
