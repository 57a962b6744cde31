package io.cairn.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListSerializerTest extends SerializerContractTest<List<Long>> {

    @Override
    protected TypeSerializer<List<Long>> createSerializer() {
        return new ListSerializer<>(LongSerializer.INSTANCE);
    }

    @Override
    protected List<List<Long>> testData() {
        List<Long> large = new ArrayList<>();
        for (long i = 0; i < 1000; i++) {
            large.add(i * i - 500);
        }
        return List.of(new ArrayList<>(), new ArrayList<>(List.of(1L)), new ArrayList<>(List.of(3L, -2L, 3L)),
                new LinkedList<>(List.of(Long.MIN_VALUE, Long.MAX_VALUE)), large);
    }

    @Test
    void nullElementsAreRejected() {
        List<Long> withNull = Arrays.asList(1L, null);
        assertThatThrownBy(() -> createSerializer().serialize(withNull, new DataOutputSerializer(8)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("ListSerializer<LongSerializer>");
    }

    @Test
    void copyOfMutableElementsIsDeep() {
        ListSerializer<byte[]> serializer = new ListSerializer<>(BytePrimitiveArraySerializer.INSTANCE);
        byte[] element = {1, 2};
        List<byte[]> copy = serializer.copy(List.of(element));
        assertThat(copy).isInstanceOf(ArrayList.class);
        assertThat(copy.get(0)).isNotSameAs(element).containsExactly(1, 2);
    }

    @Test
    void describesItself() {
        ListSerializer<Long> serializer = new ListSerializer<>(LongSerializer.INSTANCE);
        assertThat(serializer).hasToString("ListSerializer<LongSerializer>");
        assertThat(serializer.getElementSerializer()).isSameAs(LongSerializer.INSTANCE);
        assertThat(serializer.duplicate()).isSameAs(serializer);
        assertThat((Object) serializer).isNotEqualTo(new ListSerializer<>(StringSerializer.INSTANCE));
    }
}
