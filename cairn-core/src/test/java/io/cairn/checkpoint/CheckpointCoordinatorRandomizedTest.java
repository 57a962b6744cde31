package io.cairn.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.checkpoint.metadata.OperatorState;
import io.cairn.checkpoint.metadata.OperatorSubtaskState;
import io.cairn.checkpoint.storage.SavepointFormatType;
import io.cairn.common.JobStatus;
import io.cairn.execution.ExecutionVertex;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of random interleavings of trigger, acknowledge, decline, timeout and completion, each
 * checked against invariants: ids strictly increase, at most max-concurrent are pending, every
 * completed checkpoint is loadable from its {@code _metadata}, and at the end exactly the state files
 * of retained checkpoints and completed savepoints exist (nothing referenced was deleted, nothing
 * unreferenced leaked).
 */
class CheckpointCoordinatorRandomizedTest {

    @TempDir
    Path tmp;

    @Test
    void randomInterleavingsKeepTheInvariants() throws Exception {
        for (int run = 0; run < 300; run++) {
            runOnce(new Random(run), Files.createTempDirectory(tmp, "run" + run), run);
        }
    }

    private void runOnce(Random random, Path dir, int run) throws Exception {
        int maxConcurrent = 1 + random.nextInt(3);
        int retained = 1 + random.nextInt(3);
        CheckpointCoordinatorConfiguration config = CheckpointCoordinatorConfiguration.builder()
                .setMaxConcurrentCheckpoints(maxConcurrent)
                .setCheckpointTimeout(1_000)
                .setTolerableCheckpointFailureNumber(Integer.MAX_VALUE)
                .build();
        CoordinatorHarness h = new CoordinatorHarness(dir, config, retained, List.of(), 1 + random.nextInt(2), 1 + random.nextInt(3));
        List<Path> written = new ArrayList<>();
        List<CompletableFuture<CompletedCheckpoint>> futures = new ArrayList<>();
        Set<String> acked = new HashSet<>();
        String where = "run " + run;
        for (int step = 0; step < 60; step++) {
            int op = random.nextInt(100);
            List<Long> pending = h.coordinator.getPendingCheckpointIds();
            if (op < 20) {
                futures.add(h.coordinator.triggerCheckpoint(false));
            } else if (op < 24) {
                futures.add(h.coordinator.triggerSavepoint(null, SavepointFormatType.CANONICAL));
            } else if (op < 75 && !pending.isEmpty()) {
                long id = pending.get(random.nextInt(pending.size()));
                List<ExecutionVertex> tasks = h.allTasks();
                ExecutionVertex t = tasks.get(random.nextInt(tasks.size()));
                if (!acked.add(id + "/" + t)) {
                    continue; // a real task acknowledges a checkpoint once
                }
                OperatorSubtaskState state = h.writeState(t, id);
                written.add(fileOf(state));
                h.coordinator.receiveAcknowledgeMessage(h.ack(t, id, state), "test");
            } else if (op < 80 && !pending.isEmpty()) {
                h.decline(h.allTasks().get(0), pending.get(random.nextInt(pending.size())));
            } else if (op < 95) {
                h.executor.advanceTime(random.nextInt(400), TimeUnit.MILLISECONDS);
            } else {
                h.runPending();
            }
            assertThat(h.coordinator.getNumberOfPendingCheckpoints()).as(where).isLessThanOrEqualTo(maxConcurrent);
            List<Long> ids = h.gateway.triggeredIds();
            for (int i = 1; i < ids.size(); i++) {
                assertThat(ids.get(i)).as(where).isGreaterThan(ids.get(i - 1));
            }
        }
        Set<Path> mustExist = new HashSet<>();
        for (CompletedCheckpoint c : h.store.getAllCheckpoints()) {
            CompletedCheckpoint loaded = CompletedCheckpoint.load(c.getExternalPointer());
            assertThat(loaded.getOperatorStates()).as(where).isEqualTo(c.getOperatorStates());
            mustExist.addAll(files(c));
        }
        for (CompletableFuture<CompletedCheckpoint> f : futures) {
            if (f.isDone() && !f.isCompletedExceptionally() && f.join().getProperties().isSavepoint()) {
                mustExist.addAll(files(f.join()));
            }
        }
        h.coordinator.shutdown(JobStatus.SUSPENDED);
        h.runPending();
        for (Path p : written) {
            assertThat(Files.exists(p)).as("%s: %s exists iff referenced by a retained checkpoint or savepoint", where, p)
                    .isEqualTo(mustExist.contains(p));
        }
        assertThat(h.cleanupErrors).as(where).isEmpty();
    }

    private static Path fileOf(OperatorSubtaskState s) {
        KeyGroupsStateHandle h = (KeyGroupsStateHandle) s.getManagedKeyedState().get(0);
        return ((FileStateHandle) h.getDelegateStateHandle()).getFilePath().toLocalPath();
    }

    private static Set<Path> files(CompletedCheckpoint c) {
        Set<Path> result = new HashSet<>();
        for (OperatorState os : c.getOperatorStates().values()) {
            for (OperatorSubtaskState s : os.getSubtaskStates().values()) {
                for (KeyedStateHandle k : s.getManagedKeyedState()) {
                    result.add(((FileStateHandle) ((KeyGroupsStateHandle) k).getDelegateStateHandle()).getFilePath().toLocalPath());
                }
            }
        }
        return result;
    }
}
