package io.cairn.serialization;

import java.util.List;

class ByteSerializerTest extends SerializerContractTest<Byte> {

    @Override
    protected TypeSerializer<Byte> createSerializer() {
        return ByteSerializer.INSTANCE;
    }

    @Override
    protected List<Byte> testData() {
        return List.of((byte) 0, (byte) 1, (byte) -1, Byte.MIN_VALUE, Byte.MAX_VALUE);
    }
}
