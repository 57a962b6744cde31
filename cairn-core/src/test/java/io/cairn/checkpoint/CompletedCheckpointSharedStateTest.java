package io.cairn.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.checkpoint.metadata.CheckpointMetadata;
import io.cairn.checkpoint.metadata.OperatorState;
import io.cairn.checkpoint.metadata.OperatorSubtaskState;
import io.cairn.checkpoint.storage.CheckpointProperties;
import io.cairn.checkpoint.storage.CheckpointRetentionPolicy;
import io.cairn.checkpoint.storage.CheckpointStateOutputStream;
import io.cairn.checkpoint.storage.CheckpointStorageLocation;
import io.cairn.checkpoint.storage.CheckpointedStateScope;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.checkpoint.storage.FsCheckpointStorageAccess;
import io.cairn.common.JobID;
import io.cairn.common.OperatorID;
import io.cairn.fs.FSDataInputStream;
import io.cairn.fs.Path;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.PlaceholderStreamStateHandle;
import io.cairn.state.handle.SharedStateRegistryImpl;
import io.cairn.state.handle.StatePiece;
import io.cairn.state.handle.StreamStateHandle;
import io.cairn.state.keygroup.KeyGroupRange;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletedCheckpointSharedStateTest {

    static final OperatorID OP = OperatorID.fromUid("agg");
    static final UUID BACKEND = new UUID(3, 4);

    @TempDir
    java.nio.file.Path tmp;

    private static StreamStateHandle write(CheckpointStorageLocation location, CheckpointedStateScope scope, int fill)
            throws Exception {
        byte[] data = new byte[30_000];
        Arrays.fill(data, (byte) fill);
        try (CheckpointStateOutputStream out = location.createCheckpointStateOutputStream(scope)) {
            out.write(data);
            return out.closeAndGetHandle();
        }
    }

    private static boolean exists(StreamStateHandle h) {
        return Files.exists(((FileStateHandle) h).getFilePath().toLocalPath());
    }

    /** What the coordinator does on completion: register, then write the metadata with resolved handles. */
    private static CompletedCheckpoint complete(long id, IncrementalKeyedStateHandle handle, CheckpointStorageLocation location,
            SharedStateRegistryImpl registry) throws Exception {
        OperatorState op = new OperatorState(OP, 1, 128, Map.of(0, new OperatorSubtaskState(List.of(handle), List.of())));
        registry.registerAll(List.of(op), id);
        registry.checkpointCompleted(id);
        CheckpointProperties props = CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION);
        CheckpointMetadata m = new CheckpointMetadata(id, 10 * id, 10 * id + 5, props, List.of(op), List.of());
        return new CompletedCheckpoint(id, 10 * id, 10 * id + 5, Map.of(OP, op), List.of(), props,
                Checkpoints.storeMetadata(m, location));
    }

    @Test
    void discardingACheckpointNeverDeletesSharedPiecesAndTheRegistryDoesAfterRestart() throws Exception {
        FileSystemCheckpointStorage storage = new FileSystemCheckpointStorage(Path.fromLocal(tmp.resolve("checkpoints")),
                null, FileSystemCheckpointStorage.DEFAULT_FILE_STATE_THRESHOLD, FileSystemCheckpointStorage.DEFAULT_WRITE_BUFFER_SIZE);
        JobID job = JobID.generate();
        FsCheckpointStorageAccess access = storage.resolveCheckpointStorageAccess(job);
        access.initializeBaseLocationsForCheckpoint();
        SharedStateRegistryImpl registry = new SharedStateRegistryImpl(Runnable::run);

        CheckpointStorageLocation l1 = access.initializeLocationForCheckpoint(1);
        StreamStateHandle a = write(l1, CheckpointedStateScope.SHARED, 'a');
        StreamStateHandle b = write(l1, CheckpointedStateScope.SHARED, 'b');
        IncrementalKeyedStateHandle h1 = new IncrementalKeyedStateHandle(BACKEND, KeyGroupRange.of(0, 127), 1,
                write(l1, CheckpointedStateScope.EXCLUSIVE, 'm'), List.of(StatePiece.of("a.sst", a), StatePiece.of("b.sst", b)),
                List.of(StatePiece.of("MANIFEST", write(l1, CheckpointedStateScope.EXCLUSIVE, 'p'))));
        CompletedCheckpoint cp1 = complete(1, h1, l1, registry);

        CheckpointStorageLocation l2 = access.initializeLocationForCheckpoint(2);
        StreamStateHandle c = write(l2, CheckpointedStateScope.SHARED, 'c');
        IncrementalKeyedStateHandle h2 = new IncrementalKeyedStateHandle(BACKEND, KeyGroupRange.of(0, 127), 2,
                write(l2, CheckpointedStateScope.EXCLUSIVE, 'm'),
                List.of(StatePiece.of("a.sst", PlaceholderStreamStateHandle.of(a)), StatePiece.of("c.sst", c)),
                List.of(StatePiece.of("MANIFEST", write(l2, CheckpointedStateScope.EXCLUSIVE, 'p'))));
        CompletedCheckpoint cp2 = complete(2, h2, l2, registry);
        assertThat(h2.getSharedState().get(0).handle()).isSameAs(a);
        assertThat(cp2.getOperatorStates().get(OP).getCheckpointedSize()).isEqualTo(90_000);
        assertThat(cp2.getSize()).isEqualTo(120_000);

        // subsume checkpoint 1: its directory goes, every shared piece stays
        cp1.discardOnSubsume().get();
        assertThat(access.getCheckpointDirectory(1).toLocalPath()).doesNotExist();
        assertThat(List.of(a, b, c)).allMatch(CompletedCheckpointSharedStateTest::exists);
        // the registry deletes b, which only checkpoint 1 used
        registry.unregisterUnusedState(2);
        assertThat(exists(b)).isFalse();
        assertThat(List.of(a, c)).allMatch(CompletedCheckpointSharedStateTest::exists);
        registry.close();

        // restart: load the retained checkpoint from its _metadata and register it again
        SharedStateRegistryImpl restarted = new SharedStateRegistryImpl(Runnable::run);
        CompletedCheckpoint loaded = CompletedCheckpoint.load(cp2.getExternalPointer());
        loaded.registerSharedStates(restarted);
        assertThat(restarted.size()).isEqualTo(2);
        IncrementalKeyedStateHandle restored = (IncrementalKeyedStateHandle)
                loaded.getOperatorStates().get(OP).getState(0).getManagedKeyedState().get(0);
        assertThat(restored).isEqualTo(h2);

        // the restored backend's next checkpoint reuses c only
        CheckpointStorageLocation l3 = access.initializeLocationForCheckpoint(3);
        IncrementalKeyedStateHandle h3 = new IncrementalKeyedStateHandle(BACKEND, KeyGroupRange.of(0, 127), 3,
                write(l3, CheckpointedStateScope.EXCLUSIVE, 'm'),
                List.of(StatePiece.of("c.sst", PlaceholderStreamStateHandle.of(restored.getSharedState().get(1).handle()))),
                List.of());
        complete(3, h3, l3, restarted);
        loaded.discardOnSubsume().get();
        assertThat(exists(a)).as("checkpoint 2 discarded, registry not yet told").isTrue();
        restarted.unregisterUnusedState(3);
        assertThat(exists(a)).isFalse();
        assertThat(exists(c)).isTrue();
        try (FSDataInputStream in = h3.getSharedState().get(0).handle().openInputStream()) {
            assertThat(in.readAllBytes()).hasSize(30_000).containsOnly((byte) 'c');
        }
    }
}
