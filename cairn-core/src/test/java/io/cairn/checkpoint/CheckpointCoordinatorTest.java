package io.cairn.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.checkpoint.metadata.OperatorSubtaskState;
import io.cairn.checkpoint.stats.CheckpointStatsSnapshot;
import io.cairn.checkpoint.storage.CheckpointRetentionPolicy;
import io.cairn.checkpoint.storage.SavepointFormatType;
import io.cairn.common.JobStatus;
import io.cairn.common.OperatorID;
import io.cairn.execution.ExecutionJobVertex;
import io.cairn.execution.ExecutionVertex;
import io.cairn.serialization.SimpleVersionedSerializer;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deterministic coordinator tests: manual clock and executor, simulated tasks, no sleeps. */
class CheckpointCoordinatorTest {

    @TempDir
    Path tmp;

    static CheckpointCoordinatorConfiguration.Builder config() {
        return CheckpointCoordinatorConfiguration.builder().setCheckpointTimeout(60_000);
    }

    static CheckpointException failure(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.join();
        } catch (CompletionException e) {
            return (CheckpointException) e.getCause();
        }
        throw new AssertionError("not failed");
    }

    static java.nio.file.Path fileOf(OperatorSubtaskState s) {
        KeyGroupsStateHandle h = (KeyGroupsStateHandle) s.getManagedKeyedState().get(0);
        return ((FileStateHandle) h.getDelegateStateHandle()).getFilePath().toLocalPath();
    }

    @Test
    void triggersSourcesCompletesOnLastAckWritesMetadataAndNotifiesEveryTask() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().build());
        CompletableFuture<CompletedCheckpoint> f = h.coordinator.triggerCheckpoint(false);
        assertThat(h.gateway.of("trigger", 1)).extracting(CoordinatorHarness.RecordingGateway.Message::task)
                .containsExactlyInAnyOrderElementsOf(h.source.getTaskVertices().stream().map(ExecutionVertex::getCurrentAttempt).toList());
        assertThat(h.coordinator.getNumberOfPendingCheckpoints()).isEqualTo(1);
        List<ExecutionVertex> tasks = h.allTasks();
        for (int i = 0; i < tasks.size() - 1; i++) {
            h.coordinator.receiveAcknowledgeMessage(h.ack(tasks.get(i), 1, h.writeState(tasks.get(i), 1)), "test");
        }
        assertThat(f).isNotDone();
        h.clock.advanceTime(25, TimeUnit.MILLISECONDS);
        ExecutionVertex last = tasks.get(tasks.size() - 1);
        h.coordinator.receiveAcknowledgeMessage(h.ack(last, 1, h.writeState(last, 1)), "test");
        CompletedCheckpoint cp = f.join();
        assertThat(cp.getCheckpointId()).isEqualTo(1);
        assertThat(cp.getDuration()).isEqualTo(25);
        assertThat(h.coordinator.getNumberOfPendingCheckpoints()).isZero();
        assertThat(h.coordinator.getNumberOfRetainedSuccessfulCheckpoints()).isEqualTo(1);
        assertThat(h.gateway.of("complete", 1)).hasSize(5);
        CompletedCheckpoint loaded = CompletedCheckpoint.load(cp.getExternalPointer());
        assertThat(loaded.getOperatorStates()).isEqualTo(cp.getOperatorStates());
        assertThat(loaded.getOperatorStates().get(h.keyed.getOperatorID()).getSubtaskStates()).hasSize(3);
        assertThat(Path.of(java.net.URI.create(cp.getExternalPointer())).resolve("_metadata")).isRegularFile();
    }

    @Test
    void savepointIsWrittenToItsOwnDirectoryAndNeverSubsumed() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().setMaxConcurrentCheckpoints(3).build());
        CompletableFuture<CompletedCheckpoint> sp = h.coordinator.triggerSavepoint(null, SavepointFormatType.CANONICAL);
        h.ackAll(1);
        CompletedCheckpoint savepoint = sp.join();
        assertThat(savepoint.getProperties().isSavepoint()).isTrue();
        assertThat(savepoint.getExternalPointer()).contains("/savepoints/savepoint-" + h.jobId.toHexString().substring(0, 6));
        for (long id = 2; id <= 4; id++) {
            h.coordinator.triggerCheckpoint(false);
            h.ackAll(id);
        }
        h.runPending();
        assertThat(savepoint.isDiscarded()).isFalse();
        assertThat(CompletedCheckpoint.load(savepoint.getExternalPointer()).getCheckpointId()).isEqualTo(1);
    }

    @Test
    void pendingCheckpointsAreBoundedAndFurtherRequestsQueue() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().setMaxConcurrentCheckpoints(2).build());
        CompletableFuture<CompletedCheckpoint> c1 = h.coordinator.triggerCheckpoint(false);
        h.coordinator.triggerCheckpoint(false);
        CompletableFuture<CompletedCheckpoint> c3 = h.coordinator.triggerCheckpoint(false);
        assertThat(h.coordinator.getPendingCheckpointIds()).containsExactly(1L, 2L);
        assertThat(h.coordinator.getNumQueuedRequests()).isEqualTo(1);
        assertThat(h.gateway.triggeredIds()).containsExactly(1L, 2L);
        h.ackAll(1);
        assertThat(c1).isCompleted();
        assertThat(h.coordinator.getPendingCheckpointIds()).containsExactly(2L, 3L);
        assertThat(c3).isNotDone();
    }

    @Test
    void aQueuedSavepointGoesBeforeQueuedCheckpoints() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().build());
        h.coordinator.triggerCheckpoint(false);
        h.coordinator.triggerCheckpoint(false);
        CompletableFuture<CompletedCheckpoint> sp = h.coordinator.triggerSavepoint(null, SavepointFormatType.CANONICAL);
        h.ackAll(1);
        assertThat(h.gateway.triggeredIds()).containsExactly(1L, 2L);
        assertThat(h.gateway.optionsOf(2).getCheckpointType().isSavepoint()).isTrue();
        h.ackAll(2);
        assertThat(sp.join().getProperties().isSavepoint()).isTrue();
        assertThat(h.gateway.triggeredIds()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void minPauseDelaysTheNextCheckpointButNotASavepoint() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().setMinPauseBetweenCheckpoints(100).build());
        h.coordinator.triggerCheckpoint(false);
        h.ackAll(1);
        CompletableFuture<CompletedCheckpoint> next = h.coordinator.triggerCheckpoint(false);
        assertThat(h.coordinator.getNumberOfPendingCheckpoints()).isZero();
        h.executor.advanceTime(99, TimeUnit.MILLISECONDS);
        assertThat(h.coordinator.getNumberOfPendingCheckpoints()).isZero();
        h.executor.advanceTime(1, TimeUnit.MILLISECONDS);
        assertThat(h.coordinator.getPendingCheckpointIds()).containsExactly(2L);
        h.ackAll(2);
        assertThat(next).isCompleted();
        h.coordinator.triggerSavepoint(null, SavepointFormatType.CANONICAL);
        assertThat(h.coordinator.getPendingCheckpointIds()).containsExactly(3L);
    }

    @Test
    void periodicSchedulerTriggersEveryIntervalAndDropsExtraPeriodicRequests() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().setCheckpointInterval(500).build());
        assertThat(h.coordinator.isPeriodicCheckpointingConfigured()).isTrue();
        assertThat(h.coordinator.isPeriodicCheckpointingStarted()).isFalse();
        h.coordinator.startCheckpointScheduler();
        assertThat(h.coordinator.isPeriodicCheckpointingStarted()).isTrue();
        h.executor.advanceTime(499, TimeUnit.MILLISECONDS);
        assertThat(h.gateway.triggeredIds()).isEmpty();
        h.executor.advanceTime(1, TimeUnit.MILLISECONDS);
        assertThat(h.gateway.triggeredIds()).containsExactly(1L);
        h.executor.advanceTime(1500, TimeUnit.MILLISECONDS);
        // checkpoint 1 is still pending (max 1 concurrent): one periodic request waits, the rest are dropped
        assertThat(h.coordinator.getNumQueuedRequests()).isEqualTo(1);
        h.ackAll(1);
        assertThat(h.gateway.triggeredIds()).containsExactly(1L, 2L);
        h.coordinator.stopCheckpointScheduler();
        assertThat(h.coordinator.getNumberOfPendingCheckpoints()).isZero();
        h.executor.advanceTime(5000, TimeUnit.MILLISECONDS);
        assertThat(h.gateway.triggeredIds()).containsExactly(1L, 2L);
    }

    @Test
    void stoppingTheSchedulerDropsAQueuedPeriodicRequestAndKeepsAManualOne() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().setCheckpointInterval(500).build());
        h.coordinator.startCheckpointScheduler();
        h.executor.advanceTime(500, TimeUnit.MILLISECONDS);
        assertThat(h.gateway.triggeredIds()).containsExactly(1L);
        h.executor.advanceTime(500, TimeUnit.MILLISECONDS); // 1 is pending: the periodic request queues
        CompletableFuture<CompletedCheckpoint> manual = h.coordinator.triggerCheckpoint(false);
        assertThat(h.coordinator.getNumQueuedRequests()).isEqualTo(2);
        // as when a task is recovered alone: nothing periodic may start until the scheduler is started again
        h.coordinator.stopCheckpointScheduler();
        assertThat(h.coordinator.getNumQueuedRequests()).isZero(); // checkpoint 1 aborted: the manual one started
        assertThat(h.gateway.triggeredIds()).containsExactly(1L, 2L);
        assertThat(h.coordinator.triggerCheckpoint(true)).isCompletedExceptionally();
        h.ackAll(2);
        assertThat(manual).isCompleted();
        h.executor.advanceTime(5000, TimeUnit.MILLISECONDS);
        assertThat(h.gateway.triggeredIds()).containsExactly(1L, 2L);
        h.coordinator.startCheckpointScheduler();
        h.executor.advanceTime(500, TimeUnit.MILLISECONDS);
        assertThat(h.gateway.triggeredIds()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void stoppingOnlyThePeriodicTriggerLetsThePendingCheckpointAndAQueuedManualOneComplete() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().setCheckpointInterval(500).build());
        h.coordinator.startCheckpointScheduler();
        h.executor.advanceTime(500, TimeUnit.MILLISECONDS);
        assertThat(h.gateway.triggeredIds()).containsExactly(1L);
        h.executor.advanceTime(500, TimeUnit.MILLISECONDS); // 1 is pending: the periodic request queues
        CompletableFuture<CompletedCheckpoint> manual = h.coordinator.triggerCheckpoint(false); // as a job's final one
        assertThat(h.coordinator.getNumQueuedRequests()).isEqualTo(2);
        h.coordinator.stopPeriodicTrigger();
        assertThat(h.coordinator.getNumQueuedRequests()).isEqualTo(1);    // the periodic request is gone
        assertThat(h.coordinator.getNumberOfPendingCheckpoints()).isEqualTo(1);
        assertThat(h.coordinator.isPeriodicCheckpointingStarted()).isFalse();
        assertThat(h.coordinator.triggerCheckpoint(true)).isCompletedExceptionally();
        h.ackAll(1);                                                        // 1 completes, the manual one starts
        assertThat(h.gateway.triggeredIds()).containsExactly(1L, 2L);
        h.ackAll(2);
        assertThat(manual).isCompleted();
        h.executor.advanceTime(5000, TimeUnit.MILLISECONDS);
        assertThat(h.gateway.triggeredIds()).containsExactly(1L, 2L);
        assertThat(h.coordinator.getStatsTracker().createSnapshot().getCounts().failed()).isZero();
        h.coordinator.startCheckpointScheduler();
        h.executor.advanceTime(500, TimeUnit.MILLISECONDS);
        assertThat(h.gateway.triggeredIds()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void schedulerWithoutIntervalIsRejected() {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().build());
        assertThatThrownBy(h.coordinator::startCheckpointScheduler)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("execution.checkpointing.interval");
    }

    @Test
    void timeoutAbortsDeletesCollectedStateAndNotifiesTasks() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().setCheckpointTimeout(1_000).setTolerableCheckpointFailureNumber(5).build());
        CompletableFuture<CompletedCheckpoint> f = h.coordinator.triggerCheckpoint(false);
        ExecutionVertex t = h.allTasks().get(0);
        OperatorSubtaskState state = h.writeState(t, 1);
        h.coordinator.receiveAcknowledgeMessage(h.ack(t, 1, state), "test");
        h.executor.advanceTime(999, TimeUnit.MILLISECONDS);
        assertThat(f).isNotDone();
        h.executor.advanceTime(1, TimeUnit.MILLISECONDS);
        assertThat(failure(f).getCheckpointFailureReason()).isEqualTo(CheckpointFailureReason.CHECKPOINT_EXPIRED);
        assertThat(h.gateway.of("abort", 1)).hasSize(5);
        assertThat(fileOf(state)).doesNotExist();
        assertThat(h.coordinator.getContinuousFailureCount()).isEqualTo(1);
    }

    @Test
    void declineAbortsWithTheReason() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().setTolerableCheckpointFailureNumber(5).build());
        CompletableFuture<CompletedCheckpoint> f = h.coordinator.triggerCheckpoint(false);
        h.decline(h.allTasks().get(2), 1);
        assertThat(failure(f).getCheckpointFailureReason()).isEqualTo(CheckpointFailureReason.CHECKPOINT_DECLINED);
        assertThat(failure(f).getMessage()).contains("declined checkpoint 1");
        assertThat(h.coordinator.getNumberOfPendingCheckpoints()).isZero();
    }

    @Test
    void tooManyConsecutiveFailuresFailTheJobAndASuccessResetsTheCount() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().setTolerableCheckpointFailureNumber(1).build());
        h.coordinator.triggerCheckpoint(false);
        h.decline(h.allTasks().get(0), 1);
        h.coordinator.triggerCheckpoint(false);
        h.ackAll(2);
        assertThat(h.coordinator.getContinuousFailureCount()).isZero();
        h.coordinator.triggerCheckpoint(false);
        h.decline(h.allTasks().get(0), 3);
        assertThat(h.jobFailures).isEmpty();
        h.coordinator.triggerCheckpoint(false);
        h.decline(h.allTasks().get(0), 4);
        assertThat(h.jobFailures).hasSize(1);
        assertThat(h.jobFailures.get(0)).hasMessageContaining("tolerable");
    }

    @Test
    void failuresThatAreNotTheCheckpointsFaultDoNotCount() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().setMaxConcurrentCheckpoints(2).build());
        h.coordinator.triggerCheckpoint(false);
        h.coordinator.triggerCheckpoint(false);
        h.ackAll(2);
        assertThat(h.coordinator.getContinuousFailureCount()).isZero();
        assertThat(h.jobFailures).isEmpty();
    }

    @Test
    void lateDuplicateUnknownAndForeignAcksAreHandledSafely() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().setTolerableCheckpointFailureNumber(5).build());
        h.coordinator.triggerCheckpoint(false);
        ExecutionVertex t = h.allTasks().get(0);
        OperatorSubtaskState first = h.writeState(t, 1);
        h.coordinator.receiveAcknowledgeMessage(h.ack(t, 1, first), "test");
        // duplicate: ignored, and the recorded state must survive
        OperatorSubtaskState dup = h.writeState(t, 1);
        h.coordinator.receiveAcknowledgeMessage(h.ack(t, 1, first), "test");
        h.runPending();
        assertThat(fileOf(first)).exists();
        // unknown attempt: its state is deleted
        ExecutionVertex ghost = new ExecutionJobVertex("ghost", OperatorID.fromUid("ghost"), 1, 128, false).getTaskVertices().get(0);
        h.coordinator.receiveAcknowledgeMessage(h.ack(ghost, 1, dup), "test");
        h.runPending();
        assertThat(fileOf(dup)).doesNotExist();
        // abort, then a late ack: its state is deleted
        h.decline(h.allTasks().get(1), 1);
        ExecutionVertex late = h.allTasks().get(2);
        OperatorSubtaskState lateState = h.writeState(late, 1);
        h.coordinator.receiveAcknowledgeMessage(h.ack(late, 1, lateState), "test");
        h.runPending();
        assertThat(fileOf(lateState)).doesNotExist();
        assertThat(fileOf(first)).doesNotExist();
        // an ack for a checkpoint that never existed
        h.coordinator.triggerCheckpoint(false);
        OperatorSubtaskState unknownId = h.writeState(late, 2);
        h.coordinator.receiveAcknowledgeMessage(h.ack(late, 99, unknownId), "test");
        h.runPending();
        assertThat(fileOf(unknownId)).doesNotExist();
        // another job's ack is refused
        AcknowledgeCheckpoint foreign = new AcknowledgeCheckpoint(io.cairn.common.JobID.generate(),
                late.getCurrentAttempt(), 2, null, null);
        assertThatThrownBy(() -> h.coordinator.receiveAcknowledgeMessage(foreign, "somewhere"))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("somewhere");
    }

    @Test
    void aCompletedCheckpointSubsumesOlderPendingCheckpointsButNotSavepoints() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().setMaxConcurrentCheckpoints(3).build());
        CompletableFuture<CompletedCheckpoint> c1 = h.coordinator.triggerCheckpoint(false);
        CompletableFuture<CompletedCheckpoint> sp = h.coordinator.triggerSavepoint(null, SavepointFormatType.CANONICAL);
        h.coordinator.triggerCheckpoint(false);
        h.ackAll(3);
        assertThat(failure(c1).getCheckpointFailureReason()).isEqualTo(CheckpointFailureReason.CHECKPOINT_SUBSUMED);
        assertThat(sp).isNotDone();
        h.ackAll(2);
        assertThat(sp.join().getProperties().isSavepoint()).isTrue();
    }

    @Test
    void theStoreKeepsTheRetainedNumberAndDiscardsOlderOnes() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().build(), 2, List.of(), 2, 3);
        List<CompletedCheckpoint> done = new ArrayList<>();
        for (long id = 1; id <= 3; id++) {
            CompletableFuture<CompletedCheckpoint> f = h.coordinator.triggerCheckpoint(false);
            h.ackAll(id);
            done.add(f.join());
        }
        assertThat(h.coordinator.getNumberOfRetainedSuccessfulCheckpoints()).isEqualTo(2);
        assertThat(h.store.getAllCheckpoints()).extracting(CompletedCheckpoint::getCheckpointId).containsExactly(2L, 3L);
        h.runPending();
        assertThat(done.get(0).isDiscarded()).isTrue();
        assertThat(Path.of(java.net.URI.create(done.get(0).getExternalPointer()))).doesNotExist();
        assertThat(Path.of(java.net.URI.create(done.get(1).getExternalPointer())).resolve("_metadata")).exists();
        assertThat(h.cleanupErrors).isEmpty();
    }

    @Test
    void restoresAtTheSameParallelismAndRescaled() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().build());
        h.coordinator.triggerCheckpoint(false);
        h.ackAll(1);
        assertThat(h.coordinator.restoreLatestCheckpointedStateToAll(h.vertices(), true)).isTrue();
        for (ExecutionVertex t : h.keyed.getTaskVertices()) {
            KeyedStateHandle handle = t.getInitialState().getManagedKeyedState().get(0);
            assertThat(handle.getKeyGroupRange()).isEqualTo(KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(128, 3, t.getSubtaskIndex()));
        }
        for (int newParallelism : new int[] {2, 5}) {
            ExecutionJobVertex rescaled = new ExecutionJobVertex("keyed", h.keyed.getOperatorID(), newParallelism, 128, false);
            h.coordinator.restoreLatestCheckpointedStateToAll(Set.of(h.source, rescaled), true);
            for (ExecutionVertex t : rescaled.getTaskVertices()) {
                KeyGroupRange expected = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(128, newParallelism, t.getSubtaskIndex());
                List<KeyedStateHandle> handles = t.getInitialState().getManagedKeyedState();
                int covered = 0;
                for (KeyedStateHandle k : handles) {
                    assertThat(expected.getIntersection(k.getKeyGroupRange())).isEqualTo(k.getKeyGroupRange());
                    covered += k.getKeyGroupRange().getNumberOfKeyGroups();
                }
                assertThat(covered).as("p=%d subtask %d", newParallelism, t.getSubtaskIndex()).isEqualTo(expected.getNumberOfKeyGroups());
            }
        }
    }

    @Test
    void restoreRejectsAChangedMaxParallelismAndMissingOperators() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().build());
        h.coordinator.triggerCheckpoint(false);
        h.ackAll(1);
        ExecutionJobVertex wider = new ExecutionJobVertex("keyed", h.keyed.getOperatorID(), 3, 256, false);
        assertThatThrownBy(() -> h.coordinator.restoreLatestCheckpointedStateToAll(Set.of(h.source, wider), true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("max parallelism")
                .hasMessageContaining("128")
                .hasMessageContaining("256");
        assertThatThrownBy(() -> h.coordinator.restoreLatestCheckpointedStateToAll(Set.of(h.source), true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(h.keyed.getOperatorID().toString());
    }

    @Test
    void restoreWithoutACheckpoint() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().build());
        assertThat(h.coordinator.restoreLatestCheckpointedStateToAll(h.vertices(), false)).isFalse();
        assertThatThrownBy(() -> h.coordinator.restoreLatestCheckpointedStateToAll(h.vertices(), true))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void restoreFromASavepointPathAndPreferCheckpoint() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().setMaxConcurrentCheckpoints(2).setPreferCheckpointForRecovery(true).build(),
                3, List.of(), 2, 3);
        h.coordinator.triggerCheckpoint(false);
        h.ackAll(1);
        CompletableFuture<CompletedCheckpoint> sp = h.coordinator.triggerSavepoint(null, SavepointFormatType.CANONICAL);
        h.ackAll(2);
        assertThat(h.store.getLatestCheckpoint(true).getCheckpointId()).isEqualTo(1);
        assertThat(h.store.getLatestCheckpoint(false).getCheckpointId()).isEqualTo(2);
        CoordinatorHarness fresh = new CoordinatorHarness(tmp.resolve("fresh"), config().build());
        CompletedCheckpoint restored = fresh.coordinator.restoreSavepoint(sp.join().getExternalPointer(), false,
                Set.of(fresh.source, fresh.keyed));
        assertThat(restored.getCheckpointId()).isEqualTo(2);
        // ids continue after the restored one
        fresh.coordinator.triggerCheckpoint(false);
        assertThat(fresh.gateway.triggeredIds()).containsExactly(3L);
    }

    /** A hook whose state is a counter. */
    static final class CounterHook implements MasterTriggerRestoreHook<Long> {
        long value = 41;
        Long restored;

        @Override
        public String getIdentifier() {
            return "counter";
        }

        @Override
        public CompletableFuture<Long> triggerCheckpoint(long checkpointId, long timestamp, Executor executor) {
            return CompletableFuture.completedFuture(++value);
        }

        @Override
        public void restoreCheckpoint(long checkpointId, Long state) {
            restored = state;
        }

        @Override
        public SimpleVersionedSerializer<Long> createCheckpointDataSerializer() {
            return new SimpleVersionedSerializer<>() {
                @Override
                public int getVersion() {
                    return 1;
                }

                @Override
                public byte[] serialize(Long value) {
                    return Long.toString(value).getBytes(StandardCharsets.UTF_8);
                }

                @Override
                public Long deserialize(int version, byte[] serialized) {
                    return Long.parseLong(new String(serialized, StandardCharsets.UTF_8));
                }
            };
        }
    }

    @Test
    void masterHookIsSnapshottedAtTriggerAndRestored() throws Exception {
        CounterHook hook = new CounterHook();
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().build(), 1, List.of(hook), 2, 3);
        CompletableFuture<CompletedCheckpoint> f = h.coordinator.triggerCheckpoint(false);
        hook.value = 1000; // changes after the trigger are not in the checkpoint
        h.ackAll(1);
        assertThat(f.join().getMasterHookStates()).hasSize(1);
        assertThat(CompletedCheckpoint.load(f.join().getExternalPointer()).getMasterHookStates().iterator().next().version()).isEqualTo(1);
        h.coordinator.restoreLatestCheckpointedStateToAll(h.vertices(), true);
        assertThat(hook.restored).isEqualTo(42L);
    }

    @Test
    void statsCountAndSummarize() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, config().setTolerableCheckpointFailureNumber(5).build());
        h.coordinator.triggerCheckpoint(false);
        h.clock.advanceTime(40, TimeUnit.MILLISECONDS);
        h.ackAll(1);
        h.coordinator.triggerCheckpoint(false);
        h.decline(h.allTasks().get(0), 2);
        h.coordinator.restoreLatestCheckpointedStateToAll(h.vertices(), true);
        CheckpointStatsSnapshot s = h.coordinator.getStatsTracker().createSnapshot();
        assertThat(s.getCounts().triggered()).isEqualTo(2);
        assertThat(s.getCounts().completed()).isEqualTo(1);
        assertThat(s.getCounts().failed()).isEqualTo(1);
        assertThat(s.getCounts().restored()).isEqualTo(1);
        assertThat(s.getCounts().inProgress()).isZero();
        assertThat(s.getSummary().getEndToEndDurationStats().getMaximum()).isEqualTo(40);
        CompletedCheckpoint latest = h.store.getLatestCheckpoint();
        assertThat(latest.getStatsSummary().getAckLatencyStats().getCount()).isEqualTo(5);
        assertThat(latest.getStatsSummary().getEndToEndDurationStats().getMaximum()).isEqualTo(40);
    }

    @Test
    void shutdownAppliesTheRetentionPolicy() throws Exception {
        for (JobStatus status : new JobStatus[] {JobStatus.FINISHED, JobStatus.CANCELED, JobStatus.FAILED, JobStatus.SUSPENDED}) {
            for (CheckpointRetentionPolicy policy : CheckpointRetentionPolicy.values()) {
                Path dir = Files.createTempDirectory(tmp, "shutdown");
                CoordinatorHarness h = new CoordinatorHarness(dir, config().setCheckpointRetentionPolicy(policy).build());
                CompletableFuture<CompletedCheckpoint> done = h.coordinator.triggerCheckpoint(false);
                h.ackAll(1);
                CompletableFuture<CompletedCheckpoint> pending = h.coordinator.triggerCheckpoint(false);
                h.coordinator.shutdown(status);
                h.runPending();
                assertThat(failure(pending).getCheckpointFailureReason())
                        .isEqualTo(CheckpointFailureReason.CHECKPOINT_COORDINATOR_SHUTDOWN);
                boolean kept = Files.exists(Path.of(java.net.URI.create(done.join().getExternalPointer())).resolve("_metadata"));
                boolean expectKept = status == JobStatus.SUSPENDED
                        || (status == JobStatus.CANCELED && policy == CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION)
                        || (status == JobStatus.FAILED && policy != CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION);
                assertThat(kept).as("%s with %s", status, policy).isEqualTo(expectKept);
                assertThat(failure(h.coordinator.triggerCheckpoint(false)).getCheckpointFailureReason())
                        .isEqualTo(CheckpointFailureReason.CHECKPOINT_COORDINATOR_SHUTDOWN);
            }
        }
    }

    @Test
    void configurationRejectsBadValuesNamingThem() {
        assertThatThrownBy(() -> CheckpointCoordinatorConfiguration.builder().setCheckpointInterval(-5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
        assertThatThrownBy(() -> CheckpointCoordinatorConfiguration.builder().setCheckpointTimeout(9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout=9");
        assertThatThrownBy(() -> CheckpointCoordinatorConfiguration.builder().setMaxConcurrentCheckpoints(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> CheckpointCoordinatorConfiguration.builder().setMinPauseBetweenCheckpoints(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> CheckpointCoordinatorConfiguration.builder().setTolerableCheckpointFailureNumber(-2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2");
        io.cairn.config.Configuration c = new io.cairn.config.Configuration();
        c.setString("execution.checkpointing.interval", "2 ms");
        assertThatThrownBy(() -> CheckpointCoordinatorConfiguration.fromConfig(c))
                .hasMessageContaining("execution.checkpointing.interval");
        c.setString("execution.checkpointing.interval", "5 s");
        c.setString("execution.checkpointing.max-concurrent-checkpoints", "3");
        CheckpointCoordinatorConfiguration parsed = CheckpointCoordinatorConfiguration.fromConfig(c);
        assertThat(parsed.getCheckpointInterval()).isEqualTo(5000);
        assertThat(parsed.getMaxConcurrentCheckpoints()).isEqualTo(3);
    }
}
