package io.cairn.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SerializersTest {

    enum Mode { ON, OFF }

    record Tagged(String name, List<String> tags, Map<String, List<Long>> index) {}

    @SuppressWarnings("unused") // read reflectively for their generic types
    private static final class Holder {
        List<Long> longs;
        Map<String, Long> map;
        List<Map<String, List<Mode>>> nested;
        Set<String> set;
        Collection<String> collection;
        ArrayList<String> arrayList;
        List<? extends Number> wildcard;
    }

    private static Type typeOf(String field) throws NoSuchFieldException {
        return Holder.class.getDeclaredField(field).getGenericType();
    }

    @Test
    void resolvesClasses() {
        assertThat(Serializers.forClass(long.class)).isSameAs(LongSerializer.INSTANCE);
        assertThat(Serializers.forClass(Long.class)).isSameAs(LongSerializer.INSTANCE);
        assertThat(Serializers.forClass(int.class)).isSameAs(IntSerializer.INSTANCE);
        assertThat(Serializers.forClass(Integer.class)).isSameAs(IntSerializer.INSTANCE);
        assertThat(Serializers.forClass(short.class)).isSameAs(ShortSerializer.INSTANCE);
        assertThat(Serializers.forClass(Short.class)).isSameAs(ShortSerializer.INSTANCE);
        assertThat(Serializers.forClass(byte.class)).isSameAs(ByteSerializer.INSTANCE);
        assertThat(Serializers.forClass(Byte.class)).isSameAs(ByteSerializer.INSTANCE);
        assertThat(Serializers.forClass(boolean.class)).isSameAs(BooleanSerializer.INSTANCE);
        assertThat(Serializers.forClass(Boolean.class)).isSameAs(BooleanSerializer.INSTANCE);
        assertThat(Serializers.forClass(double.class)).isSameAs(DoubleSerializer.INSTANCE);
        assertThat(Serializers.forClass(Double.class)).isSameAs(DoubleSerializer.INSTANCE);
        assertThat(Serializers.forClass(float.class)).isSameAs(FloatSerializer.INSTANCE);
        assertThat(Serializers.forClass(Float.class)).isSameAs(FloatSerializer.INSTANCE);
        assertThat(Serializers.forClass(String.class)).isSameAs(StringSerializer.INSTANCE);
        assertThat(Serializers.forClass(byte[].class)).isSameAs(BytePrimitiveArraySerializer.INSTANCE);
        assertThat(Serializers.forClass(Mode.class)).isEqualTo(new EnumSerializer<>(Mode.class));
        assertThat(Serializers.forClass(Tagged.class)).isEqualTo(RecordSerializer.of(Tagged.class));
    }

    @Test
    void resolvesParameterizedListsAndMaps() throws NoSuchFieldException {
        assertThat(Serializers.forType(typeOf("longs"))).isEqualTo(new ListSerializer<>(LongSerializer.INSTANCE));
        assertThat(Serializers.forType(typeOf("map")))
                .isEqualTo(new MapSerializer<>(StringSerializer.INSTANCE, LongSerializer.INSTANCE));
        assertThat(Serializers.forType(typeOf("nested")))
                .hasToString("ListSerializer<MapSerializer<StringSerializer, ListSerializer<EnumSerializer<"
                        + Mode.class.getName() + ">>>>");
        assertThat(Serializers.forType(String.class)).isSameAs(StringSerializer.INSTANCE);
    }

    @Test
    void recordWithCollectionComponentsRoundTrips() throws Exception {
        TypeSerializer<Tagged> serializer = Serializers.forClass(Tagged.class);
        Tagged value = new Tagged("t", List.of("a", "b"), Map.of("k", List.of(1L, 2L)));
        assertThat(SerializerContractTest.deserialize(serializer, SerializerContractTest.serialize(serializer, value)))
                .isEqualTo(value);
    }

    @Test
    void unsupportedTypesAreRejectedWithTheTypeName() throws NoSuchFieldException {
        assertThatThrownBy(() -> Serializers.forClass(Object.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no built-in serializer for type java.lang.Object; pass a TypeSerializer explicitly");
        assertThatThrownBy(() -> Serializers.forClass(char.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("char");
        assertThatThrownBy(() -> Serializers.forClass(long[].class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("long[]");
        for (String field : List.of("set", "collection", "arrayList", "wildcard")) {
            Type type = typeOf(field);
            assertThatThrownBy(() -> Serializers.forType(type))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no built-in serializer for type")
                    .hasMessageContaining("pass a TypeSerializer explicitly");
        }
        assertThatThrownBy(() -> Serializers.forType(typeOf("set")))
                .hasMessageContaining("java.util.Set<java.lang.String>");
    }
}
