package io.cairn.state.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.ListSerializer;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.MapSerializer;
import io.cairn.serialization.StringSerializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.StateDescriptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes of the primitive snapshot path ({@link CompactValues#serialize} and
 * {@link CompactValues#deserialize}) to the serializers' generic path: for random
 * {@link LongArrayList}s (int-sized and widened), {@link LongLongHashMap}s (with the two marker
 * keys, null values and tombstones) and {@link ObjectLongHashMap}s with string keys, the primitive loop writes exactly the bytes
 * {@link ListSerializer}/{@link MapSerializer} over {@link LongSerializer} write for the same object,
 * and reading either back gives the same content in the compact form.
 */
class CompactValueSerializationProperties {

    private static final ListSerializer<Long> LIST = new ListSerializer<>(LongSerializer.INSTANCE);
    private static final MapSerializer<Long, Long> MAP = new MapSerializer<>(LongSerializer.INSTANCE, LongSerializer.INSTANCE);
    private static final MapSerializer<String, Long> STRING_MAP =
            new MapSerializer<>(StringSerializer.INSTANCE, LongSerializer.INSTANCE);

    @Property(tries = 500)
    void listBytesEqualTheSerializers(@ForAll("elements") List<Long> elements, @ForAll boolean removeSome) throws Exception {
        LongArrayList list = new LongArrayList(1);
        for (Long e : elements) {
            list.add(e);
        }
        if (removeSome && !list.isEmpty()) {
            list.remove(list.size() / 2);
        }
        byte[] generic = genericBytes(LIST, list);
        byte[] primitive = primitiveBytes(LIST, list);
        assertThat(primitive).isEqualTo(generic);
        // the boxed list writes the same bytes too: the format does not depend on the layout
        assertThat(genericBytes(LIST, new ArrayList<>(list))).isEqualTo(generic);

        Object read = CompactValues.deserialize(StateDescriptor.Type.LIST, LIST, new DataInputDeserializer(generic));
        assertThat(read).isInstanceOf(LongArrayList.class).isEqualTo(list);
        // the array is the narrowest that holds every element read
        int widest = 1;
        for (Long e : list) {
            widest = Math.max(widest, LongArrayList.widthOf(e));
        }
        assertThat(((LongArrayList) read).width()).isEqualTo(widest);
        assertThat(primitiveBytes(LIST, read)).isEqualTo(generic);
        Object readBack = CompactValues.deserialize(StateDescriptor.Type.LIST, LIST, new DataInputDeserializer(primitive));
        assertThat(readBack).isEqualTo(list);
    }

    @Test
    void aMapLeavesIntModeForTheFirstKeyOrValueOutsideAnInt() throws Exception {
        LongLongHashMap map = new LongLongHashMap(4);
        for (long k = -50; k < 50; k++) {
            map.putLong(k, k * 1000);
        }
        map.put(7L, null);
        map.remove(8L);
        assertThat(map.intMode()).isTrue();
        byte[] before = primitiveBytes(MAP, map);
        Map<Long, Long> model = new HashMap<>(map);
        map.put(Integer.MIN_VALUE + 1L, 1L); // an int, but an int-mode marker: not an int-mode key
        assertThat(map.intMode()).isFalse();
        model.put(Integer.MIN_VALUE + 1L, 1L);
        assertThat(map).isEqualTo(model);
        LongLongHashMap other = new LongLongHashMap(4);
        other.putLong(1, 2);
        Map.Entry<Long, Long> entry = other.entrySet().iterator().next();
        entry.setValue(1L << 40);
        assertThat(other.intMode()).isFalse();
        assertThat(other).containsExactly(Map.entry(1L, 1L << 40));
        // the bytes of a map do not depend on its mode
        LongLongHashMap wide = new LongLongHashMap(4);
        wide.putLong(Long.MAX_VALUE, 0);
        wide.remove(Long.MAX_VALUE);
        for (Map.Entry<Long, Long> e : model.entrySet()) {
            if (e.getKey() != Integer.MIN_VALUE + 1L) {
                wide.put(e.getKey(), e.getValue());
            }
        }
        assertThat(wide.intMode()).isFalse();
        assertThat(MAP.deserialize(new DataInputDeserializer(before)))
                .isEqualTo(MAP.deserialize(new DataInputDeserializer(primitiveBytes(MAP, wide))));
    }

    @Test
    void aListWidensToTheNarrowestWidthThatHoldsAnElement() {
        LongArrayList list = new LongArrayList(1);
        list.add(-128L);
        assertThat(list.width()).isEqualTo(1);
        list.add(1000L);
        assertThat(list.width()).isEqualTo(2);
        list.set(0, 1L << 20);
        assertThat(list.width()).isEqualTo(4);
        list.add(0, Long.MIN_VALUE);
        assertThat(list.width()).isEqualTo(8);
        assertThat(list).containsExactly(Long.MIN_VALUE, 1L << 20, 1000L);
        list.clear();
        list.add(5L);
        assertThat(list.width()).as("a list never narrows").isEqualTo(8);
        assertThat(list.copy()).containsExactly(5L);
    }

    @Test
    void aCopyKeepsTheCapacityAndWidthAndIsIndependent() {
        LongArrayList list = new LongArrayList(10);
        list.add(1L);
        list.add(2L);
        LongArrayList copy = list.copy();
        assertThat(copy.capacity()).as("a copy is written to next: it keeps its room").isEqualTo(10);
        assertThat(copy.width()).isEqualTo(1);
        copy.add(3L);
        copy.set(0, 70_000L);
        assertThat(copy).containsExactly(70_000L, 2L, 3L);
        assertThat(list).containsExactly(1L, 2L);
        assertThat(list.width()).isEqualTo(1);
    }

    @Test
    void setLongsReplacesTheElementsInPlaceOrInAWiderOrLargerArray() {
        LongArrayList list = new LongArrayList(10);
        list.add(7L);
        list.setLongs(new long[] {1, 2, 3}, 3);
        assertThat(list).containsExactly(1L, 2L, 3L);
        assertThat(list.capacity()).isEqualTo(10);
        assertThat(list.width()).isEqualTo(1);
        long[] many = new long[12];
        for (int i = 0; i < many.length; i++) {
            many[i] = (i % 2 == 0 ? 1L : -1L) * (300L << (i * 4));
        }
        list.setLongs(many, 12);
        assertThat(list).hasSize(12);
        for (int i = 0; i < many.length; i++) {
            assertThat(list.getLong(i)).isEqualTo(many[i]);
        }
        assertThat(list.width()).isEqualTo(8);
        list.setLongs(new long[] {4, 5, 99}, 2);
        assertThat(list).containsExactly(4L, 5L);
        assertThat(list.width()).as("a list never narrows").isEqualTo(8);
        assertThat(list.capacity()).as("12 slots are not much more than 2 need").isEqualTo(12);
        list.setLongs(new long[100], 100);
        list.setLongs(new long[] {6, 7}, 2);
        assertThat(list).containsExactly(6L, 7L);
        assertThat(list.capacity()).as("a list far larger than needed shrinks to its elements").isEqualTo(2);
    }

    @Property(tries = 500)
    void mapBytesEqualTheSerializers(@ForAll("entries") List<long[]> ops) throws Exception {
        LongLongHashMap map = new LongLongHashMap(0);
        Map<Long, Long> model = new HashMap<>();
        for (long[] op : ops) {
            long k = op[0];
            if (op[2] == 0) {
                map.remove(k);
                model.remove(k);
            } else {
                Long v = op[2] == 1 ? null : op[1];
                map.put(k, v);
                model.put(k, v);
            }
        }
        byte[] generic = genericBytes(MAP, map);
        byte[] primitive = primitiveBytes(MAP, map);
        assertThat(primitive).isEqualTo(generic);

        Object read = CompactValues.deserialize(StateDescriptor.Type.MAP, MAP, new DataInputDeserializer(generic));
        assertThat(read).isInstanceOf(LongLongHashMap.class).isEqualTo(model);
        assertThat(MAP.deserialize(new DataInputDeserializer(primitive))).isEqualTo(model);
        // bytes the serializer wrote for a HashMap (another entry order) read into the same content
        byte[] fromHashMap = genericBytes(MAP, model);
        assertThat(CompactValues.deserialize(StateDescriptor.Type.MAP, MAP, new DataInputDeserializer(fromHashMap)))
                .isEqualTo(model);
        // a map read back writes what it reads back again (its own slot order)
        byte[] again = primitiveBytes(MAP, read);
        assertThat(again).isEqualTo(genericBytes(MAP, read));
        assertThat(MAP.deserialize(new DataInputDeserializer(again))).isEqualTo(model);
    }

    @Property(tries = 500)
    void stringKeyedMapBytesEqualTheSerializers(@ForAll("entries") List<long[]> ops) throws Exception {
        ObjectLongHashMap<String> map = new ObjectLongHashMap<>(0);
        Map<String, Long> model = new HashMap<>();
        for (long[] op : ops) {
            String k = op[0] % 7 == 0 ? "" : "key-" + op[0];
            if (op[2] == 0) {
                map.remove(k);
                model.remove(k);
            } else {
                Long v = op[2] == 1 ? null : op[1];
                map.put(k, v);
                model.put(k, v);
            }
        }
        byte[] generic = genericBytes(STRING_MAP, map);
        byte[] primitive = primitiveBytes(STRING_MAP, map);
        assertThat(primitive).isEqualTo(generic);

        Object read = CompactValues.deserialize(StateDescriptor.Type.MAP, STRING_MAP, new DataInputDeserializer(generic));
        assertThat(read).isInstanceOf(ObjectLongHashMap.class).isEqualTo(model);
        assertThat(STRING_MAP.deserialize(new DataInputDeserializer(primitive))).isEqualTo(model);
        byte[] fromHashMap = genericBytes(STRING_MAP, model);
        assertThat(CompactValues.deserialize(StateDescriptor.Type.MAP, STRING_MAP, new DataInputDeserializer(fromHashMap)))
                .isEqualTo(model);
        assertThat(CompactValues.compact(StateDescriptor.Type.MAP, STRING_MAP, new HashMap<>(model)))
                .isInstanceOf(ObjectLongHashMap.class).isEqualTo(model);
    }

    @Test
    void onlyLongValuedMapsWithImmutableKeysTakeTheObjectLongForm() {
        assertThat(CompactValues.isObjectLongMap(STRING_MAP)).isTrue();
        assertThat(CompactValues.isObjectLongMap(MAP)).as("Long keys take LongLongHashMap").isFalse();
        assertThat(CompactValues.isObjectLongMap(new MapSerializer<>(StringSerializer.INSTANCE, StringSerializer.INSTANCE)))
                .isFalse();
        assertThat(CompactValues.isObjectLongMap(
                        new MapSerializer<>(new ListSerializer<>(StringSerializer.INSTANCE), LongSerializer.INSTANCE)))
                .as("mutable keys would be shared by copy-on-write").isFalse();
    }

    @Test
    void otherValuesGoThroughTheirSerializer() throws Exception {
        ListSerializer<String> strings = new ListSerializer<>(StringSerializer.INSTANCE);
        List<String> list = new ArrayList<>(List.of("a", "bc"));
        assertThat(primitiveBytes(strings, list)).isEqualTo(genericBytes(strings, list));
        Object read = CompactValues.deserialize(
                StateDescriptor.Type.LIST, strings, new DataInputDeserializer(genericBytes(strings, list)));
        assertThat(read).isInstanceOf(ArrayList.class).isEqualTo(list);
        // a list of longs in a value state is not a list state's value: it keeps the serializer's form
        Object value = CompactValues.deserialize(
                StateDescriptor.Type.VALUE, LIST, new DataInputDeserializer(genericBytes(LIST, List.of(1L, 2L))));
        assertThat(value).isInstanceOf(ArrayList.class).isEqualTo(List.of(1L, 2L));
    }

    @Test
    void aNegativeSizeIsReportedAsCorruptWithTheSerializer() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(8);
        out.writeInt(-3);
        byte[] bytes = out.getCopyOfBuffer();
        assertThatThrownBy(() -> CompactValues.deserialize(StateDescriptor.Type.LIST, LIST, new DataInputDeserializer(bytes)))
                .isInstanceOf(IOException.class).hasMessageContaining("negative size -3").hasMessageContaining("ListSerializer");
        assertThatThrownBy(() -> CompactValues.deserialize(StateDescriptor.Type.MAP, MAP, new DataInputDeserializer(bytes)))
                .isInstanceOf(IOException.class).hasMessageContaining("negative size -3").hasMessageContaining("MapSerializer");
        assertThatThrownBy(() -> CompactValues.deserialize(StateDescriptor.Type.MAP, STRING_MAP, new DataInputDeserializer(bytes)))
                .isInstanceOf(IOException.class).hasMessageContaining("negative size -3")
                .hasMessageContaining("MapSerializer<StringSerializer");
    }

    @Test
    void aTruncatedValueFailsInsteadOfAllocatingItsClaimedSize() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(16);
        out.writeInt(Integer.MAX_VALUE);
        out.writeLong(1);
        byte[] bytes = out.getCopyOfBuffer();
        assertThatThrownBy(() -> CompactValues.deserialize(StateDescriptor.Type.LIST, LIST, new DataInputDeserializer(bytes)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> CompactValues.deserialize(StateDescriptor.Type.MAP, MAP, new DataInputDeserializer(bytes)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> CompactValues.deserialize(StateDescriptor.Type.MAP, STRING_MAP, new DataInputDeserializer(bytes)))
                .isInstanceOf(IOException.class);
    }

    @SuppressWarnings("unchecked")
    private static byte[] genericBytes(TypeSerializer<?> serializer, Object value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        ((TypeSerializer<Object>) serializer).serialize(value, out);
        return out.getCopyOfBuffer();
    }

    @SuppressWarnings("unchecked")
    private static byte[] primitiveBytes(TypeSerializer<?> serializer, Object value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        CompactValues.serialize((TypeSerializer<Object>) serializer, value, out);
        return out.getCopyOfBuffer();
    }

    /** Mostly small longs, some beyond int (widening the list), the extremes now and then. */
    @Provide
    Arbitrary<List<Long>> elements() {
        Arbitrary<Long> element = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.longs().between(-1000, 1000)),
                net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(-128, 127)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(-129L, 128L, -32768L, 32767L, -32769L, 32768L)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs()),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE,
                        (long) Integer.MIN_VALUE, Integer.MAX_VALUE + 1L)));
        return element.list().ofMaxSize(300);
    }

    /** {key, value, kind: 0 remove, 1 put null, else put value}; keys collide, include both markers. */
    @Provide
    Arbitrary<List<long[]>> entries() {
        Arbitrary<Long> key = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, Arbitraries.longs().between(-60, 60)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(Integer.MIN_VALUE, Integer.MIN_VALUE + 3L)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs()),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Long.MIN_VALUE, Long.MIN_VALUE + 1)));
        Arbitrary<Long> value = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, Arbitraries.longs().between(Integer.MIN_VALUE, Integer.MAX_VALUE)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs()));
        Arbitrary<Long> kind = Arbitraries.longs().between(0, 9);
        return net.jqwik.api.Combinators.combine(key, value, kind).as((k, v, op) -> new long[] {k, v, op})
                .list().ofMaxSize(300);
    }
}
