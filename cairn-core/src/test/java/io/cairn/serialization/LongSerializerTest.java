package io.cairn.serialization;

import java.util.List;

class LongSerializerTest extends SerializerContractTest<Long> {

    @Override
    protected TypeSerializer<Long> createSerializer() {
        return LongSerializer.INSTANCE;
    }

    @Override
    protected List<Long> testData() {
        return List.of(0L, 1L, -1L, 42L, Long.MIN_VALUE, Long.MAX_VALUE, 0x0102030405060708L);
    }
}
