package io.cairn.state.keyed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.DataOutputSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyedSnapshotFormat#readSections}, the one walker of key-group blocks that every restore
 * uses: sections reach the reader in order with their counts, and a damaged body is rejected with
 * an error naming the key group, the offset and the file.
 */
class KeyedSnapshotFormatSectionsTest {

    private static DataInputDeserializer body(int... shortsAndInts) throws IOException {
        // pairs of (state index as short, count as int), then whatever follows as longs
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (int i = 0; i + 1 < shortsAndInts.length; i += 2) {
            out.writeShort(shortsAndInts[i]);
            out.writeInt(shortsAndInts[i + 1]);
            for (int e = 0; e < Math.max(0, shortsAndInts[i + 1]); e++) {
                out.writeLong(1000L * shortsAndInts[i] + e);
            }
        }
        return new DataInputDeserializer(out.getCopyOfBuffer(), 0, out.length());
    }

    private static DataInputDeserializer withEnd(DataInputDeserializer body, int extraBytes) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        byte[] b = new byte[body.available()];
        body.readFully(b);
        out.write(b);
        out.writeShort(KeyedSnapshotFormat.END_OF_KEY_GROUP);
        for (int i = 0; i < extraBytes; i++) {
            out.writeByte(7);
        }
        return new DataInputDeserializer(out.getCopyOfBuffer(), 0, out.length());
    }

    @Test
    void everySectionReachesTheReaderInOrderWithItsEntries() throws IOException {
        DataInputDeserializer in = withEnd(body(2, 3, 0, 1, 1, 0), 0);
        List<String> seen = new ArrayList<>();
        KeyedSnapshotFormat.readSections(in, 3, 9, 100, "file:/chk-1/part", (state, count) -> {
            StringBuilder s = new StringBuilder(state + ":" + count);
            for (int i = 0; i < count; i++) {
                s.append(',').append(in.readLong());
            }
            seen.add(s.toString());
        });
        assertThat(seen).containsExactly("2:3,2000,2001,2002", "0:1,0", "1:0");
        assertThat(in.available()).isZero();
    }

    @Test
    void anUnknownStateIndexIsRejectedNamingTheBlock() throws IOException {
        DataInputDeserializer in = withEnd(body(3, 0), 0);
        assertThatThrownBy(() -> KeyedSnapshotFormat.readSections(in, 3, 9, 100, "file:/chk-1/part", (s, c) -> { }))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("unknown state index 3")
                .hasMessageContaining("key group 9")
                .hasMessageContaining("offset 100")
                .hasMessageContaining("file:/chk-1/part");
    }

    @Test
    void aNegativeCountIsRejectedBeforeTheReaderRuns() throws IOException {
        DataInputDeserializer in = withEnd(body(1, -5), 0);
        List<Integer> calls = new ArrayList<>();
        assertThatThrownBy(() -> KeyedSnapshotFormat.readSections(in, 3, 9, 100, "file:/chk-1/part",
                        (s, c) -> calls.add(c)))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("negative entry count -5")
                .hasMessageContaining("file:/chk-1/part");
        assertThat(calls).isEmpty();
    }

    @Test
    void bytesAfterTheEndOfTheBlockAreRejected() throws IOException {
        DataInputDeserializer in = withEnd(body(0, 1), 2);
        assertThatThrownBy(() -> KeyedSnapshotFormat.readSections(in, 1, 4, 64, "file:/chk-2/part",
                        (s, c) -> in.readLong()))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("2 unexpected trailing bytes in key group 4 at offset 64 of file:/chk-2/part");
    }

    @Test
    void aBodyThatEndsBeforeItsEndMarkerFails() throws IOException {
        DataInputDeserializer in = body(0, 0);
        assertThatThrownBy(() -> KeyedSnapshotFormat.readSections(in, 1, 4, 64, "file:/chk-2/part", (s, c) -> { }))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aMisplacedKeyNamesTheStateTheBlockAndTheKeysOwnGroup() {
        CorruptCheckpointException e = KeyedSnapshotFormat.misplacedKey(42L, Long.hashCode(42L), "balance", 3, 128, 512,
                "file:/chk-3/part");
        assertThat(e.getMessage()).contains("key '42' of state 'balance' is stored in key group 3 at offset 512 of "
                + "file:/chk-3/part but belongs to key group "
                + io.cairn.state.keygroup.KeyGroupRangeAssignment.computeKeyGroupForKeyHash(Long.hashCode(42L), 128));
    }
}
