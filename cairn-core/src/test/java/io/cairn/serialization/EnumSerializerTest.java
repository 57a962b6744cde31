package io.cairn.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnumSerializerTest extends SerializerContractTest<EnumSerializerTest.Color> {

    enum Color {
        RED,
        GREEN {
            @Override
            public String toString() {
                return "green";
            }
        },
        BLUE
    }

    enum Other {
        RED
    }

    @Override
    protected TypeSerializer<Color> createSerializer() {
        return new EnumSerializer<>(Color.class);
    }

    @Override
    protected List<Color> testData() {
        return List.of(Color.RED, Color.GREEN, Color.BLUE, Color.GREEN);
    }

    @Test
    void writesTheOrdinal() throws IOException {
        assertThat(serialize(createSerializer(), Color.BLUE)).containsExactly(0, 0, 0, 2);
    }

    @Test
    void invalidOrdinalIsRejected() {
        byte[] bytes = {0, 0, 0, 3};
        assertThatThrownBy(() -> createSerializer().deserialize(new DataInputDeserializer(bytes)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("3");
    }

    @Test
    void differentEnumsAreNotEqualNorCompatible() {
        EnumSerializer<Other> other = new EnumSerializer<>(Other.class);
        assertThat((Object) other).isNotEqualTo(createSerializer());
        assertThat(createSerializer().toString()).isEqualTo("EnumSerializer<" + Color.class.getName() + ">");
    }

    @Test
    void rejectsNonEnumClasses() {
        @SuppressWarnings({"unchecked", "rawtypes"}) // deliberately bypasses the generic bound
        Class<Color> notAnEnum = (Class) String.class;
        assertThatThrownBy(() -> new EnumSerializer<>(notAnEnum)).isInstanceOf(IllegalArgumentException.class);
    }
}
