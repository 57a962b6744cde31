package io.cairn.serialization;

import java.util.List;

class ShortSerializerTest extends SerializerContractTest<Short> {

    @Override
    protected TypeSerializer<Short> createSerializer() {
        return ShortSerializer.INSTANCE;
    }

    @Override
    protected List<Short> testData() {
        return List.of((short) 0, (short) 1, (short) -1, Short.MIN_VALUE, Short.MAX_VALUE);
    }
}
