package io.cairn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.serialization.StringSerializer;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.heap.HashMapStateBackend;
import io.cairn.state.keyed.KeyedStateBackend;
import io.cairn.state.operator.OperatorStateBackend;
import io.cairn.runtime.tasks.AbstractInvokable;
import io.cairn.runtime.tasks.InvokableRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's usage examples, almost exactly as written, run as tasks. */
class SeedExamplesTest {

    // ---- from the seed: "Using KeyedStateBackend in a task"
    public static class MyKeyedTask extends AbstractInvokable {
        private KeyedStateBackend<String> keyedStateBackend;
        private ValueState<Integer> countState;

        @Override
        public void invoke() throws Exception {
            // Get keyed state backend from runtime context
            keyedStateBackend = getRuntimeContext().getKeyedStateBackend();

            // Create state descriptor
            ValueStateDescriptor<Integer> descriptor = new ValueStateDescriptor<>("count", Integer.class);

            // Get state
            countState = keyedStateBackend.getPartitionedState(
                    VoidNamespace.INSTANCE,
                    VoidNamespaceSerializer.INSTANCE,
                    descriptor);

            // Use state
            keyedStateBackend.setCurrentKey("user123");
            Integer currentCount = countState.value();
            countState.update(currentCount == null ? 1 : currentCount + 1);
        }
    }

    // ---- from the seed: "Using OperatorStateBackend"
    public static class MyOperatorTask extends AbstractInvokable {
        private OperatorStateBackend operatorStateBackend;
        private ListState<String> bufferState;
        Iterable<String> seen;

        @Override
        public void invoke() throws Exception {
            operatorStateBackend = getRuntimeContext().getOperatorStateBackend();

            // Create list state for buffering
            ListStateDescriptor<String> descriptor = new ListStateDescriptor<>("buffer", String.class);
            bufferState = operatorStateBackend.getListState(descriptor);

            // Use state
            bufferState.add("new_item");
            Iterable<String> bufferedItems = bufferState.get();
            seen = bufferedItems;
        }
    }

    @Test
    void keyedTaskCountsPerKey() throws Exception {
        try (InvokableRunner.Run run = InvokableRunner.run(new MyKeyedTask(), new HashMapStateBackend(), StringSerializer.INSTANCE,
                128, 1, 0, List.of(), List.of())) {
            @SuppressWarnings("unchecked")
            KeyedStateBackend<String> keyed = (KeyedStateBackend<String>) run.keyed();
            keyed.setCurrentKey("user123");
            ValueState<Integer> count = keyed.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                    new ValueStateDescriptor<>("count", Integer.class));
            assertThat(count.value()).isEqualTo(1);
        }
    }

    @Test
    void operatorTaskBuffers() throws Exception {
        MyOperatorTask task = new MyOperatorTask();
        try (InvokableRunner.Run run = InvokableRunner.run(task, new HashMapStateBackend(), StringSerializer.INSTANCE,
                128, 1, 0, List.of(), List.of())) {
            assertThat(task.seen).containsExactly("new_item");
            assertThat(run.operator().getRegisteredStateNames()).contains("buffer");
        }
    }
}
