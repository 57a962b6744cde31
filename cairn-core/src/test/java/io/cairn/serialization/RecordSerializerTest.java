package io.cairn.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordSerializerTest extends SerializerContractTest<RecordSerializerTest.Payment> {

    enum Status {
        OPEN,
        SETTLED
    }

    record Inner(int x, String label) {}

    record Payment(
            long id,
            int count,
            boolean flag,
            double score,
            String account,
            Long nullableTotal,
            List<String> tags,
            Status status,
            Map<String, Long> totals,
            Inner inner) {}

    record Point(int x, int y) {}

    record Empty() {}

    record Validated(int positive) {
        Validated {
            if (positive <= 0) {
                throw new IllegalArgumentException("positive must be > 0");
            }
        }
    }

    record WithInstant(String id, Instant at) {}

    record Node(String value, Node next) {}

    @Override
    protected TypeSerializer<Payment> createSerializer() {
        return RecordSerializer.of(Payment.class);
    }

    @Override
    protected List<Payment> testData() {
        return List.of(
                new Payment(1L, 2, true, 0.5, "acc-1", 99L, new ArrayList<>(List.of("a", "b")), Status.OPEN,
                        Map.of("x", 1L), new Inner(3, "in")),
                new Payment(Long.MIN_VALUE, -1, false, Double.NaN, null, null, new ArrayList<>(), null, null, null),
                new Payment(0L, 0, false, 0.0, "", Long.MAX_VALUE, null, Status.SETTLED, Map.of(),
                        new Inner(0, null)));
    }

    @Test
    void isMutableBecauseOfTheListComponentAndCopiesDeeply() {
        RecordSerializer<Payment> serializer = RecordSerializer.of(Payment.class);
        assertThat(serializer.isImmutableType()).isFalse();
        Payment original = testData().get(0);
        Payment copy = serializer.copy(original);
        assertThat(copy).isEqualTo(original).isNotSameAs(original);
        assertThat(copy.tags()).isNotSameAs(original.tags());
        assertThat(copy.account()).isSameAs(original.account());
    }

    @Test
    void primitiveOnlyRecordHasFixedLengthAndIsImmutable() throws IOException {
        RecordSerializer<Point> serializer = RecordSerializer.of(Point.class);
        assertThat(serializer.getLength()).isEqualTo(8);
        assertThat(serializer.isImmutableType()).isTrue();
        assertThat(serialize(serializer, new Point(1, 2))).containsExactly(0, 0, 0, 1, 0, 0, 0, 2);
        Point p = new Point(3, 4);
        assertThat(serializer.copy(p)).isSameAs(p);
    }

    @Test
    void referenceComponentsCarryANullFlag() throws IOException {
        RecordSerializer<Inner> serializer = RecordSerializer.of(Inner.class);
        assertThat(serializer.getLength()).isEqualTo(-1);
        // int 5, then null flag "null"
        assertThat(serialize(serializer, new Inner(5, null))).containsExactly(0, 0, 0, 5, 1);
    }

    @Test
    void emptyRecordRoundTrips() throws IOException {
        RecordSerializer<Empty> serializer = RecordSerializer.of(Empty.class);
        assertThat(serializer.getLength()).isZero();
        assertThat(deserialize(serializer, serialize(serializer, new Empty()))).isEqualTo(new Empty());
    }

    @Test
    void constructorValidationFailureBecomesIOException() {
        byte[] zero = {0, 0, 0, 0};
        assertThatThrownBy(() -> deserialize(RecordSerializer.of(Validated.class), zero))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(Validated.class.getName())
                .hasRootCauseMessage("positive must be > 0");
    }

    @Test
    void explicitSerializersAreUsed() throws IOException {
        RecordSerializer<Inner> explicit =
                new RecordSerializer<>(Inner.class, IntSerializer.INSTANCE, StringSerializer.INSTANCE);
        assertThat(explicit).isEqualTo(RecordSerializer.of(Inner.class));
        assertThat(explicit.getComponentSerializers())
                .containsExactly(IntSerializer.INSTANCE, StringSerializer.INSTANCE);
        assertThat(explicit.getRecordClass()).isEqualTo(Inner.class);
        assertThat(deserialize(explicit, serialize(explicit, new Inner(7, "seven")))).isEqualTo(new Inner(7, "seven"));
        assertThatThrownBy(() -> new RecordSerializer<>(Inner.class, IntSerializer.INSTANCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 components");
    }

    @Test
    void unsupportedComponentTypeIsNamed() {
        assertThatThrownBy(() -> RecordSerializer.of(WithInstant.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(WithInstant.class.getName())
                .hasMessageContaining("'at'")
                .hasMessageContaining("java.time.Instant");
    }

    @Test
    void recursiveRecordIsRejected() {
        assertThatThrownBy(() -> RecordSerializer.of(Node.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Node.class.getName());
    }

    @Test
    void describesItself() {
        assertThat(createSerializer()).hasToString("RecordSerializer<" + Payment.class.getName() + ">");
        assertThat(createSerializer().duplicate()).isEqualTo(createSerializer());
        assertThat((Object) RecordSerializer.of(Point.class)).isNotEqualTo(createSerializer());
    }
}
