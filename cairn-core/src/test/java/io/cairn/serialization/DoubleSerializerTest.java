package io.cairn.serialization;

import java.util.List;

class DoubleSerializerTest extends SerializerContractTest<Double> {

    @Override
    protected TypeSerializer<Double> createSerializer() {
        return DoubleSerializer.INSTANCE;
    }

    @Override
    protected List<Double> testData() {
        return List.of(0.0, -0.0, 1.5, -3.25e300, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }
}
