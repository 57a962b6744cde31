package io.cairn.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BytePrimitiveArraySerializerTest extends SerializerContractTest<byte[]> {

    @Override
    protected TypeSerializer<byte[]> createSerializer() {
        return BytePrimitiveArraySerializer.INSTANCE;
    }

    @Override
    protected List<byte[]> testData() {
        byte[] random = new byte[3000];
        new Random(7).nextBytes(random);
        return List.of(new byte[0], new byte[] {0}, new byte[] {-1, 0, 1, 127, -128}, random);
    }

    @Test
    void copyIsIndependentOfTheOriginal() {
        byte[] original = {1, 2, 3};
        byte[] copy = BytePrimitiveArraySerializer.INSTANCE.copy(original);
        copy[0] = 9;
        assertThat(original).containsExactly(1, 2, 3);
        assertThat(BytePrimitiveArraySerializer.INSTANCE.isImmutableType()).isFalse();
    }
}
