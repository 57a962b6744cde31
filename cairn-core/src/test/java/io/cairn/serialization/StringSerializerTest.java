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
    void malformedCharIsRejected() {
        byte[] bytes = {2, (byte) 0xFF, (byte) 0xFF, 0x04};
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> StringSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes)))
                .isInstanceOf(IOException.class);
    }
}
