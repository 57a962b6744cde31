package io.cairn.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringSerializerTest extends SerializerContractTest<String> {

    @Override
    protected TypeSerializer<String> createSerializer() {
        return StringSerializer.INSTANCE;
    }

    @Override
    protected List<String> testData() {
        char[] big = new char[70_000];
        Arrays.fill(big, '\u00e9');
        return Arrays.asList(
                "", "a", "hello world", null, "\u0000", "caf\u00e9", "\u4e2d\u6587", "\u007f\u0080\u3fff\u4000\uffff",
                "\ud83d\ude00 emoji", "\ud800 lone high", "lone low \udc00", "\udc00\ud800", new String(big));
    }

    @Override
    protected boolean acceptsNull() {
        return true;
    }

    @Test
    void encodingIsCompact() throws IOException {
        assertThat(serialize(StringSerializer.INSTANCE, null)).containsExactly(0);
        assertThat(serialize(StringSerializer.INSTANCE, "")).containsExactly(1);
        assertThat(serialize(StringSerializer.INSTANCE, "ab")).containsExactly(3, 'a', 'b');
        assertThat(serialize(StringSerializer.INSTANCE, "\u00e9")).hasSize(3);
        assertThat(serialize(StringSerializer.INSTANCE, "\uffff")).hasSize(4);
    }

    @Test
    void asciiAndMixedStringsKeepTheOneVarintPerCharFormat() throws IOException {
        assertThat(serialize(StringSerializer.INSTANCE, "12,7,-3")).containsExactly(8, '1', '2', ',', '7', ',', '-', '3');
        assertThat(serialize(StringSerializer.INSTANCE, "a\u00e9b"))
                .containsExactly(4, 'a', 0xE9 & 0x7F | 0x80, 0xE9 >>> 7, 'b');
    }

    @Test
    void stringsReadBackFromBuffersAndStreamsAlike() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        List<String> values = Arrays.asList("plain ascii", "ascii then \u00e9 and \u4e2d", "\u00e9 first", "", null, "end");
        for (String v : values) {
            StringSerializer.INSTANCE.serialize(v, out);
        }
        byte[] bytes = out.getCopyOfBuffer();
        DataInputDeserializer buffer = new DataInputDeserializer(bytes);
        DataInputViewStreamWrapper stream = new DataInputViewStreamWrapper(new java.io.ByteArrayInputStream(bytes));
        for (String v : values) {
            assertThat(StringSerializer.INSTANCE.deserialize(buffer)).isEqualTo(v);
            assertThat(StringSerializer.INSTANCE.deserialize(stream)).isEqualTo(v);
        }
        assertThat(buffer.available()).isZero();
    }

    @Test
    void truncatedAsciiStringIsRejected() throws IOException {
        byte[] whole = serialize(StringSerializer.INSTANCE, "abcdef");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StringSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(Arrays.copyOf(whole, 4))))
                .isInstanceOf(java.io.EOFException.class);
    }

    @Test
    void readAsciiStringReadsNothingUnlessAllBytesAreAscii() throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(new byte[] {'a', 'b', (byte) 0xE9, 1, 'c'});
        assertThat(in.readAsciiString(3)).isNull();
        assertThat(in.readAsciiString(6)).isNull();
        assertThat(in.getPosition()).isZero();
        assertThat(in.readAsciiString(2)).isEqualTo("ab");
        assertThat(in.readUnsignedByte()).isEqualTo(0xE9);
        assertThat(in.readAsciiString(0)).isEmpty();
        assertThat(in.readAsciiString(2)).isEqualTo("\u0001c");
        assertThat(in.available()).isZero();
    }

    @Test
    void malformedCharIsRejected() {
        byte[] bytes = {2, (byte) 0xFF, (byte) 0xFF, 0x04};
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> StringSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes)))
                .isInstanceOf(IOException.class);
    }
}
