package io.cairn.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Property tests: random strings (any UTF-16 content, lone surrogates included) and longs round-trip. */
class RoundTripProperties {

    @Provide
    Arbitrary<String> anyUtf16() {
        // every char value 0..0xFFFF, with extra weight on surrogates (paired or not) and ASCII;
        // Arbitraries.chars().all() is not used because it never yields surrogates
        Arbitrary<Character> anyChar = Arbitraries.oneOf(
                        Arbitraries.integers().between(0, 0xFFFF),
                        Arbitraries.integers().between(0xD800, 0xDFFF),
                        Arbitraries.integers().between(0, 0x7F))
                .map(i -> (char) i.intValue());
        return anyChar.list().ofMaxSize(200).map(RoundTripProperties::join);
    }

    private static String join(List<Character> chars) {
        StringBuilder sb = new StringBuilder(chars.size());
        chars.forEach(sb::append);
        return sb.toString();
    }

    @Property(tries = 2000)
    void anyStringRoundTrips(@ForAll("anyUtf16") String value) throws IOException {
        byte[] bytes = SerializerContractTest.serialize(StringSerializer.INSTANCE, value);
        assertThat(SerializerContractTest.deserialize(StringSerializer.INSTANCE, bytes)).isEqualTo(value);
        assertThat(bytes.length).isLessThanOrEqualTo(5 + 3 * value.length());
    }

    @Property(tries = 1000)
    void generatedStringsRoundTrip(@ForAll String value) throws IOException {
        byte[] bytes = SerializerContractTest.serialize(StringSerializer.INSTANCE, value);
        assertThat(SerializerContractTest.deserialize(StringSerializer.INSTANCE, bytes)).isEqualTo(value);
    }

    @Property(tries = 1000)
    void anyLongRoundTrips(@ForAll long value) throws IOException {
        byte[] bytes = SerializerContractTest.serialize(LongSerializer.INSTANCE, value);
        assertThat(bytes).hasSize(8);
        assertThat(SerializerContractTest.deserialize(LongSerializer.INSTANCE, bytes)).isEqualTo(value);
    }

    @Property(tries = 500)
    void listsOfStringsRoundTrip(@ForAll("anyUtf16Lists") List<String> value) throws IOException {
        ListSerializer<String> serializer = new ListSerializer<>(StringSerializer.INSTANCE);
        assertThat(SerializerContractTest.deserialize(serializer, SerializerContractTest.serialize(serializer, value)))
                .isEqualTo(value);
    }

    @Provide
    Arbitrary<List<String>> anyUtf16Lists() {
        return anyUtf16().list().ofMaxSize(10);
    }
}
