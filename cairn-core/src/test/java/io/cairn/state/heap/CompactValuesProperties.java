package io.cairn.state.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.ListSerializer;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.MapSerializer;
import io.cairn.serialization.StringSerializer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The compact stored values of heap {@code ListState<Long>}, {@code MapState<Long, Long>} and
 * {@code MapState<String, Long>} against
 * {@link ArrayList} and {@link HashMap}: random operations including removal through iterators,
 * {@code setValue} through entries, null map values, copies that stay independent, and the
 * serialized form, which must equal the boxed collections'.
 */
class CompactValuesProperties {

    @Property(tries = 300)
    void longArrayListBehavesLikeAnArrayList(@ForAll("ops") List<int[]> ops) throws Exception {
        LongArrayList list = new LongArrayList(1);
        List<Long> model = new ArrayList<>();
        LongArrayList copy = null;
        List<Long> copyModel = null;
        for (int[] op : ops) {
            // mostly int-sized values; now and then one that widens the list to long[]
            long v = op[2] % 29 == 0 ? ((long) op[1] << 33) - 7 : op[1] - 50L;
            int size = model.size();
            switch (op[0]) {
                case 0, 1, 2 -> {
                    list.add(v);
                    model.add(v);
                }
                case 3 -> {
                    int at = size == 0 ? 0 : op[2] % (size + 1);
                    list.add(at, v);
                    model.add(at, v);
                }
                case 4 -> {
                    if (size > 0) {
                        int at = op[2] % size;
                        assertThat(list.remove(at)).isEqualTo(model.remove(at));
                    }
                }
                case 5 -> {
                    if (size > 0) {
                        int at = op[2] % size;
                        assertThat(list.set(at, v)).isEqualTo(model.set(at, v));
                    }
                }
                case 6 -> {
                    Iterator<Long> it = list.iterator();
                    Iterator<Long> mit = model.iterator();
                    while (it.hasNext()) {
                        assertThat(it.next()).isEqualTo(mit.next());
                        if ((op[1] & 1) == 0) {
                            it.remove();
                            mit.remove();
                        }
                        op[1] >>>= 1;
                    }
                    assertThat(mit.hasNext()).isFalse();
                }
                case 7 -> {
                    List<Long> added = List.of(v, v + 1, v + 2);
                    list.addAll(added);
                    model.addAll(added);
                }
                case 8 -> {
                    copy = list.copy();
                    copyModel = new ArrayList<>(model);
                }
                default -> {
                    if (op[1] % 10 == 0) {
                        list.clear();
                        model.clear();
                    }
                }
            }
            assertThat(list.size()).isEqualTo(model.size());
        }
        assertThat(list).isEqualTo(model);
        assertThat(list.hashCode()).isEqualTo(model.hashCode());
        if (copy != null) {
            assertThat(copy).isEqualTo(copyModel);
        }
        ListSerializer<Long> serializer = new ListSerializer<>(LongSerializer.INSTANCE);
        assertThat(bytes(serializer, list)).isEqualTo(bytes(serializer, model));
    }

    @Property(tries = 300)
    void longLongHashMapBehavesLikeAHashMap(@ForAll("ops") List<int[]> ops) throws Exception {
        LongLongHashMap map = new LongLongHashMap(0);
        Map<Long, Long> model = new HashMap<>();
        LongLongHashMap copy = null;
        Map<Long, Long> copyModel = null;
        for (int[] op : ops) {
            // keys near 0 and near both long markers, now and then near the int markers (which force
            // the long layout); values mostly int-sized, now and then not
            long base = (op[1] & 64) == 0 ? 0 : Long.MIN_VALUE;
            if (op[1] % 97 == 0) {
                base = Integer.MIN_VALUE + 20L;
            }
            long k = (op[1] % 40) - 20L + base;
            Long v = op[2] % 13 == 0 ? null : op[2] % 31 == 0 ? (Long) ((long) op[2] << 35) : (Long) (long) op[2];
            switch (op[0]) {
                case 0, 1, 2, 3 -> assertThat(map.put(k, v)).isEqualTo(model.put(k, v));
                case 4, 5 -> assertThat(map.remove(k)).isEqualTo(model.remove(k));
                case 6 -> {
                    Iterator<Map.Entry<Long, Long>> it = map.entrySet().iterator();
                    while (it.hasNext()) {
                        Map.Entry<Long, Long> e = it.next();
                        assertThat(model).containsEntry(e.getKey(), e.getValue());
                        if ((op[2] & 1) == 0) {
                            it.remove();
                            model.remove(e.getKey());
                        } else if ((op[2] & 2) == 0) {
                            e.setValue((long) op[1]);
                            model.put(e.getKey(), (long) op[1]);
                        }
                        op[2] >>>= 2;
                    }
                }
                case 7 -> {
                    assertThat(map.get(k)).isEqualTo(model.get(k));
                    assertThat(map.containsKey(k)).isEqualTo(model.containsKey(k));
                }
                case 8 -> {
                    copy = map.copy();
                    copyModel = new HashMap<>(model);
                }
                default -> {
                    if (op[1] % 10 == 0) {
                        map.clear();
                        model.clear();
                    }
                }
            }
            assertThat(map.size()).isEqualTo(model.size());
        }
        assertThat(map).isEqualTo(model);
        assertThat(model).isEqualTo(map);
        assertThat(map.hashCode()).isEqualTo(model.hashCode());
        assertThat(map.keySet()).isEqualTo(model.keySet());
        if (copy != null) {
            assertThat(copy).isEqualTo(copyModel);
        }
        MapSerializer<Long, Long> serializer = new MapSerializer<>(LongSerializer.INSTANCE, LongSerializer.INSTANCE);
        Map<Long, Long> roundTrip = serializer.deserialize(new DataInputDeserializer(bytes(serializer, map)));
        assertThat(roundTrip).isEqualTo(model);
    }

    @Property(tries = 300)
    void objectLongHashMapBehavesLikeAHashMap(@ForAll("ops") List<int[]> ops) throws Exception {
        ObjectLongHashMap<String> map = new ObjectLongHashMap<>(0);
        Map<String, Long> model = new HashMap<>();
        ObjectLongHashMap<String> copy = null;
        Map<String, Long> copyModel = null;
        for (int[] op : ops) {
            // a few dozen keys, among them strings of equal hash codes ("Aa" and "BB" hash alike, so
            // do their concatenations), and equal keys that are not the same object
            String k = COLLIDING[op[1] % COLLIDING.length] + (op[1] % 11 == 0 ? "" : new String("k" + (op[1] % 23)));
            Long v = op[2] % 13 == 0 ? null : op[2] % 31 == 0 ? (Long) ((long) op[2] << 35) : (Long) (long) -op[2];
            switch (op[0]) {
                case 0, 1, 2, 3 -> assertThat(map.put(k, v)).isEqualTo(model.put(k, v));
                case 4, 5 -> assertThat(map.remove(k)).isEqualTo(model.remove(k));
                case 6 -> {
                    Iterator<Map.Entry<String, Long>> it = map.entrySet().iterator();
                    while (it.hasNext()) {
                        Map.Entry<String, Long> e = it.next();
                        assertThat(model).containsEntry(e.getKey(), e.getValue());
                        if ((op[2] & 1) == 0) {
                            it.remove();
                            model.remove(e.getKey());
                        } else if ((op[2] & 2) == 0) {
                            e.setValue((long) op[1]);
                            model.put(e.getKey(), (long) op[1]);
                        }
                        op[2] >>>= 2;
                    }
                }
                case 7 -> {
                    assertThat(map.get(k)).isEqualTo(model.get(k));
                    assertThat(map.containsKey(k)).isEqualTo(model.containsKey(k));
                }
                case 8 -> {
                    copy = map.copy();
                    copyModel = new HashMap<>(model);
                }
                default -> {
                    if (op[1] % 10 == 0) {
                        map.clear();
                        model.clear();
                    }
                }
            }
            assertThat(map.size()).isEqualTo(model.size());
        }
        assertThat(map).isEqualTo(model);
        assertThat(model).isEqualTo(map);
        assertThat(map.hashCode()).isEqualTo(model.hashCode());
        assertThat(map.keySet()).isEqualTo(model.keySet());
        if (copy != null) {
            assertThat(copy).isEqualTo(copyModel);
        }
        MapSerializer<String, Long> serializer = new MapSerializer<>(StringSerializer.INSTANCE, LongSerializer.INSTANCE);
        Map<String, Long> roundTrip = serializer.deserialize(new DataInputDeserializer(bytes(serializer, map)));
        assertThat(roundTrip).isEqualTo(model);
    }

    /** Prefixes of equal hash codes: "Aa" and "BB" hash alike, and so do strings built from them. */
    private static final String[] COLLIDING = {"", "Aa", "BB", "AaAa", "AaBB", "BBAa", "BBBB"};

    @Test
    void anObjectLongHashMapGrowsFromOneEntryAndSkipsTombstones() {
        ObjectLongHashMap<String> map = new ObjectLongHashMap<>(1);
        assertThat(map.capacity()).as("one entry, no table").isEqualTo(1);
        map.put("count", 1L);
        assertThat(map.capacity()).isEqualTo(1);
        map.put("sum", 2L);
        assertThat(map.capacity()).isEqualTo(4);
        // many removals and re-insertions reuse tombstones instead of growing the table
        for (int i = 0; i < 1_000; i++) {
            map.put("k" + i, (long) i);
            map.remove("k" + i);
        }
        assertThat(map).containsOnly(Map.entry("count", 1L), Map.entry("sum", 2L));
        assertThat(map.capacity()).isLessThanOrEqualTo(8);
    }

    @Test
    void anObjectLongHashMapOfOneEntryKeepsItInlineThroughCopiesNullsRemovalsAndClear() {
        ObjectLongHashMap<String> map = new ObjectLongHashMap<>(1);
        assertThat(map).isEmpty();
        assertThat(map.put("count", 1L)).isNull();
        assertThat(map.put(new String("count"), 5L)).as("an equal key replaces the value").isEqualTo(1L);
        ObjectLongHashMap<String> copy = map.copy();
        map.put("count", 6L);
        assertThat(copy).containsExactly(Map.entry("count", 5L));
        assertThat(map).containsExactly(Map.entry("count", 6L));
        assertThat(map.put("count", null)).isEqualTo(6L);
        assertThat(map.get("count")).isNull();
        assertThat(map.containsKey("count")).isTrue();
        assertThat(map.capacity()).isEqualTo(1);
        // the second key moves the entry (and its null value) into a table
        map.put("sum", 2L);
        assertThat(map.capacity()).isEqualTo(4);
        assertThat(map).containsOnlyKeys("count", "sum").containsEntry("count", null).containsEntry("sum", 2L);
        map.clear();
        assertThat(map.capacity()).as("clear goes back to one entry, no table").isEqualTo(1);
        map.put("other", 3L);
        Iterator<Map.Entry<String, Long>> it = map.entrySet().iterator();
        Map.Entry<String, Long> e = it.next();
        assertThat(e.setValue(4L)).isEqualTo(3L);
        assertThat(map.get("other")).isEqualTo(4L);
        it.remove();
        assertThat(it.hasNext()).isFalse();
        assertThat(map).isEmpty();
        assertThat(map.remove("other")).isNull();
    }

    @Test
    void nullsAreRejectedWhereTheStateRejectsThem() {
        assertThatThrownBy(() -> new LongLongHashMap(4).put(null, 1L)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LongArrayList(4).add(null)).isInstanceOf(NullPointerException.class);
        assertThat(new LongLongHashMap(4).get("not a long")).isNull();
        assertThatThrownBy(() -> new ObjectLongHashMap<String>(1).put(null, 1L)).isInstanceOf(NullPointerException.class);
        assertThat(new ObjectLongHashMap<String>(1).get(null)).isNull();
        assertThat(new ObjectLongHashMap<String>(1).get(42)).isNull();
    }

    private static <T> byte[] bytes(io.cairn.serialization.TypeSerializer<T> serializer, T value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    /** {kind 0..9, a 0..1000, b 0..1000}. */
    @Provide
    Arbitrary<List<int[]>> ops() {
        return Arbitraries.integers().between(0, 9).flatMap(kind -> Arbitraries.integers().between(0, 1_000)
                .flatMap(a -> Arbitraries.integers().between(0, 1_000).map(b -> new int[] {kind, a, b})))
                .list().ofMaxSize(400);
    }
}
