package io.cairn.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link DataOutputSerializer} writes exactly the bytes {@link DataOutputStream} writes (big-endian),
 * at any offset, and {@link DataInputDeserializer} reads them back: every persisted format depends on
 * this layout, whatever the two use internally to move the bytes.
 */
class DataViewByteOrderProperties {

    @Property(tries = 500)
    void intsAndLongsAtAnyOffsetMatchDataOutputStream(
            @ForAll @IntRange(max = 9) int leadingBytes, @ForAll List<Long> longs, @ForAll List<Integer> ints)
            throws IOException {
        ByteArrayOutputStream expectedBytes = new ByteArrayOutputStream();
        DataOutputStream expected = new DataOutputStream(expectedBytes);
        DataOutputSerializer actual = new DataOutputSerializer(1);
        for (int i = 0; i < leadingBytes; i++) {
            expected.writeByte(i);
            actual.writeByte(i);
        }
        for (int i = 0; i < Math.max(longs.size(), ints.size()); i++) {
            if (i < longs.size()) {
                expected.writeLong(longs.get(i));
                actual.writeLong(longs.get(i));
            }
            if (i < ints.size()) {
                expected.writeInt(ints.get(i));
                actual.writeInt(ints.get(i));
                expected.writeShort(ints.get(i));
                actual.writeShort(ints.get(i));
            }
        }
        assertThat(actual.getCopyOfBuffer()).isEqualTo(expectedBytes.toByteArray());

        DataInputDeserializer in = new DataInputDeserializer(expectedBytes.toByteArray());
        for (int i = 0; i < leadingBytes; i++) {
            assertThat(in.readByte()).isEqualTo((byte) i);
        }
        for (int i = 0; i < Math.max(longs.size(), ints.size()); i++) {
            if (i < longs.size()) {
                assertThat(in.readLong()).isEqualTo(longs.get(i));
            }
            if (i < ints.size()) {
                assertThat(in.readInt()).isEqualTo(ints.get(i));
                assertThat(in.readShort()).isEqualTo(ints.get(i).shortValue());
            }
        }
        assertThat(in.available()).isZero();
    }
}
