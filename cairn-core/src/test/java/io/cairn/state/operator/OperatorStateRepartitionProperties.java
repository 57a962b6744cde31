package io.cairn.state.operator;

import static io.cairn.state.operator.OperatorStateTestSupport.contents;
import static io.cairn.state.operator.OperatorStateTestSupport.memory;
import static io.cairn.state.operator.OperatorStateTestSupport.newBackend;
import static io.cairn.state.operator.OperatorStateTestSupport.restored;
import static io.cairn.state.operator.OperatorStateTestSupport.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.state.ListStateDescriptor;
import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.handle.StreamStateHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Rescaling split and union list state from random old subtasks to a random new parallelism, checked
 * by restoring every new subtask.
 */
class OperatorStateRepartitionProperties {

    static final ListStateDescriptor<Integer> SPLIT = new ListStateDescriptor<>("split", Integer.class);
    static final ListStateDescriptor<Integer> UNION = new ListStateDescriptor<>("union", Integer.class);

    @Property(tries = 300)
    void splitElementsAreNeitherLostNorDuplicatedAndChunksAreEven(
            @ForAll @Size(min = 1, max = 8) List<@Size(max = 25) List<@IntRange(min = -50, max = 50) Integer>> oldElements,
            @ForAll @IntRange(min = 1, max = 8) int newParallelism)
            throws Exception {
        int oldParallelism = oldElements.size();
        List<List<OperatorStateHandle>> old = new ArrayList<>();
        List<Integer> allOld = new ArrayList<>();
        List<Integer> allUnion = new ArrayList<>();
        for (int k = 0; k < oldParallelism; k++) {
            DefaultOperatorStateBackend b = newBackend("op (" + (k + 1) + "/" + oldParallelism + ")");
            b.getListState(SPLIT).addAll(oldElements.get(k));
            b.getUnionListState(UNION).add(k);
            allOld.addAll(oldElements.get(k));
            allUnion.add(k);
            old.add(List.of(snapshot(b, memory())));
        }

        List<List<OperatorStateHandle>> assignment = OperatorStateRepartitioner.repartition(old, oldParallelism, newParallelism);
        assertThat(assignment).hasSize(newParallelism);

        List<Integer> allNew = new ArrayList<>();
        int minChunk = Integer.MAX_VALUE;
        int maxChunk = 0;
        for (List<OperatorStateHandle> handles : assignment) {
            Set<StreamStateHandle> streams = Collections.newSetFromMap(new IdentityHashMap<>());
            for (OperatorStateHandle h : handles) {
                assertThat(streams.add(h.getDelegateStateHandle())).as("at most one handle per old stream").isTrue();
            }
            assertThat(handles).hasSize(oldParallelism);
            DefaultOperatorStateBackend r = restored("op", handles);
            List<Integer> chunk = contents(r.getListState(SPLIT));
            allNew.addAll(chunk);
            minChunk = Math.min(minChunk, chunk.size());
            maxChunk = Math.max(maxChunk, chunk.size());
            assertThat(contents(r.getUnionListState(UNION))).containsExactlyElementsOf(allUnion);
        }
        // chunks are contiguous and in order, so the concatenation is the old concatenation itself
        assertThat(allNew).containsExactlyElementsOf(allOld);
        assertThat(maxChunk - minChunk).as("chunk sizes differ by at most one").isLessThanOrEqualTo(1);
    }
}
