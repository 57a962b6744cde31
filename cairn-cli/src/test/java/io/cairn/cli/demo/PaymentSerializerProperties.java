package io.cairn.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.RecordSerializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.serialization.TypeSerializerSchemaCompatibility;
import java.io.IOException;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** {@link Payments.PaymentSerializer} writes what the generic record serializer writes, and reads it back. */
class PaymentSerializerProperties {

    private static final RecordSerializer<Payments.Payment> GENERIC = RecordSerializer.of(Payments.Payment.class);
    private static final Payments.PaymentSerializer DEDICATED = Payments.PaymentSerializer.INSTANCE;

    private static byte[] bytes(TypeSerializer<Payments.Payment> serializer, Payments.Payment p) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(8);
        serializer.serialize(p, out);
        return out.getCopyOfBuffer();
    }

    private static Payments.Payment read(TypeSerializer<Payments.Payment> serializer, byte[] bytes) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        Payments.Payment p = serializer.deserialize(in);
        assertThat(in.available()).as("every byte read").isZero();
        return p;
    }

    @Property
    void anyPaymentRoundTripsAndMatchesTheGenericBytes(@ForAll long seq, @ForAll long account, @ForAll long amount)
            throws IOException {
        Payments.Payment p = new Payments.Payment(seq, account, amount);
        byte[] dedicated = bytes(DEDICATED, p);
        assertThat(dedicated).hasSize(Payments.PaymentSerializer.LENGTH).isEqualTo(bytes(GENERIC, p));
        assertThat(read(DEDICATED, dedicated)).isEqualTo(p);
        assertThat(read(GENERIC, dedicated)).isEqualTo(p);
    }

    @Property
    void generatedPaymentsMatchTheGenericBytes(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seq, @ForAll long seed,
            @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long accounts) throws IOException {
        Payments.Payment p = Payments.payment(seq, seed, accounts);
        byte[] generic = bytes(GENERIC, p);
        assertThat(bytes(DEDICATED, p)).isEqualTo(generic);
        assertThat(read(DEDICATED, generic)).isEqualTo(p);
    }

    @Property
    void backToBackPaymentsInOneBufferReadBackInOrder(@ForAll long a, @ForAll long b, @ForAll long c) throws IOException {
        Payments.Payment first = new Payments.Payment(a, b, c);
        Payments.Payment second = new Payments.Payment(c, a, b);
        DataOutputSerializer out = new DataOutputSerializer(8);
        DEDICATED.serialize(first, out);
        DEDICATED.serialize(second, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertThat(GENERIC.deserialize(in)).isEqualTo(first);
        assertThat(DEDICATED.deserialize(in)).isEqualTo(second);
        assertThat(in.available()).isZero();
    }

    @Example
    void contractOfTheDedicatedSerializer() {
        assertThat(DEDICATED.getLength()).isEqualTo(GENERIC.getLength()).isEqualTo(24);
        assertThat(DEDICATED.isImmutableType()).isTrue();
        assertThat(DEDICATED.duplicate()).isSameAs(DEDICATED);
        Payments.Payment p = new Payments.Payment(1, 2, 3);
        assertThat(DEDICATED.copy(p)).isSameAs(p);
        assertThatThrownBy(() -> DEDICATED.serialize(null, new DataOutputSerializer(8)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("PaymentSerializer");
        assertThat(DEDICATED.snapshotConfiguration().restoreSerializer()).isSameAs(DEDICATED);
        assertThat(DEDICATED.snapshotConfiguration().resolveSchemaCompatibility(DEDICATED).getType())
                .isEqualTo(TypeSerializerSchemaCompatibility.compatibleAsIs().getType());
    }
}
