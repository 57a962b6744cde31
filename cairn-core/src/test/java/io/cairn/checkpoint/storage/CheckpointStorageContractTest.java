package io.cairn.checkpoint.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.checkpoint.Checkpoints;
import io.cairn.checkpoint.CompletedCheckpoint;
import io.cairn.checkpoint.metadata.CheckpointMetadata;
import io.cairn.checkpoint.metadata.OperatorState;
import io.cairn.checkpoint.metadata.OperatorSubtaskState;
import io.cairn.common.JobID;
import io.cairn.common.OperatorID;
import io.cairn.fs.FSDataInputStream;
import io.cairn.fs.FileSystem;
import io.cairn.state.handle.ByteStreamStateHandle;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.StreamStateHandle;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keygroup.KeyGroupRangeOffsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract of every {@link CheckpointStorage}; one subclass per storage. */
abstract class CheckpointStorageContractTest {

    @TempDir
    Path tmp;

    final JobID jobId = JobID.generate();

    abstract CheckpointStorage storage();

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    static StreamStateHandle write(CheckpointStreamFactory f, CheckpointedStateScope scope, byte[] data) throws Exception {
        try (CheckpointStateOutputStream out = f.createCheckpointStateOutputStream(scope)) {
            out.write(data);
            return out.closeAndGetHandle();
        }
    }

    static byte[] read(StreamStateHandle h) throws Exception {
        try (FSDataInputStream in = h.openInputStream()) {
            return in.readAllBytes();
        }
    }

    /** Completes checkpoint {@code id} at {@code location} with one keyed handle per given stream. */
    CompletedCheckpoint complete(CheckpointStorageLocation location, long id, List<StreamStateHandle> streams, boolean savepoint)
            throws Exception {
        List<io.cairn.state.handle.KeyedStateHandle> keyed = new java.util.ArrayList<>();
        for (int i = 0; i < streams.size(); i++) {
            keyed.add(new KeyGroupsStateHandle(new KeyGroupRangeOffsets(KeyGroupRange.of(i, i), new long[] {0}), streams.get(i)));
        }
        OperatorState op = new OperatorState(OperatorID.fromUid("op"), 1, 128, Map.of(0, new OperatorSubtaskState(keyed, List.of())));
        CheckpointMetadata m = new CheckpointMetadata(id, 100, 150,
                savepoint ? CheckpointProperties.forSavepoint(false)
                        : CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION),
                List.of(op), List.of());
        return CompletedCheckpoint.fromLocation(Checkpoints.storeMetadata(m, location));
    }

    @Test
    void writesAndReadsStreamsOfEverySize() throws Exception {
        CheckpointStorageAccess access = storage().resolveCheckpointStorageAccess(jobId);
        access.initializeBaseLocationsForCheckpoint();
        CheckpointStorageLocation location = access.initializeLocationForCheckpoint(1);
        for (int size : new int[] {1, 100, 20 * 1024 - 1, 20 * 1024, 300_000}) {
            for (CheckpointedStateScope scope : CheckpointedStateScope.values()) {
                byte[] data = randomBytes(size);
                StreamStateHandle h = write(location, scope, data);
                assertThat(read(h)).as("size %d %s", size, scope).isEqualTo(data);
                assertThat(h.getStateSize()).isEqualTo(size);
            }
        }
        assertThat(write(location, CheckpointedStateScope.EXCLUSIVE, new byte[0])).isNull();
    }

    @Test
    void workerViewWritesWhereTheCoordinatorsLocationIs() throws Exception {
        CheckpointStorageAccess access = storage().resolveCheckpointStorageAccess(jobId);
        access.initializeBaseLocationsForCheckpoint();
        CheckpointStorageLocation location = access.initializeLocationForCheckpoint(3);
        CheckpointStreamFactory worker = storage().createCheckpointStorageWorkerView(jobId)
                .resolveCheckpointStorageLocation(3, location.getLocationReference());
        byte[] data = randomBytes(50_000);
        StreamStateHandle h = write(worker, CheckpointedStateScope.EXCLUSIVE, data);
        CompletedCheckpoint cp = complete(location, 3, List.of(h), false);
        CompletedCheckpoint loaded = CompletedCheckpoint.fromLocation(storage().resolveCheckpoint(cp.getExternalPointer()));
        KeyGroupsStateHandle k = (KeyGroupsStateHandle) loaded.getOperatorStates().values().iterator().next()
                .getState(0).getManagedKeyedState().get(0);
        assertThat(read(k.getDelegateStateHandle())).isEqualTo(data);
        assertThat(loaded.getCheckpointId()).isEqualTo(3);
        assertThat(loaded.getDuration()).isEqualTo(50);
    }

    @Test
    void unknownPointerIsAClearError() {
        String missing = tmp.resolve("nothing-here").toString();
        assertThatThrownBy(() -> storage().resolveCheckpoint(missing))
                .isInstanceOf(java.io.FileNotFoundException.class)
                .hasMessageContaining("nothing-here");
    }

    @Test
    void savepointWithTargetIsSelfContainedAndRelocatable() throws Exception {
        CheckpointStorageAccess access = storage().resolveCheckpointStorageAccess(jobId);
        access.initializeBaseLocationsForCheckpoint();
        Path target = tmp.resolve("savepoints");
        CheckpointStorageLocation location = access.initializeLocationForSavepoint(9, target.toString());
        byte[] big = randomBytes(100_000);
        byte[] small = randomBytes(10);
        StreamStateHandle h1 = write(location, CheckpointedStateScope.SHARED, big);
        StreamStateHandle h2 = write(location, CheckpointedStateScope.EXCLUSIVE, small);
        CompletedCheckpoint sp = complete(location, 9, List.of(h1, h2), true);
        Path spDir = io.cairn.fs.Path.of(sp.getExternalPointer()).toLocalPath();
        assertThat(spDir.getParent()).isEqualTo(target.toAbsolutePath());
        assertThat(spDir.getFileName().toString()).startsWith("savepoint-" + jobId.toHexString().substring(0, 6) + "-");
        // every file of the savepoint is inside its directory
        try (var files = Files.walk(tmp)) {
            assertThat(files.filter(Files::isRegularFile).filter(p -> !p.startsWith(spDir)).toList()).isEmpty();
        }
        Path moved = tmp.resolve("moved-elsewhere");
        Files.move(spDir, moved);
        CompletedCheckpoint loaded = CompletedCheckpoint.load(moved.resolve("_metadata").toString());
        assertThat(loaded.getProperties().isSavepoint()).isTrue();
        List<io.cairn.state.handle.KeyedStateHandle> keyed =
                loaded.getOperatorStates().values().iterator().next().getState(0).getManagedKeyedState();
        assertThat(read(((KeyGroupsStateHandle) keyed.get(0)).getDelegateStateHandle())).isEqualTo(big);
        assertThat(read(((KeyGroupsStateHandle) keyed.get(1)).getDelegateStateHandle())).isEqualTo(small);
        // savepoints are never subsumed
        loaded.discardOnSubsume().get();
        assertThat(Files.exists(moved.resolve("_metadata"))).isTrue();
        assertThat(FileSystem.get(io.cairn.fs.Path.fromLocal(moved)).exists(io.cairn.fs.Path.fromLocal(moved))).isTrue();
    }

    static boolean isFile(StreamStateHandle h) {
        return h instanceof FileStateHandle;
    }

    static boolean isInline(StreamStateHandle h) {
        return h instanceof ByteStreamStateHandle;
    }
}
