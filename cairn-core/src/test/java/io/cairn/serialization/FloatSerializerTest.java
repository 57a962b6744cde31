package io.cairn.serialization;

import java.util.List;

class FloatSerializerTest extends SerializerContractTest<Float> {

    @Override
    protected TypeSerializer<Float> createSerializer() {
        return FloatSerializer.INSTANCE;
    }

    @Override
    protected List<Float> testData() {
        return List.of(0.0f, -0.0f, 1.5f, -3.25e30f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
    }
}
