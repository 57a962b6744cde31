package io.cairn.checkpoint.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointInspectorTest {

    @TempDir
    java.nio.file.Path tmp;

    @Test
    void reportsOperatorsHandlesStatesSerializersAndEntryCounts() throws Exception {
        String path = TestCheckpoints.write(tmp, 0);
        CheckpointReport r = CheckpointInspector.inspect(path);

        assertThat(r.checkpointId()).isEqualTo(1);
        assertThat(r.type()).isEqualTo("checkpoint");
        assertThat(r.metadataVersion()).isEqualTo(1);
        assertThat(r.metadataFile()).endsWith("/chk-1/_metadata");
        assertThat(r.triggerTimestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(r.completionTimestamp()).isEqualTo(1_700_000_000_250L);
        assertThat(r.masterStates()).containsExactly(new MasterStateReport("hook", 2, 5));
        assertThat(r.operators()).hasSize(2);

        OperatorReport op = r.operator(TestCheckpoints.KEYED.toHexString());
        assertThat(op.parallelism()).isEqualTo(2);
        assertThat(op.maxParallelism()).isEqualTo(16);
        assertThat(op.subtasks()).extracting(SubtaskReport::index).containsExactly(0, 1);
        HandleReport keyed0 = op.subtasks().get(0).handles().get(0);
        assertThat(keyed0.kind()).isEqualTo("key-groups");
        assertThat(keyed0.keyGroups()).isEqualTo("0..7");
        assertThat(keyed0.location()).startsWith("file:").contains("/chk-1/");
        assertThat(op.subtasks().get(1).handles().get(0).keyGroups()).isEqualTo("8..15");
        assertThat(op.subtasks().get(0).handles().get(1).kind()).isEqualTo("operator");
        long handleSum = op.subtasks().stream().flatMap(s -> s.handles().stream()).mapToLong(HandleReport::size).sum();
        assertThat(handleSum).isEqualTo(op.stateSize()).isEqualTo(r.totalSize());

        List<StreamReport> keyedStreams = op.streams().stream().filter(s -> s.kind().equals("keyed")).toList();
        assertThat(keyedStreams).hasSize(2);
        assertThat(keyedStreams.get(0).keySerializer()).isEqualTo("LongSerializer");
        assertThat(keyedStreams.get(0).keyGroups()).isEqualTo("0..7");
        Map<String, Long> totals = new HashMap<>();
        for (StreamReport s : keyedStreams) {
            for (StateReport st : s.states()) {
                totals.merge(st.name(), st.count(), Long::sum);
            }
        }
        assertThat(totals).isEqualTo(TestCheckpoints.EXPECTED_ENTRIES);
        Map<String, StateReport> byName = new HashMap<>();
        keyedStreams.get(0).states().forEach(s -> byName.put(s.name(), s));
        assertThat(byName.get("balance")).extracting(StateReport::kind, StateReport::namespaceSerializer, StateReport::valueSerializer)
                .containsExactly("VALUE", "VoidNamespaceSerializer", "LongSerializer");
        assertThat(byName.get("limits")).extracting(StateReport::kind, StateReport::valueSerializer)
                .containsExactly("MAP", "MapSerializer<StringSerializer, LongSerializer>");
        assertThat(byName.get("amounts")).extracting(StateReport::kind, StateReport::valueSerializer)
                .containsExactly("LIST", "ListSerializer<LongSerializer>");
        assertThat(byName.get("profile").valueSerializer()).isEqualTo("RecordSerializer<" + Profile.class.getName() + ">");
        assertThat(byName.get("windowed").namespaceSerializer()).isEqualTo("LongSerializer");

        List<StreamReport> operatorStreams = op.streams().stream().filter(s -> s.kind().equals("operator")).toList();
        assertThat(operatorStreams).hasSize(2);
        assertThat(operatorStreams.get(1).subtasks()).containsExactly(1);
        assertThat(operatorStreams.get(0).states())
                .extracting(StateReport::name, StateReport::kind, StateReport::count)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("offsets", "SPLIT_DISTRIBUTE", 2L),
                        org.assertj.core.groups.Tuple.tuple("committables", "UNION", 1L),
                        org.assertj.core.groups.Tuple.tuple("rules", "BROADCAST", 1L));
        StateReport rules = operatorStreams.get(0).states().stream().filter(s -> s.name().equals("rules")).findFirst().orElseThrow();
        assertThat(rules.keySerializer()).isEqualTo("StringSerializer");
        assertThat(rules.valueSerializer()).isEqualTo("StringSerializer");

        OperatorReport stateless = r.operator(TestCheckpoints.STATELESS.toHexString());
        assertThat(stateless.subtasks()).isEmpty();
        assertThat(stateless.streams()).isEmpty();
    }

    @Test
    void inlineStateIsReportedAsInline() throws Exception {
        CheckpointReport r = CheckpointInspector.inspect(TestCheckpoints.write(tmp, 1024 * 1024) + "/_metadata");
        OperatorReport op = r.operator(TestCheckpoints.KEYED.toHexString());
        for (SubtaskReport s : op.subtasks()) {
            for (HandleReport h : s.handles()) {
                assertThat(h.location()).isEqualTo("inline (" + h.size() + " bytes)");
            }
        }
        long balance = op.streams().stream().flatMap(s -> s.states().stream()).filter(s -> s.name().equals("balance"))
                .mapToLong(StateReport::count).sum();
        assertThat(balance).isEqualTo(TestCheckpoints.KEYS);
    }

    @Test
    void textShowsTheEssentials() throws Exception {
        CheckpointReport r = CheckpointInspector.inspect(TestCheckpoints.write(tmp, 0));
        String text = r.toText();
        assertThat(text).startsWith("checkpoint 1 at file:");
        assertThat(text).contains("metadata:  file:", "(version 1, ")
                .contains("triggered: 2023-11-14T22:13:20Z", "(250 ms)")
                .contains("hook  version 2, 5 bytes")
                .contains("operator " + TestCheckpoints.KEYED.toHexString() + "  parallelism 2, max parallelism 16")
                .contains("key-groups  0..7")
                .containsPattern("\"balance\" +VALUE +namespace VoidNamespaceSerializer value LongSerializer  \\d+ entries")
                .containsPattern("\"offsets\" +SPLIT_DISTRIBUTE +element LongSerializer  2 elements")
                .containsPattern("\"rules\" +BROADCAST +key StringSerializer value StringSerializer  1 record");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonParsesBackToTheReport() throws Exception {
        CheckpointReport r = CheckpointInspector.inspect(TestCheckpoints.write(tmp, 0));
        Map<String, Object> json = MiniJson.object(r.toJson());
        assertThat(json).containsEntry("checkpointId", 1L).containsEntry("type", "checkpoint")
                .containsEntry("metadataVersion", 1L).containsEntry("totalSize", r.totalSize())
                .containsEntry("path", r.path());
        List<Object> operators = (List<Object>) json.get("operators");
        assertThat(operators).hasSize(2);
        Map<String, Object> op = (Map<String, Object>) operators.get(0);
        assertThat(op).containsEntry("operatorId", TestCheckpoints.KEYED.toHexString())
                .containsEntry("parallelism", 2L).containsEntry("maxParallelism", 16L);
        List<Object> streams = (List<Object>) op.get("streams");
        Map<String, Object> stream = (Map<String, Object>) streams.get(0);
        assertThat(stream).containsEntry("kind", "keyed").containsEntry("keySerializer", "LongSerializer");
        List<Object> states = (List<Object>) stream.get("states");
        assertThat(states).anySatisfy(s -> assertThat((Map<String, Object>) s)
                .containsEntry("name", "limits").containsEntry("kind", "MAP").containsEntry("keySerializer", null));
        assertThat((List<Object>) json.get("masterStates")).containsExactly(Map.of("name", "hook", "version", 2L, "size", 5L));
    }

    @Test
    void incrementalHandlesAreDescribedWithoutStreams() throws Exception {
        CheckpointReport r = CheckpointInspector.inspect(TestCheckpoints.writeIncremental(tmp));
        OperatorReport op = r.operator(TestCheckpoints.KEYED.toHexString());
        assertThat(op.subtasks().get(0).handles()).containsExactly(
                new HandleReport("incremental", "0..15", "meta inline (2 bytes), 1 shared and 0 private pieces", 5));
        assertThat(op.streams()).isEmpty();
        assertThat(r.toText()).contains("incremental 0..15     meta inline (2 bytes)");
    }

    @Test
    void selfContainedNativeHandlesAreDescribedAsNative() throws Exception {
        CheckpointReport r = CheckpointInspector.inspect(TestCheckpoints.writeIncremental(tmp, false));
        OperatorReport op = r.operator(TestCheckpoints.KEYED.toHexString());
        assertThat(op.subtasks().get(0).handles()).containsExactly(
                new HandleReport("native", "0..15", "meta inline (2 bytes), 0 shared and 1 private pieces", 5));
        assertThat(op.streams()).isEmpty();
        assertThat(r.toText()).contains("native      0..15     meta inline (2 bytes), 0 shared and 1 private pieces");
    }

    @Test
    void missingCheckpointIsFileNotFound() {
        assertThatThrownBy(() -> CheckpointInspector.inspect(tmp.resolve("nothing").toString()))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining("nothing");
    }

    @Test
    void jsonWriterEscapesAndRendersValues() {
        assertThat(Json.quote("a\"b\\c\n\t\u0001\u2028é")).isEqualTo("\"a\\\"b\\\\c\\n\\t\\u0001\\u2028é\"");
        assertThat(Json.write(List.of(1, 2.5, true, "x"))).isEqualTo("[1,2.5,true,\"x\"]");
        assertThat(Json.write(Double.NaN)).isEqualTo("\"NaN\"");
        assertThat(Json.write(new byte[] {1, 2, 3})).isEqualTo("\"AQID\"");
        assertThat(Json.write(new long[] {4, 5})).isEqualTo("[4,5]");
        assertThat(Json.write(Map.of(7, List.of()))).isEqualTo("{\"7\":[]}");
        assertThat(Json.write(new Profile("n", 3, List.of("t"), new byte[0])))
                .isEqualTo("{\"name\":\"n\",\"age\":3,\"tags\":[\"t\"],\"avatar\":\"\"}");
        assertThat(Json.write(java.time.Duration.ofSeconds(1))).isEqualTo("\"PT1S\"");
        assertThat(Json.write(null)).isEqualTo("null");
        record Hidden(int a) {}
        assertThat(Json.write(new Hidden(1))).isEqualTo("{\"a\":1}");
        assertThat(MiniJson.parse(Json.quote("\u0000 \u001f \" \\ / ü"))).isEqualTo("\u0000 \u001f \" \\ / ü");
    }
}
