package io.cairn.state.operator;

import static io.cairn.state.operator.OperatorStateTestSupport.contents;
import static io.cairn.state.operator.OperatorStateTestSupport.counting;
import static io.cairn.state.operator.OperatorStateTestSupport.memory;
import static io.cairn.state.operator.OperatorStateTestSupport.newBackend;
import static io.cairn.state.operator.OperatorStateTestSupport.restored;
import static io.cairn.state.operator.OperatorStateTestSupport.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.state.BroadcastState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.handle.OperatorStreamStateHandle;
import io.cairn.state.handle.StreamStateHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rescaling operator state with {@link OperatorStateRepartitioner}, checked by restoring the result. */
class OperatorStateRepartitionerTest {

    static final ListStateDescriptor<Long> SPLIT = new ListStateDescriptor<>("split", Long.class);
    static final ListStateDescriptor<String> UNION = new ListStateDescriptor<>("union", String.class);
    static final MapStateDescriptor<String, Long> BROADCAST = new MapStateDescriptor<>("broadcast", String.class, Long.class);

    /** Old subtask k holds split elements k*100 .. k*100 + 3(k+1) - 1, union "u{k}-{j}" and the same broadcast map. */
    private static List<List<OperatorStateHandle>> oldSubtasks(int parallelism) throws Exception {
        List<List<OperatorStateHandle>> result = new ArrayList<>();
        for (int k = 0; k < parallelism; k++) {
            DefaultOperatorStateBackend b = newBackend("op (" + (k + 1) + "/" + parallelism + ")");
            for (int j = 0; j < 3 * (k + 1); j++) {
                b.getListState(SPLIT).add(k * 100L + j);
            }
            b.getUnionListState(UNION).addAll(List.of("u" + k + "-0", "u" + k + "-1"));
            BroadcastState<String, Long> bc = b.getBroadcastState(BROADCAST);
            bc.put("rule-a", 1L);
            bc.put("rule-b", 2L);
            result.add(List.of(snapshot(b, memory())));
        }
        return result;
    }

    private static List<Long> allSplitElements(int parallelism) {
        List<Long> all = new ArrayList<>();
        for (int k = 0; k < parallelism; k++) {
            for (int j = 0; j < 3 * (k + 1); j++) {
                all.add(k * 100L + j);
            }
        }
        return all;
    }

    private static List<String> allUnionElements(int parallelism) {
        List<String> all = new ArrayList<>();
        for (int k = 0; k < parallelism; k++) {
            all.add("u" + k + "-0");
            all.add("u" + k + "-1");
        }
        return all;
    }

    private static void assertOneHandlePerStream(List<OperatorStateHandle> handles) {
        Set<StreamStateHandle> streams = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (OperatorStateHandle h : handles) {
            assertThat(streams.add(h.getDelegateStateHandle())).as("one handle per stream: %s", handles).isTrue();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"3, 5", "5, 3", "3, 3", "1, 4", "4, 1", "2, 7"})
    void rescaleDistributesEveryKindExactly(int oldParallelism, int newParallelism) throws Exception {
        List<List<OperatorStateHandle>> assignment =
                OperatorStateRepartitioner.repartition(oldSubtasks(oldParallelism), oldParallelism, newParallelism);
        assertThat(assignment).hasSize(newParallelism);

        List<Long> allSplit = allSplitElements(oldParallelism);
        List<Long> restoredSplit = new ArrayList<>();
        for (int i = 0; i < newParallelism; i++) {
            List<OperatorStateHandle> handles = assignment.get(i);
            assertOneHandlePerStream(handles);
            DefaultOperatorStateBackend r = restored("op (" + (i + 1) + "/" + newParallelism + ")", handles);

            List<Long> split = contents(r.getListState(SPLIT));
            int lo = allSplit.size() * i / newParallelism;
            int hi = allSplit.size() * (i + 1) / newParallelism;
            assertThat(split).as("split chunk of new subtask %d", i).containsExactlyElementsOf(allSplit.subList(lo, hi));
            restoredSplit.addAll(split);

            assertThat(contents(r.getUnionListState(UNION))).as("union on new subtask %d", i)
                    .containsExactlyElementsOf(allUnionElements(oldParallelism));

            assertThat(r.getBroadcastState(BROADCAST).entries()).as("broadcast on new subtask %d", i)
                    .containsExactlyInAnyOrderElementsOf(Map.of("rule-a", 1L, "rule-b", 2L).entrySet());
            long broadcastCopies = handles.stream()
                    .filter(h -> h.getStateNameToPartitionOffsets().containsKey("broadcast")).count();
            assertThat(broadcastCopies).as("exactly one broadcast copy").isEqualTo(1);
            r.close();
        }
        assertThat(restoredSplit).containsExactlyElementsOf(allSplit);
    }

    @Test
    void rescaleThreeToFiveGivesTheExpectedChunks() throws Exception {
        // 3 + 6 + 9 = 18 elements over 5 subtasks: chunks of 3, 4, 3, 4, 4
        List<List<OperatorStateHandle>> assignment = OperatorStateRepartitioner.repartition(oldSubtasks(3), 3, 5);
        List<List<Long>> chunks = new ArrayList<>();
        for (List<OperatorStateHandle> handles : assignment) {
            chunks.add(contents(restored("op", handles).getListState(SPLIT)));
        }
        assertThat(chunks).containsExactly(
                List.of(0L, 1L, 2L),
                List.of(100L, 101L, 102L, 103L),
                List.of(104L, 105L, 200L),
                List.of(201L, 202L, 203L, 204L),
                List.of(205L, 206L, 207L, 208L));
    }

    @Test
    void broadcastComesFromOldSubtaskIModOldParallelism() throws Exception {
        List<List<OperatorStateHandle>> old = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            DefaultOperatorStateBackend b = newBackend("op");
            b.getBroadcastState(BROADCAST).put("from", (long) k);
            old.add(List.of(snapshot(b, memory())));
        }
        List<List<OperatorStateHandle>> assignment = OperatorStateRepartitioner.repartition(old, 3, 5);
        for (int i = 0; i < 5; i++) {
            assertThat(assignment.get(i)).hasSize(1);
            assertThat(assignment.get(i).get(0)).isSameAs(old.get(i % 3).get(0));
            assertThat(restored("op", assignment.get(i)).getBroadcastState(BROADCAST).get("from")).isEqualTo((long) (i % 3));
        }
    }

    @Test
    void sameParallelismWithOnlySplitStateKeepsTheAssignment() throws Exception {
        List<List<OperatorStateHandle>> old = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            DefaultOperatorStateBackend b = newBackend("op");
            b.getListState(SPLIT).addAll(List.of((long) k, k + 10L));
            old.add(List.of(snapshot(b, memory())));
        }
        List<List<OperatorStateHandle>> assignment = OperatorStateRepartitioner.repartition(old, 3, 3);
        assertThat(assignment).isEqualTo(old);
        for (int k = 0; k < 3; k++) {
            assertThat(assignment.get(k).get(0)).isSameAs(old.get(k).get(0));
        }
    }

    @Test
    void subtasksWithoutStateAndEmptyListsAreHandled() throws Exception {
        DefaultOperatorStateBackend b = newBackend("op");
        b.getListState(SPLIT).addAll(List.of(1L, 2L, 3L));
        List<List<OperatorStateHandle>> old = new ArrayList<>();
        old.add(List.of());
        old.add(List.of(snapshot(b, memory())));
        old.add(null);
        List<List<OperatorStateHandle>> assignment = OperatorStateRepartitioner.repartition(old, 3, 6);
        List<Long> all = new ArrayList<>();
        for (List<OperatorStateHandle> handles : assignment) {
            assertThat(handles.size()).isLessThanOrEqualTo(1);
            all.addAll(contents(restored("op", handles).getListState(SPLIT)));
        }
        assertThat(all).containsExactly(1L, 2L, 3L);
    }

    @Test
    void invalidArgumentsAreRejectedWithTheirValues() {
        assertThatThrownBy(() -> OperatorStateRepartitioner.repartition(List.of(List.of()), 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("newParallelism=0");
        assertThatThrownBy(() -> OperatorStateRepartitioner.repartition(List.of(List.of()), 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("oldParallelism=0");
        assertThatThrownBy(() -> OperatorStateRepartitioner.repartition(List.of(List.of()), 2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("oldParallelism=2").hasMessageContaining("1 lists");
    }

    @Test
    void conflictingModesAreRejected() throws Exception {
        DefaultOperatorStateBackend a = newBackend("a");
        a.getListState(new ListStateDescriptor<>("s", Long.class)).add(1L);
        DefaultOperatorStateBackend b = newBackend("b");
        b.getUnionListState(new ListStateDescriptor<>("s", Long.class)).add(1L);
        List<List<OperatorStateHandle>> old = List.of(List.of(snapshot(a, memory())), List.of(snapshot(b, memory())));
        assertThatThrownBy(() -> OperatorStateRepartitioner.repartition(old, 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'s'").hasMessageContaining("SPLIT_DISTRIBUTE").hasMessageContaining("UNION");
    }

    @Test
    void parallelismThousandWithUnionStateGivesOneHandlePerOldStreamAndOpensEachOnce() throws Exception {
        int parallelism = 1000;
        List<ListStateDescriptor<Long>> unions = List.of(
                new ListStateDescriptor<>("offsets", Long.class),
                new ListStateDescriptor<>("watermarks", Long.class),
                new ListStateDescriptor<>("epochs", Long.class));
        List<List<OperatorStateHandle>> old = new ArrayList<>(parallelism);
        List<CountingStreamStateHandle> streams = new ArrayList<>(parallelism);
        for (int k = 0; k < parallelism; k++) {
            DefaultOperatorStateBackend b = newBackend("source (" + (k + 1) + "/" + parallelism + ")");
            for (int s = 0; s < unions.size(); s++) {
                b.getUnionListState(unions.get(s)).addAll(List.of(k * 10L + s + 1, -(k * 10L + s + 1)));
            }
            OperatorStateHandle handle = counting(snapshot(b, memory()));
            streams.add((CountingStreamStateHandle) handle.getDelegateStateHandle());
            old.add(List.of(handle));
        }

        List<List<OperatorStateHandle>> assignment = OperatorStateRepartitioner.repartition(old, parallelism, parallelism);
        assertThat(assignment).hasSize(parallelism);
        for (List<OperatorStateHandle> handles : assignment) {
            assertThat(handles).hasSize(parallelism);
        }
        Set<OperatorStateHandle> distinct = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        assignment.forEach(distinct::addAll);
        assertThat(distinct).as("handles are shared, not copied per subtask").hasSize(parallelism);

        int[] restoredSubtasks = {0, 1, 517, 999};
        for (int n = 0; n < restoredSubtasks.length; n++) {
            DefaultOperatorStateBackend r = restored("source", assignment.get(restoredSubtasks[n]));
            int expectedOpens = n + 1;
            assertThat(streams).allSatisfy(c -> assertThat(c.opens()).isEqualTo(expectedOpens));
            for (int s = 0; s < unions.size(); s++) {
                List<Long> elements = contents(r.getUnionListState(unions.get(s)));
                assertThat(elements).hasSize(2 * parallelism);
                assertThat(new HashSet<>(elements)).hasSize(2 * parallelism);
                int state = s;
                assertThat(elements).contains(state + 1L, 9991L + state, -(9991L + state));
            }
            r.close();
        }
    }

    @Test
    void splitAndUnionFromOneStreamArriveInOneHandle() throws Exception {
        List<List<OperatorStateHandle>> old = oldSubtasks(2);
        List<List<OperatorStateHandle>> assignment = OperatorStateRepartitioner.repartition(old, 2, 4);
        Map<StreamStateHandle, Integer> oldIndex = new LinkedHashMap<>();
        for (int k = 0; k < old.size(); k++) {
            oldIndex.put(old.get(k).get(0).getDelegateStateHandle(), k);
        }
        for (List<OperatorStateHandle> handles : assignment) {
            // union states come from every old stream, so each new subtask has one handle per old stream
            assertThat(handles).hasSize(2);
            assertThat(handles.stream().map(h -> oldIndex.get(h.getDelegateStateHandle())).collect(Collectors.toList()))
                    .containsExactly(0, 1);
            assertThat(handles).allSatisfy(h -> assertThat(h).isInstanceOf(OperatorStreamStateHandle.class));
        }
    }
}
