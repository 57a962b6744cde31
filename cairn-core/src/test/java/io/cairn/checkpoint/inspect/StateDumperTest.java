package io.cairn.checkpoint.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDumperTest {

    @TempDir
    java.nio.file.Path tmp;

    String checkpoint;

    @BeforeEach
    void write() throws Exception {
        checkpoint = TestCheckpoints.write(tmp, 0);
    }

    private List<String> dump(String operator, String state, String key) throws Exception {
        List<String> lines = new ArrayList<>();
        long n = StateDumper.dump(checkpoint, operator, state, key, lines::add);
        assertThat(n).isEqualTo(lines.size());
        return lines;
    }

    @Test
    void valueOfOneKeyByUid() throws Exception {
        assertThat(dump(TestCheckpoints.KEYED_UID, "balance", "42")).containsExactly("{\"key\":42,\"value\":420}");
    }

    @Test
    void allEntriesWithoutFilterByHexId() throws Exception {
        List<String> lines = dump(TestCheckpoints.KEYED.toHexString(), "balance", null);
        assertThat(lines).hasSize(TestCheckpoints.KEYS);
        for (String line : lines) {
            Map<String, Object> o = MiniJson.object(line);
            assertThat(o).containsOnlyKeys("key", "value");
            assertThat(o.get("value")).isEqualTo((Long) o.get("key") * 10);
        }
    }

    @Test
    void mapsListsRecordsAndNamespaces() throws Exception {
        assertThat(MiniJson.object(dump(TestCheckpoints.KEYED_UID, "limits", "3").get(0)))
                .isEqualTo(Map.of("key", 3L, "value", Map.of("daily", 3L, "weekly", 21L)));
        assertThat(dump(TestCheckpoints.KEYED_UID, "amounts", "4")).containsExactly("{\"key\":4,\"value\":[4,5]}");
        assertThat(dump(TestCheckpoints.KEYED_UID, "amounts", null)).hasSize(50);
        assertThat(dump(TestCheckpoints.KEYED_UID, "profile", "1")).containsExactly(
                "{\"key\":1,\"value\":{\"name\":\"user \\\"1\\\"\",\"age\":1,\"tags\":[\"a\",\"b\"],\"avatar\":\"AQID\"}}");
        assertThat(dump(TestCheckpoints.KEYED_UID, "windowed", "2")).containsExactlyInAnyOrder(
                "{\"key\":2,\"namespace\":0,\"value\":2}", "{\"key\":2,\"namespace\":1000,\"value\":1002}");
        assertThat(dump(TestCheckpoints.KEYED_UID, "balance", "no such key")).isEmpty();
    }

    @Test
    void operatorListUnionAndBroadcastState() throws Exception {
        assertThat(dump(TestCheckpoints.KEYED_UID, "offsets", null))
                .containsExactly("{\"value\":0}", "{\"value\":1}", "{\"value\":100}", "{\"value\":101}");
        assertThat(dump(TestCheckpoints.KEYED_UID, "committables", null))
                .containsExactly("{\"value\":\"part-0\"}", "{\"value\":\"part-1\"}");
        assertThat(dump(TestCheckpoints.KEYED_UID, "rules", null))
                .containsExactlyInAnyOrder("{\"key\":\"r1\",\"value\":\"x > 1\"}", "{\"key\":\"r2\",\"value\":\"y < 2\"}");
        assertThat(dump(TestCheckpoints.KEYED_UID, "rules", "r2")).containsExactly("{\"key\":\"r2\",\"value\":\"y < 2\"}");
        assertThatThrownBy(() -> dump(TestCheckpoints.KEYED_UID, "offsets", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SPLIT_DISTRIBUTE");
    }

    @Test
    void printStreamVariantWritesLines() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            StateDumper.dump(checkpoint, TestCheckpoints.KEYED_UID, "balance", "7", out);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("{\"key\":7,\"value\":70}" + System.lineSeparator());
    }

    @Test
    void unknownOperatorListsTheOperators() {
        assertThatThrownBy(() -> dump("nope", "balance", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no operator 'nope'")
                .hasMessageContaining(TestCheckpoints.KEYED.toHexString())
                .hasMessageContaining(TestCheckpoints.STATELESS.toHexString());
    }

    @Test
    void unknownStateListsTheStates() {
        assertThatThrownBy(() -> dump(TestCheckpoints.KEYED_UID, "balanse", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no state 'balanse'")
                .hasMessageContaining("keyed states: [")
                .hasMessageContainingAll("balance", "limits", "amounts", "profile", "windowed")
                .hasMessageContaining("operator states: [")
                .hasMessageContaining("rules");
    }

    @Test
    void incrementalSnapshotsAreNotSupportedYet() throws Exception {
        String incremental = TestCheckpoints.writeIncremental(tmp.resolve("inc"));
        assertThatThrownBy(() -> StateDumper.dump(incremental, TestCheckpoints.KEYED_UID, "balance", null, l -> { }))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("dump of native snapshots (incremental or full) is not supported yet; take a canonical"
                        + " savepoint, or give the rocksdb backend state.backend.rocksdb.checkpoint.format: canonical")
                .hasMessageContaining("IncrementalKeyedStateHandle");
    }
}
