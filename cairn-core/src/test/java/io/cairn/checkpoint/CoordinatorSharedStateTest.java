package io.cairn.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.checkpoint.metadata.OperatorSubtaskState;
import io.cairn.checkpoint.stats.CheckpointMetrics;
import io.cairn.checkpoint.storage.CheckpointStateOutputStream;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.checkpoint.storage.CheckpointedStateScope;
import io.cairn.execution.ExecutionVertex;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.PlaceholderStreamStateHandle;
import io.cairn.state.handle.StatePiece;
import io.cairn.state.handle.StreamStateHandle;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental state through the coordinator: shared pieces survive the subsumption of the checkpoint
 * that uploaded them while a retained checkpoint references them, and go when none does; an aborted
 * checkpoint's new pieces go at once.
 */
class CoordinatorSharedStateTest {

    @TempDir
    Path tmp;

    /** One keyed subtask's simulated incremental backend: remembers its uploaded pieces. */
    static final class Backend {
        final UUID id = UUID.randomUUID();
        final Map<String, StreamStateHandle> uploaded = new HashMap<>();
    }

    static StreamStateHandle upload(CheckpointStreamFactory f, CheckpointedStateScope scope, String content) throws Exception {
        try (CheckpointStateOutputStream out = f.createCheckpointStateOutputStream(scope)) {
            out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return out.closeAndGetHandle();
        }
    }

    /** Acknowledges checkpoint {@code id} from every task; keyed tasks reference pieces {@code names}. */
    static void ackIncremental(CoordinatorHarness h, Map<ExecutionVertex, Backend> backends, long id, List<String> names)
            throws Exception {
        CheckpointStreamFactory f = h.storage.createCheckpointStorageWorkerView(h.jobId)
                .resolveCheckpointStorageLocation(id, h.gateway.optionsOf(id).getTargetLocation());
        for (ExecutionVertex t : h.allTasks()) {
            TaskStateSnapshot state = null;
            Backend b = backends.get(t);
            if (b != null) {
                List<StatePiece> shared = new ArrayList<>();
                for (String name : names) {
                    StreamStateHandle previous = b.uploaded.get(name);
                    if (previous != null) {
                        shared.add(StatePiece.of(name, PlaceholderStreamStateHandle.of(previous)));
                    } else {
                        StreamStateHandle fresh = upload(f, CheckpointedStateScope.SHARED, name + " of " + t);
                        b.uploaded.put(name, fresh);
                        shared.add(StatePiece.of(name, fresh));
                    }
                }
                KeyGroupRange range = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(128, 3, t.getSubtaskIndex());
                StreamStateHandle meta = upload(f, CheckpointedStateScope.EXCLUSIVE, "manifest " + id);
                state = TaskStateSnapshot.of(t.getJobVertex().getOperatorID(), new OperatorSubtaskState(
                        List.of(new IncrementalKeyedStateHandle(b.id, range, id, meta, shared, List.of())), List.of()));
            }
            h.coordinator.receiveAcknowledgeMessage(
                    new AcknowledgeCheckpoint(h.jobId, t.getCurrentAttempt(), id, state, CheckpointMetrics.empty()), "test");
        }
    }

    static boolean exists(StreamStateHandle h) {
        return java.nio.file.Files.exists(((FileStateHandle) h).getFilePath().toLocalPath());
    }

    @Test
    void sharedPiecesLiveExactlyAsLongAsARetainedCheckpointUsesThem() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness(tmp, CheckpointCoordinatorConfiguration.builder()
                .setTolerableCheckpointFailureNumber(9).build());
        Map<ExecutionVertex, Backend> backends = new HashMap<>();
        for (ExecutionVertex t : h.keyed.getTaskVertices()) {
            backends.put(t, new Backend());
        }
        h.coordinator.triggerCheckpoint(false);
        ackIncremental(h, backends, 1, List.of("a.sst", "b.sst"));
        h.runPending();
        Backend first = backends.get(h.keyed.getTaskVertices().get(0));
        StreamStateHandle a = first.uploaded.get("a.sst");
        StreamStateHandle b = first.uploaded.get("b.sst");
        // checkpoint 2 reuses a.sst; checkpoint 1 is subsumed (1 retained), a.sst must survive
        h.coordinator.triggerCheckpoint(false);
        ackIncremental(h, backends, 2, List.of("a.sst", "c.sst"));
        h.runPending();
        assertThat(exists(a)).isTrue();
        assertThat(exists(b)).isFalse();
        // the restored view resolves placeholders to the real files
        CompletedCheckpoint cp2 = CompletedCheckpoint.load(h.store.getLatestCheckpoint().getExternalPointer());
        IncrementalKeyedStateHandle loaded = (IncrementalKeyedStateHandle) cp2.getOperatorStates().get(h.keyed.getOperatorID())
                .getState(0).getManagedKeyedState().get(0);
        assertThat(loaded.getSharedState()).extracting(StatePiece::handle).allMatch(CoordinatorSharedStateTest::exists);
        // an aborted checkpoint's new piece is deleted, the pieces it reused are not
        h.coordinator.triggerCheckpoint(false);
        CheckpointStreamFactory f = h.storage.createCheckpointStorageWorkerView(h.jobId)
                .resolveCheckpointStorageLocation(3, h.gateway.optionsOf(3).getTargetLocation());
        ExecutionVertex t0 = h.keyed.getTaskVertices().get(0);
        StreamStateHandle d = upload(f, CheckpointedStateScope.SHARED, "d");
        StreamStateHandle meta = upload(f, CheckpointedStateScope.EXCLUSIVE, "m3");
        h.coordinator.receiveAcknowledgeMessage(new AcknowledgeCheckpoint(h.jobId, t0.getCurrentAttempt(), 3,
                TaskStateSnapshot.of(h.keyed.getOperatorID(), new OperatorSubtaskState(List.of(new IncrementalKeyedStateHandle(
                        first.id, KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(128, 3, 0), 3, meta,
                        List.of(StatePiece.of("a.sst", PlaceholderStreamStateHandle.of(a)), StatePiece.of("d.sst", d)), List.of())),
                        List.of())), CheckpointMetrics.empty()), "test");
        h.decline(h.source.getTaskVertices().get(0), 3);
        h.runPending();
        assertThat(exists(d)).isFalse();
        assertThat(exists(meta)).isFalse();
        assertThat(exists(a)).isTrue();
        // checkpoint 4 drops a.sst: once 2 is subsumed, a.sst goes
        h.coordinator.triggerCheckpoint(false);
        ackIncremental(h, backends, 4, List.of("c.sst"));
        h.runPending();
        assertThat(exists(a)).isFalse();
        assertThat(exists(first.uploaded.get("c.sst"))).isTrue();
        assertThat(h.cleanupErrors).isEmpty();
    }
}
