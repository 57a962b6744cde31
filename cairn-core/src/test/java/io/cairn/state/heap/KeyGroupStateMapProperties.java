package io.cairn.state.heap;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.serialization.ListSerializer;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.StringSerializer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The heap map against {@link HashMap}: random puts and removes on a small key space (long probe
 * runs, backward-shift deletion across segment boundaries, resizes), with copy-on-write views taken
 * at random points that must keep showing the content of their moment.
 */
class KeyGroupStateMapProperties {

    /** Keys with deliberately colliding hash codes, so probe runs are long. */
    record BadKey(int id) {
        @Override
        public int hashCode() {
            return id % 7;
        }
    }

    @Property(tries = 200)
    void behavesLikeAHashMapAndViewsStayFrozen(@ForAll("ops") List<int[]> ops) throws Exception {
        StateVersions versions = new StateVersions();
        KeyGroupStateMap<Object, String, Long> map = new ObjectKeyGroupStateMap<>(versions, false, LongSerializer.INSTANCE);
        Map<String, Long> model = new HashMap<>();
        List<KeyGroupStateMap.View<Object, String, Long>> views = new ArrayList<>();
        List<Map<String, Long>> expectedViews = new ArrayList<>();
        List<Integer> retained = new ArrayList<>();
        for (int[] op : ops) {
            int kind = op[0];
            Object key = op[1] % 2 == 0 ? (Object) (long) op[1] : new BadKey(op[1]);
            String ns = op[2] % 2 == 0 ? "a" : "b";
            String id = key + "/" + ns;
            int slot = map.find(key, key.hashCode(), ns);
            if (kind < 5) {
                long v = op[3];
                if (slot >= 0) {
                    map.setValueAt(slot, v);
                } else {
                    map.insert(slot, key, key.hashCode(), ns, v);
                }
                model.put(id, v);
            } else if (kind < 8) {
                if (slot >= 0) {
                    map.removeAt(slot);
                }
                model.remove(id);
            } else if (kind == 8) {
                retained.add(versions.retainSnapshot());
                views.add(map.view());
                expectedViews.add(new HashMap<>(model));
            } else if (!retained.isEmpty()) {
                versions.release(retained.remove(0));
                views.remove(0);
                expectedViews.remove(0);
            }
            assertThat(map.size()).isEqualTo(model.size());
        }
        assertThat(contents(map)).isEqualTo(model);
        for (Map.Entry<String, Long> e : model.entrySet()) {
            String[] parts = e.getKey().split("/");
            Object key = findKey(map, parts[0]);
            assertThat(map.valueAt(map.find(key, key.hashCode(), parts[1]))).isEqualTo(e.getValue());
        }
        for (int i = 0; i < views.size(); i++) {
            Map<String, Long> seen = new HashMap<>();
            views.get(i).forEach((k, n, v) -> seen.put(k + "/" + n, v));
            assertThat(seen).as("view %d", i).isEqualTo(expectedViews.get(i));
            assertThat(views.get(i).size).isEqualTo(expectedViews.get(i).size());
        }
    }

    private static Object findKey(KeyGroupStateMap<Object, String, Long> map, String printed) {
        Object[] found = new Object[1];
        map.forEach((k, n, v) -> {
            if (k.toString().equals(printed)) {
                found[0] = k;
            }
        });
        return found[0];
    }

    private static Map<String, Long> contents(KeyGroupStateMap<Object, String, Long> map) {
        Map<String, Long> result = new HashMap<>();
        map.forEach((k, n, v) -> result.put(k + "/" + n, v));
        return result;
    }

    /**
     * The long layout against {@link HashMap}, with the out-of-table key {@link Long#MIN_VALUE}, keys
     * near the extremes, and keys spaced by a power of two (whose Fibonacci homes collide when the
     * table is small), with frozen views that must keep their content and answer lookups.
     */
    @Property(tries = 200)
    void longLayoutBehavesLikeAHashMapAndViewsStayFrozen(@ForAll("ops") List<int[]> ops) {
        StateVersions versions = new StateVersions();
        KeyGroupStateMap<Long, Object, Long> map = KeyGroupStateMap.create(
                versions, true, LongSerializer.INSTANCE, LongSerializer.INSTANCE);
        assertThat(map).isInstanceOf(LongKeyGroupStateMap.class);
        checkLongKeyedMap(versions, map, ops);
    }

    /** The same for the long-key, object-value layout (here with immutable values). */
    @Property(tries = 200)
    void longKeyObjectLayoutBehavesLikeAHashMapAndViewsStayFrozen(@ForAll("ops") List<int[]> ops) {
        StateVersions versions = new StateVersions();
        checkLongKeyedMap(versions, new LongKeyObjectStateMap<>(versions, LongSerializer.INSTANCE), ops);
    }

    private static void checkLongKeyedMap(StateVersions versions, KeyGroupStateMap<Long, Object, Long> map, List<int[]> ops) {
        Map<Long, Long> model = new HashMap<>();
        List<KeyGroupStateMap.View<Long, Object, Long>> views = new ArrayList<>();
        List<Map<Long, Long>> expectedViews = new ArrayList<>();
        List<Integer> retained = new ArrayList<>();
        for (int[] op : ops) {
            long key = longKey(op[1]);
            int slot = map.find(key, Long.hashCode(key), null);
            assertThat(slot >= 0).isEqualTo(model.containsKey(key));
            if (op[0] < 5) {
                long v = op[3] - 500L;
                if (slot >= 0) {
                    assertThat(map.valueAt(slot)).isEqualTo(model.get(key));
                    map.setValueAt(slot, v);
                } else {
                    int at = map.insert(slot, key, Long.hashCode(key), null, v);
                    assertThat(map.valueAt(at)).isEqualTo(v);
                }
                model.put(key, v);
            } else if (op[0] < 8) {
                if (slot >= 0) {
                    map.removeAt(slot);
                }
                model.remove(key);
            } else if (op[0] == 8) {
                retained.add(versions.retainSnapshot());
                views.add(map.view());
                expectedViews.add(new HashMap<>(model));
            } else if (!retained.isEmpty()) {
                versions.release(retained.remove(0));
                views.remove(0);
                expectedViews.remove(0);
            }
            assertThat(map.size()).isEqualTo(model.size());
        }
        Map<Long, Long> live = new HashMap<>();
        map.forEach((k, n, v) -> assertThat(live.put(k, v)).isNull());
        assertThat(live).isEqualTo(model);
        for (int i = 0; i < views.size(); i++) {
            KeyGroupStateMap.View<Long, Object, Long> view = views.get(i);
            Map<Long, Long> expected = expectedViews.get(i);
            Map<Long, Long> seen = new HashMap<>();
            view.forEach((k, n, v) -> seen.put(k, v));
            assertThat(seen).as("view %d", i).isEqualTo(expected);
            assertThat(view.size).isEqualTo(expected.size());
            for (int id = 0; id < 600; id += 7) {
                assertThat(view.get(longKey(id), null)).as("view %d key %d", i, longKey(id)).isEqualTo(expected.get(longKey(id)));
            }
        }
    }

    /** Maps 0..599 onto keys with extremes, negatives and power-of-two spacing. */
    private static long longKey(int id) {
        switch (id % 5) {
            case 0:
                return id == 0 ? Long.MIN_VALUE : Long.MIN_VALUE + id;
            case 1:
                return Long.MAX_VALUE - id;
            case 2:
                return -id;
            case 3:
                return (long) id << 40;
            default:
                return id;
        }
    }

    @Property(tries = 50)
    void stateTableMovesLongLayoutMapsToTheGeneralLayoutWhenTheValueSerializerChanges(
            @ForAll("ops") List<int[]> ops) {
        StateVersions versions = new StateVersions();
        StateTable<Long, io.cairn.state.VoidNamespace, Object> table = new StateTable<>("t",
                io.cairn.state.StateDescriptor.Type.VALUE, 0, io.cairn.state.VoidNamespaceSerializer.INSTANCE,
                castSerializer(LongSerializer.INSTANCE), io.cairn.state.keygroup.KeyGroupRange.of(0, 0),
                LongSerializer.INSTANCE, versions);
        table.trackChanges();
        Map<Long, Long> model = new HashMap<>();
        for (int[] op : ops) {
            long key = longKey(op[1]);
            if (op[0] < 6) {
                table.maps[0].put(key, Long.hashCode(key), null, (long) op[3]);
                model.put(key, (long) op[3]);
            }
        }
        assertThat(table.maps[0]).isInstanceOf(LongKeyGroupStateMap.class);
        // any serializer other than LongSerializer (the map does not interpret values)
        table.setValueSerializer(castSerializer(StringSerializer.INSTANCE));
        assertThat(table.maps[0]).isInstanceOf(ObjectKeyGroupStateMap.class);
        Map<Long, Object> live = new HashMap<>();
        table.maps[0].forEach((k, n, v) -> live.put(k, v));
        assertThat(live).isEqualTo(model);
        assertThat(table.maps[0].takeChanges()).containsExactlyInAnyOrderElementsOf(model.keySet());
    }

    @SuppressWarnings("unchecked")
    private static io.cairn.serialization.TypeSerializer<Object> castSerializer(io.cairn.serialization.TypeSerializer<?> s) {
        return (io.cairn.serialization.TypeSerializer<Object>) s;
    }

    @Property(tries = 100)
    void mutableValuesAreCopiedBeforeInPlaceUpdatesWhileAViewIsLive(@ForAll("ops") List<int[]> ops) throws Exception {
        StateVersions versions = new StateVersions();
        checkMutableValues(versions, new ObjectKeyGroupStateMap<>(versions, true, new ListSerializer<>(StringSerializer.INSTANCE)), ops);
    }

    @Property(tries = 100)
    void longKeyObjectLayoutCopiesMutableValuesWhileAViewIsLive(@ForAll("ops") List<int[]> ops) throws Exception {
        StateVersions versions = new StateVersions();
        KeyGroupStateMap<Long, Object, List<String>> map = KeyGroupStateMap.create(
                versions, true, LongSerializer.INSTANCE, new ListSerializer<>(StringSerializer.INSTANCE));
        assertThat(map).isInstanceOf(LongKeyObjectStateMap.class);
        checkMutableValues(versions, map, ops);
    }

    private static void checkMutableValues(
            StateVersions versions, KeyGroupStateMap<Long, Object, List<String>> map, List<int[]> ops) throws Exception {
        Map<Long, List<String>> model = new HashMap<>();
        KeyGroupStateMap.View<Long, Object, List<String>> view = null;
        Map<Long, List<String>> expected = null;
        for (int[] op : ops) {
            long key = longKey(op[1]);
            int slot = map.find(key, Long.hashCode(key), null);
            if (op[0] == 8 && view == null) {
                versions.retainSnapshot();
                view = map.view();
                expected = deepCopy(model);
            } else if (op[0] < 6) {
                String element = "e" + op[3];
                if (slot >= 0) {
                    map.valueForUpdate(slot).add(element);
                } else {
                    List<String> l = new ArrayList<>();
                    l.add(element);
                    map.insert(slot, key, Long.hashCode(key), null, l);
                }
                model.computeIfAbsent(key, k -> new ArrayList<>()).add(element);
            } else if (slot >= 0) {
                map.removeAt(slot);
                model.remove(key);
            }
        }
        Map<Long, List<String>> live = new HashMap<>();
        map.forEach((k, n, v) -> live.put(k, v));
        assertThat(live).isEqualTo(model);
        if (view != null) {
            Map<Long, List<String>> seen = new HashMap<>();
            view.forEach((k, n, v) -> seen.put(k, v));
            assertThat(seen).isEqualTo(expected);
        }
    }

    private static Map<Long, List<String>> deepCopy(Map<Long, List<String>> m) {
        Map<Long, List<String>> copy = new HashMap<>();
        m.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
        return copy;
    }

    /** {kind 0..9, key 0..599, namespace bit, value}: kinds 0-4 put, 5-7 remove, 8 view, 9 release. */
    @Provide
    Arbitrary<List<int[]>> ops() {
        Arbitrary<int[]> op = Arbitraries.integers().between(0, 9).flatMap(kind -> Arbitraries.integers()
                .between(0, 599)
                .flatMap(key -> Arbitraries.integers().between(0, 1_000).map(v -> new int[] {kind, key, v % 2, v})));
        return op.list().ofMaxSize(1_500);
    }
}
