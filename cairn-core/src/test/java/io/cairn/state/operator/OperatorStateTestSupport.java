package io.cairn.state.operator;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.checkpoint.storage.MemCheckpointStreamFactory;
import io.cairn.state.ListState;
import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.handle.OperatorStreamStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StateHandles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableFuture;

/** Helpers shared by the operator state tests. */
final class OperatorStateTestSupport {

    private OperatorStateTestSupport() {}

    static DefaultOperatorStateBackend newBackend(String id) {
        return new DefaultOperatorStateBackend(id, OperatorStateTestSupport.class.getClassLoader());
    }

    static CheckpointStreamFactory memory() {
        return new MemCheckpointStreamFactory(16 << 20);
    }

    /** Takes a snapshot and runs its asynchronous part; null if the snapshot is empty. */
    static OperatorStateHandle snapshot(OperatorStateBackend backend, CheckpointStreamFactory factory)
            throws IOException, InterruptedException, ExecutionException {
        RunnableFuture<SnapshotResult<OperatorStateHandle>> future =
                backend.snapshot(1L, 1000L, factory, CheckpointOptions.forCheckpointWithDefaultLocation());
        future.run();
        return future.get().getJobManagerOwnedSnapshot();
    }

    static DefaultOperatorStateBackend restored(String id, List<OperatorStateHandle> handles) throws IOException {
        DefaultOperatorStateBackend backend = newBackend(id);
        backend.restore(StateHandles.of(handles));
        return backend;
    }

    static <T> List<T> contents(ListState<T> state) {
        List<T> out = new ArrayList<>();
        state.get().forEach(out::add);
        return out;
    }

    /** The same handle, over a delegate that counts how often it is opened. */
    static OperatorStateHandle counting(OperatorStateHandle handle) {
        return new OperatorStreamStateHandle(
                handle.getStateNameToPartitionOffsets(), new CountingStreamStateHandle(handle.getDelegateStateHandle()));
    }
}
