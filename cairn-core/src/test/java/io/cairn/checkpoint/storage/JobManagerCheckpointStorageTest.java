package io.cairn.checkpoint.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.checkpoint.CompletedCheckpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobManagerCheckpointStorageTest extends CheckpointStorageContractTest {

    @Override
    JobManagerCheckpointStorage storage() {
        return storage;
    }

    private final JobManagerCheckpointStorage storage = new JobManagerCheckpointStorage();

    @Test
    void everythingIsInlinedInMemory() throws Exception {
        CheckpointStorageLocation location = storage.resolveCheckpointStorageAccess(jobId).initializeLocationForCheckpoint(1);
        assertThat(isInline(write(location, CheckpointedStateScope.EXCLUSIVE, randomBytes(1_000_000)))).isTrue();
        CompletedCheckpoint cp = complete(location, 1, List.of(), false);
        assertThat(cp.getExternalPointer()).startsWith("jobmanager://" + jobId + "/chk-1");
        assertThat(CompletedCheckpoint.fromLocation(storage.resolveCheckpoint(cp.getExternalPointer())).getCheckpointId())
                .isEqualTo(1);
    }

    @Test
    void stateOverTheLimitFailsNamingSizeAndOption() throws Exception {
        CheckpointStorageLocation location = storage.resolveCheckpointStorageAccess(jobId).initializeLocationForCheckpoint(1);
        assertThatThrownBy(() -> write(location, CheckpointedStateScope.EXCLUSIVE, randomBytes(5 * 1024 * 1024 + 1)))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining(String.valueOf(5 * 1024 * 1024 + 1))
                .hasMessageContaining("state.storage.jobmanager.max-state-size");
    }

    @Test
    void discardForgetsTheMetadata() throws Exception {
        CheckpointStorageLocation location = storage.resolveCheckpointStorageAccess(jobId).initializeLocationForCheckpoint(2);
        CompletedCheckpoint cp = complete(location, 2, List.of(), false);
        cp.discardOnSubsume().get();
        assertThatThrownBy(() -> storage.resolveCheckpoint(cp.getExternalPointer()))
                .isInstanceOf(java.io.FileNotFoundException.class)
                .hasMessageContaining(cp.getExternalPointer());
    }
}
