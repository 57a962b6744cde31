package io.cairn.serialization;

import java.util.List;

class IntSerializerTest extends SerializerContractTest<Integer> {

    @Override
    protected TypeSerializer<Integer> createSerializer() {
        return IntSerializer.INSTANCE;
    }

    @Override
    protected List<Integer> testData() {
        return List.of(0, 1, -1, 123_456, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
}
