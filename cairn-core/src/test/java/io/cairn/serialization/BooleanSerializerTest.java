package io.cairn.serialization;

import java.util.List;

class BooleanSerializerTest extends SerializerContractTest<Boolean> {

    @Override
    protected TypeSerializer<Boolean> createSerializer() {
        return BooleanSerializer.INSTANCE;
    }

    @Override
    protected List<Boolean> testData() {
        return List.of(true, false);
    }
}
