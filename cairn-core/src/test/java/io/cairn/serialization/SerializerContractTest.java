package io.cairn.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link TypeSerializer} must meet. Subclasses provide the serializer and
 * representative values (including edge cases); the shared tests check round trips, copies,
 * duplicates, lengths, snapshots, truncation and equality.
 *
 * @param <T> the value type
 */
abstract class SerializerContractTest<T> {

    /** @return a new serializer instance (called more than once per test) */
    protected abstract TypeSerializer<T> createSerializer();

    /** @return representative values, including edge cases */
    protected abstract List<T> testData();

    /** @return true if the serializer accepts a null value */
    protected boolean acceptsNull() {
        return false;
    }

    /** Asserts deep equality; arrays are compared element-wise. */
    protected void assertDeepEquals(T actual, T expected) {
        if (!Objects.deepEquals(actual, expected)) {
            fail("expected <%s> but was <%s>", describe(expected), describe(actual));
        }
    }

    private static String describe(Object value) {
        return value instanceof byte[] b ? Arrays.toString(b) : String.valueOf(value);
    }

    static <T> byte[] serialize(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    static <T> T deserialize(TypeSerializer<T> serializer, byte[] bytes) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        T result = serializer.deserialize(in);
        assertThat(in.available()).as("bytes left unread by %s", serializer).isZero();
        return result;
    }

    @Test
    void testDataIsNotEmpty() {
        assertThat(testData()).isNotEmpty();
    }

    @Test
    void everyValueRoundTrips() throws IOException {
        TypeSerializer<T> serializer = createSerializer();
        for (T value : testData()) {
            assertDeepEquals(deserialize(serializer, serialize(serializer, value)), value);
        }
    }

    @Test
    void allValuesRoundTripInOneStream() throws IOException {
        TypeSerializer<T> serializer = createSerializer();
        DataOutputSerializer out = new DataOutputSerializer(1);
        for (T value : testData()) {
            serializer.serialize(value, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (T value : testData()) {
            assertDeepEquals(serializer.deserialize(in), value);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void roundTripsThroughStreamWrappers() throws IOException {
        TypeSerializer<T> serializer = createSerializer();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputViewStreamWrapper out = new DataOutputViewStreamWrapper(bytes)) {
            for (T value : testData()) {
                serializer.serialize(value, out);
            }
        }
        try (DataInputViewStreamWrapper in =
                new DataInputViewStreamWrapper(new ByteArrayInputStream(bytes.toByteArray()))) {
            for (T value : testData()) {
                assertDeepEquals(serializer.deserialize(in), value);
            }
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void copyEqualsOriginalAndIsDeepForMutableTypes() {
        TypeSerializer<T> serializer = createSerializer();
        for (T value : testData()) {
            T copy = serializer.copy(value);
            assertDeepEquals(copy, value);
            if (serializer.isImmutableType()) {
                assertThat(copy).isSameAs(value);
            } else if (value != null) {
                assertThat(copy).isNotSameAs(value);
            }
        }
    }

    @Test
    void duplicateIsEqualAndWorks() throws IOException {
        TypeSerializer<T> serializer = createSerializer();
        TypeSerializer<T> duplicate = serializer.duplicate();
        assertThat(duplicate).isEqualTo(serializer);
        assertThat(duplicate.hashCode()).isEqualTo(serializer.hashCode());
        for (T value : testData()) {
            assertDeepEquals(duplicate.deserialize(new DataInputDeserializer(serialize(serializer, value))), value);
            assertDeepEquals(serializer.deserialize(new DataInputDeserializer(serialize(duplicate, value))), value);
        }
    }

    @Test
    void fixedLengthMatchesSerializedSize() throws IOException {
        TypeSerializer<T> serializer = createSerializer();
        int length = serializer.getLength();
        assertThat(length).isGreaterThanOrEqualTo(-1).isNotZero();
        if (length > 0) {
            for (T value : testData()) {
                assertThat(serialize(serializer, value)).hasSize(length);
            }
        }
    }

    @Test
    void snapshotRestoresASerializerThatReadsTheOriginalData() throws IOException {
        TypeSerializer<T> serializer = createSerializer();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshots.write(out, serializer.snapshotConfiguration());
        DataInputDeserializer snapshotIn = new DataInputDeserializer(out.getCopyOfBuffer());
        TypeSerializerSnapshot<T> snapshot =
                TypeSerializerSnapshots.read(snapshotIn, getClass().getClassLoader());
        assertThat(snapshotIn.available()).isZero();

        TypeSerializer<T> restored = snapshot.restoreSerializer();
        assertThat(restored).isEqualTo(serializer);
        for (T value : testData()) {
            assertDeepEquals(deserialize(restored, serialize(serializer, value)), value);
        }
        TypeSerializerSchemaCompatibility<T> compatibility = snapshot.resolveSchemaCompatibility(createSerializer());
        assertThat(compatibility.isCompatibleAsIs()).as("%s", compatibility).isTrue();
    }

    @Test
    void snapshotIsCompatibleAsIsWithItsOwnSerializer() {
        TypeSerializer<T> serializer = createSerializer();
        TypeSerializerSchemaCompatibility<T> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(serializer);
        assertThat(compatibility.isCompatibleAsIs()).as("%s", compatibility).isTrue();
    }

    @Test
    void truncatedInputFailsLoudly() throws IOException {
        TypeSerializer<T> serializer = createSerializer();
        for (T value : testData()) {
            byte[] bytes = serialize(serializer, value);
            // every prefix for small values; for large ones a spread of prefixes including the longest
            int step = Math.max(1, bytes.length / 64);
            for (int cut = bytes.length - 1; cut >= 0; cut -= cut > 256 ? step : 1) {
                DataInputDeserializer in = new DataInputDeserializer(bytes, 0, cut);
                assertThatThrownBy(() -> serializer.deserialize(in))
                        .as("deserializing %s truncated to %d of %d bytes", describe(value), cut, bytes.length)
                        .isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void nullHandling() throws IOException {
        TypeSerializer<T> serializer = createSerializer();
        if (acceptsNull()) {
            assertThat(deserialize(serializer, serialize(serializer, null))).isNull();
        } else {
            assertThatThrownBy(() -> serializer.serialize(null, new DataOutputSerializer(8)))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining(serializer.toString())
                    .hasMessageContaining("null");
        }
    }

    @Test
    void separatelyCreatedSerializersAreEqual() {
        TypeSerializer<T> a = createSerializer();
        TypeSerializer<T> b = createSerializer();
        assertThat(a).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a.toString()).isEqualTo(b.toString()).isNotBlank();
        assertThat(a).isNotEqualTo(null);
        assertThat((Object) a).isNotEqualTo(new Object());
    }
}
