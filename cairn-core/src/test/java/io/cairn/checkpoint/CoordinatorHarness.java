package io.cairn.checkpoint;

import io.cairn.checkpoint.metadata.OperatorSubtaskState;
import io.cairn.checkpoint.stats.CheckpointMetrics;
import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStateOutputStream;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.checkpoint.storage.CheckpointedStateScope;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.common.JobID;
import io.cairn.common.ManualClock;
import io.cairn.common.ManuallyTriggeredScheduledExecutor;
import io.cairn.common.OperatorID;
import io.cairn.execution.ExecutionAttemptID;
import io.cairn.execution.ExecutionJobVertex;
import io.cairn.execution.ExecutionVertex;
import io.cairn.fs.Path;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.SharedStateRegistryImpl;
import io.cairn.state.handle.StreamStateHandle;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import io.cairn.state.keygroup.KeyGroupRangeOffsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A deterministic test bed for the coordinator: a manual clock and executor, a recording task
 * gateway, file-system storage in a temp directory, and a job of a source (p=2) and a keyed
 * operator (p=3) whose simulated tasks acknowledge with real state files.
 */
final class CoordinatorHarness {

    static final int MAX_PARALLELISM = 128;

    final ManualClock clock = new ManualClock(1_000_000);
    final ManuallyTriggeredScheduledExecutor executor = new ManuallyTriggeredScheduledExecutor(clock);
    final JobID jobId = JobID.generate();
    final ExecutionJobVertex source;
    final ExecutionJobVertex keyed;
    final RecordingGateway gateway = new RecordingGateway();
    final FileSystemCheckpointStorage storage;
    final List<Throwable> jobFailures = new CopyOnWriteArrayList<>();
    final List<Throwable> cleanupErrors = new CopyOnWriteArrayList<>();
    final CheckpointsCleaner cleaner = new CheckpointsCleaner(executor, cleanupErrors::add);
    final StandaloneCompletedCheckpointStore store;
    final CheckpointCoordinator coordinator;

    CoordinatorHarness(java.nio.file.Path dir, CheckpointCoordinatorConfiguration config, int retained,
            List<MasterTriggerRestoreHook<?>> hooks, int sourceParallelism, int keyedParallelism) {
        source = new ExecutionJobVertex("source", OperatorID.fromUid("source"), sourceParallelism, MAX_PARALLELISM, true);
        keyed = new ExecutionJobVertex("keyed", OperatorID.fromUid("keyed"), keyedParallelism, MAX_PARALLELISM, false);
        storage = new FileSystemCheckpointStorage(Path.fromLocal(dir.resolve("checkpoints")), Path.fromLocal(dir.resolve("savepoints")),
                0, 4096);
        store = new StandaloneCompletedCheckpointStore(retained, new SharedStateRegistryImpl(executor));
        coordinator = CheckpointCoordinator.builder()
                .jobId(jobId)
                .configuration(config)
                .vertices(List.of(source, keyed))
                .completedCheckpointStore(store)
                .checkpointStorage(storage)
                .timer(executor)
                .clock(clock)
                .cleaner(cleaner)
                .taskGateway(gateway)
                .failJobCallback(jobFailures::add)
                .masterHooks(hooks)
                .build();
    }

    CoordinatorHarness(java.nio.file.Path dir, CheckpointCoordinatorConfiguration config) {
        this(dir, config, 1, List.of(), 2, 3);
    }

    List<ExecutionVertex> allTasks() {
        List<ExecutionVertex> all = new ArrayList<>(source.getTaskVertices());
        all.addAll(keyed.getTaskVertices());
        return all;
    }

    Set<ExecutionJobVertex> vertices() {
        return Set.of(source, keyed);
    }

    /** Writes a real state file for a subtask through the worker view, as a task would. */
    OperatorSubtaskState writeState(ExecutionVertex task, long checkpointId) throws Exception {
        CheckpointOptions options = gateway.optionsOf(checkpointId);
        CheckpointStreamFactory factory = storage.createCheckpointStorageWorkerView(jobId)
                .resolveCheckpointStorageLocation(checkpointId, options.getTargetLocation());
        StreamStateHandle file;
        try (CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE)) {
            out.write(("state of " + task + " in " + checkpointId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            file = out.closeAndGetHandle();
        }
        ExecutionJobVertex v = task.getJobVertex();
        KeyGroupRange range = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                v.getMaxParallelism(), v.getParallelism(), task.getSubtaskIndex());
        long[] offsets = new long[range.getNumberOfKeyGroups()];
        return new OperatorSubtaskState(List.of(new KeyGroupsStateHandle(new KeyGroupRangeOffsets(range, offsets), file)), List.of());
    }

    AcknowledgeCheckpoint ack(ExecutionVertex task, long checkpointId, OperatorSubtaskState state) {
        return new AcknowledgeCheckpoint(jobId, task.getCurrentAttempt(), checkpointId,
                TaskStateSnapshot.of(task.getJobVertex().getOperatorID(), state),
                new CheckpointMetrics(1, 2, 0, 10, 10));
    }

    /** Every task acknowledges with a fresh state file. */
    void ackAll(long checkpointId) throws Exception {
        for (ExecutionVertex t : allTasks()) {
            coordinator.receiveAcknowledgeMessage(ack(t, checkpointId, writeState(t, checkpointId)), "test");
        }
    }

    void decline(ExecutionVertex task, long checkpointId) {
        coordinator.receiveDeclineMessage(new DeclineCheckpoint(jobId, task.getCurrentAttempt(), checkpointId,
                new CheckpointException(CheckpointFailureReason.CHECKPOINT_DECLINED)), "test");
    }

    /** Runs queued cleanups and other immediate work. */
    void runPending() {
        executor.triggerAll();
    }

    /** Records what the coordinator sends to tasks. */
    static final class RecordingGateway implements CheckpointTaskGateway {
        record Message(String kind, ExecutionAttemptID task, long checkpointId, CheckpointOptions options) {}

        final List<Message> messages = new CopyOnWriteArrayList<>();

        @Override
        public void triggerCheckpoint(ExecutionAttemptID task, long checkpointId, long timestamp, CheckpointOptions options) {
            messages.add(new Message("trigger", task, checkpointId, options));
        }

        @Override
        public void notifyCheckpointComplete(ExecutionAttemptID task, long checkpointId, long timestamp) {
            messages.add(new Message("complete", task, checkpointId, null));
        }

        @Override
        public void notifyCheckpointAborted(ExecutionAttemptID task, long checkpointId, long timestamp) {
            messages.add(new Message("abort", task, checkpointId, null));
        }

        List<Message> of(String kind, long checkpointId) {
            return messages.stream().filter(m -> m.kind().equals(kind) && m.checkpointId() == checkpointId).toList();
        }

        List<Long> triggeredIds() {
            return messages.stream().filter(m -> m.kind().equals("trigger")).map(Message::checkpointId).distinct().toList();
        }

        CheckpointOptions optionsOf(long checkpointId) {
            return of("trigger", checkpointId).get(0).options();
        }
    }
}
