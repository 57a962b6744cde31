package io.cairn.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MapSerializerTest extends SerializerContractTest<Map<String, Long>> {

    @Override
    protected TypeSerializer<Map<String, Long>> createSerializer() {
        return new MapSerializer<>(StringSerializer.INSTANCE, LongSerializer.INSTANCE);
    }

    @Override
    protected List<Map<String, Long>> testData() {
        Map<String, Long> withNullValue = new HashMap<>();
        withNullValue.put("present", 1L);
        withNullValue.put("absent", null);
        Map<String, Long> large = new HashMap<>();
        for (long i = 0; i < 500; i++) {
            large.put("key-" + i, i);
        }
        return List.of(new HashMap<>(), new HashMap<>(Map.of("a", 1L)), withNullValue,
                new TreeMap<>(Map.of("x", -1L, "y", Long.MAX_VALUE)), large);
    }

    @Test
    void nullKeysAreRejected() {
        Map<String, Long> withNullKey = new HashMap<>();
        withNullKey.put(null, 1L);
        assertThatThrownBy(() -> createSerializer().serialize(withNullKey, new DataOutputSerializer(8)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("MapSerializer<StringSerializer, LongSerializer>");
    }

    @Test
    void describesItself() {
        MapSerializer<String, Long> serializer = new MapSerializer<>(StringSerializer.INSTANCE, LongSerializer.INSTANCE);
        assertThat(serializer.getKeySerializer()).isSameAs(StringSerializer.INSTANCE);
        assertThat(serializer.getValueSerializer()).isSameAs(LongSerializer.INSTANCE);
        assertThat(serializer.duplicate()).isSameAs(serializer);
        assertThat(serializer.copy(Map.of("a", 1L))).isInstanceOf(HashMap.class).isEqualTo(Map.of("a", 1L));
        assertThat((Object) serializer)
                .isNotEqualTo(new MapSerializer<>(LongSerializer.INSTANCE, StringSerializer.INSTANCE));
    }
}
