package io.cairn.checkpoint.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.checkpoint.CompletedCheckpoint;
import io.cairn.fs.Path;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.StreamStateHandle;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileSystemCheckpointStorageTest extends CheckpointStorageContractTest {

    @Override
    FileSystemCheckpointStorage storage() {
        return new FileSystemCheckpointStorage(Path.fromLocal(tmp.resolve("checkpoints")), null,
                FileSystemCheckpointStorage.DEFAULT_FILE_STATE_THRESHOLD, FileSystemCheckpointStorage.DEFAULT_WRITE_BUFFER_SIZE);
    }

    @Test
    void layoutIsJobDirWithChkSharedAndTaskowned() throws Exception {
        FsCheckpointStorageAccess access = storage().resolveCheckpointStorageAccess(jobId);
        access.initializeBaseLocationsForCheckpoint();
        CheckpointStorageLocation location = access.initializeLocationForCheckpoint(12);
        StreamStateHandle exclusive = write(location, CheckpointedStateScope.EXCLUSIVE, randomBytes(30_000));
        StreamStateHandle shared = write(location, CheckpointedStateScope.SHARED, randomBytes(30_000));
        CompletedCheckpoint cp = complete(location, 12, List.of(exclusive, shared), false);
        java.nio.file.Path job = tmp.resolve("checkpoints").resolve(jobId.toHexString());
        assertThat(job.resolve("chk-12/_metadata")).isRegularFile();
        assertThat(job.resolve("shared")).isDirectory();
        assertThat(job.resolve("taskowned")).isDirectory();
        assertThat(((FileStateHandle) exclusive).getFilePath().toLocalPath().getParent()).isEqualTo(job.resolve("chk-12"));
        assertThat(((FileStateHandle) shared).getFilePath().toLocalPath().getParent()).isEqualTo(job.resolve("shared"));
        assertThat(cp.getExternalPointer()).isEqualTo(Path.fromLocal(job.resolve("chk-12")).toString());
        assertThat(CompletedCheckpoint.load(job.resolve("chk-12").toString()).getCheckpointId()).isEqualTo(12);
        assertThat(CompletedCheckpoint.load(job.resolve("chk-12/_metadata").toString()).getCheckpointId()).isEqualTo(12);
    }

    @Test
    void smallStateIsInlinedAndNeverTouchesTheDisk() throws Exception {
        FsCheckpointStorageAccess access = storage().resolveCheckpointStorageAccess(jobId);
        CheckpointStorageLocation location = access.initializeLocationForCheckpoint(1);
        StreamStateHandle small = write(location, CheckpointedStateScope.EXCLUSIVE, randomBytes(20 * 1024 - 1));
        StreamStateHandle big = write(location, CheckpointedStateScope.EXCLUSIVE, randomBytes(20 * 1024));
        assertThat(isInline(small)).isTrue();
        assertThat(isFile(big)).isTrue();
        try (var files = Files.list(tmp.resolve("checkpoints").resolve(jobId.toHexString()).resolve("chk-1"))) {
            assertThat(files.count()).isEqualTo(1);
        }
    }

    @Test
    void discardDeletesExactlyTheExclusiveFilesAndKeepsShared() throws Exception {
        FsCheckpointStorageAccess access = storage().resolveCheckpointStorageAccess(jobId);
        access.initializeBaseLocationsForCheckpoint();
        CheckpointStorageLocation location = access.initializeLocationForCheckpoint(2);
        StreamStateHandle exclusive = write(location, CheckpointedStateScope.EXCLUSIVE, randomBytes(40_000));
        StreamStateHandle shared = write(location, CheckpointedStateScope.SHARED, randomBytes(40_000));
        CompletedCheckpoint cp = complete(location, 2, List.of(exclusive), false);
        CompletedCheckpoint other = complete(access.initializeLocationForCheckpoint(3), 3, List.of(shared), false);
        cp.discardOnSubsume().get();
        assertThat(cp.isDiscarded()).isTrue();
        assertThat(((FileStateHandle) exclusive).getFilePath().toLocalPath()).doesNotExist();
        assertThat(tmp.resolve("checkpoints").resolve(jobId.toHexString()).resolve("chk-2")).doesNotExist();
        assertThat(((FileStateHandle) shared).getFilePath().toLocalPath()).exists();
        assertThat(read(shared)).hasSize(40_000);
        assertThat(other.isDiscarded()).isFalse();
    }

    @Test
    void retentionPolicyDecidesWhatSurvivesShutdown() throws Exception {
        FsCheckpointStorageAccess access = storage().resolveCheckpointStorageAccess(jobId);
        CompletedCheckpoint cp = complete(access.initializeLocationForCheckpoint(5), 5, List.of(), false);
        cp.discardOnShutdown(io.cairn.common.JobStatus.SUSPENDED).get();
        assertThat(cp.isDiscarded()).isFalse();
        cp.discardOnShutdown(io.cairn.common.JobStatus.FAILED).get();
        assertThat(cp.isDiscarded()).isTrue();
    }

    @Test
    void abortedLocationLeavesNothingBehind() throws Exception {
        FsCheckpointStorageAccess access = storage().resolveCheckpointStorageAccess(jobId);
        access.initializeBaseLocationsForCheckpoint();
        CheckpointStorageLocation location = access.initializeLocationForCheckpoint(4);
        StreamStateHandle h = write(location, CheckpointedStateScope.EXCLUSIVE, randomBytes(100_000));
        location.disposeOnFailure();
        assertThat(((FileStateHandle) h).getFilePath().toLocalPath()).doesNotExist();
        assertThat(access.getCheckpointDirectory(4).toLocalPath()).doesNotExist();
        assertThatThrownBy(() -> read(h)).isInstanceOf(java.io.FileNotFoundException.class);
    }

    @Test
    void savepointWithoutTargetOrDefaultIsRejected() {
        FsCheckpointStorageAccess access = storage().resolveCheckpointStorageAccess(jobId);
        assertThatThrownBy(() -> access.initializeLocationForSavepoint(1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state.savepoints.dir");
    }

    @Test
    void directoryWithoutMetadataIsNotACheckpoint() throws Exception {
        java.nio.file.Path half = Files.createDirectories(tmp.resolve("chk-99"));
        assertThatThrownBy(() -> CompletedCheckpoint.load(half.toString()))
                .isInstanceOf(java.io.FileNotFoundException.class)
                .hasMessageContaining("_metadata");
    }

    @Test
    void corruptMetadataFileIsReportedWithItsPath() throws Exception {
        FsCheckpointStorageAccess access = storage().resolveCheckpointStorageAccess(jobId);
        CompletedCheckpoint cp = complete(access.initializeLocationForCheckpoint(6), 6, List.of(), false);
        java.nio.file.Path meta = Path.of(cp.getExternalPointer()).toLocalPath().resolve("_metadata");
        byte[] bytes = Files.readAllBytes(meta);
        bytes[bytes.length - 1] ^= 1;
        Files.write(meta, bytes);
        assertThatThrownBy(() -> CompletedCheckpoint.load(cp.getExternalPointer()))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining(meta.toString());
    }
}
