package io.cairn.checkpoint.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.config.Configuration;
import io.cairn.config.IllegalConfigurationException;
import io.cairn.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointStorageLoaderTest {

    static final ClassLoader CL = CheckpointStorageLoaderTest.class.getClassLoader();

    static Configuration config(String... kv) {
        Configuration c = new Configuration();
        for (int i = 0; i < kv.length; i += 2) {
            c.setString(kv[i], kv[i + 1]);
        }
        return c;
    }

    static CheckpointStorage load(Configuration c) {
        return CheckpointStorageLoader.loadCheckpointStorageFromConfig(c, CL);
    }

    @Test
    void nothingSetMeansJobManagerWithTheDefaultLimit() {
        CheckpointStorage s = load(new Configuration());
        assertThat(s).isInstanceOf(JobManagerCheckpointStorage.class);
        assertThat(((JobManagerCheckpointStorage) s).getMaxStateSize()).isEqualTo(5 * 1024 * 1024);
    }

    @Test
    void aCheckpointDirectoryImpliesFileSystemStorage() {
        CheckpointStorage s = load(config("state.checkpoints.dir", "/tmp/cairn-chk"));
        assertThat(s).isInstanceOf(FileSystemCheckpointStorage.class);
        FileSystemCheckpointStorage fs = (FileSystemCheckpointStorage) s;
        assertThat(fs.getCheckpointPath()).isEqualTo(Path.of("/tmp/cairn-chk"));
        assertThat(fs.getMinFileSizeThreshold()).isEqualTo(20 * 1024);
        assertThat(fs.getWriteBufferSize()).isEqualTo(4 * 1024);
        assertThat(fs.hasDefaultSavepointLocation()).isFalse();
    }

    @Test
    void legacyFilesystemBackendImpliesFileSystemStorage() {
        assertThat(load(config("state.backend.type", "filesystem", "state.checkpoints.dir", "file:///tmp/x")))
                .isInstanceOf(FileSystemCheckpointStorage.class);
    }

    @Test
    void explicitJobManagerWinsOverADirectory() {
        assertThat(load(config("state.checkpoint-storage", "JobManager", "state.checkpoints.dir", "/tmp/x")))
                .isInstanceOf(JobManagerCheckpointStorage.class);
    }

    @Test
    void fileSystemOptionsAreApplied() {
        FileSystemCheckpointStorage fs = (FileSystemCheckpointStorage) load(config(
                "state.checkpoint-storage", "filesystem",
                "state.checkpoints.dir", "/tmp/x",
                "state.savepoints.dir", "/tmp/sp",
                "state.storage.fs.memory-threshold", "1kb",
                "state.storage.fs.write-buffer-size", "64 KiB"));
        assertThat(fs.getMinFileSizeThreshold()).isEqualTo(1024);
        assertThat(fs.getWriteBufferSize()).isEqualTo(64 * 1024);
        assertThat(fs.getDefaultSavepointDirectory()).isEqualTo(Path.of("/tmp/sp").toString());
    }

    @Test
    void jobManagerLimitIsApplied() {
        JobManagerCheckpointStorage jm = (JobManagerCheckpointStorage) load(config("state.storage.jobmanager.max-state-size", "10 mb"));
        assertThat(jm.getMaxStateSize()).isEqualTo(10 * 1024 * 1024);
    }

    @Test
    void fileSystemWithoutDirectoryNamesTheMissingOption() {
        assertThatThrownBy(() -> load(config("state.checkpoint-storage", "filesystem")))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("state.checkpoints.dir");
    }

    @ParameterizedTest
    @ValueSource(strings = {"filesytem", "memory", "jobmanger", "s3"})
    void storageTyposAreRejected(String typo) {
        assertThatThrownBy(() -> load(config("state.checkpoint-storage", typo, "state.checkpoints.dir", "/tmp/x")))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("state.checkpoint-storage: '" + typo + "' is not one of [jobmanager, filesystem]");
    }

    @Test
    void badValuesNameTheirKeys() {
        assertThatThrownBy(() -> load(config("state.checkpoints.dir", "/tmp/x", "state.storage.fs.memory-threshold", "lots")))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("state.storage.fs.memory-threshold")
                .hasMessageContaining("lots");
        assertThatThrownBy(() -> load(config("state.checkpoints.dir", "/tmp/x", "state.storage.fs.memory-threshold", "2mb")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state.storage.fs.memory-threshold");
        assertThatThrownBy(() -> load(config("state.checkpoints.dir", "s3x://bucket/chk")))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("state.checkpoints.dir")
                .hasMessageContaining("s3x");
        assertThatThrownBy(() -> load(config("state.storage.jobmanager.max-state-size", "0")))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("state.storage.jobmanager.max-state-size");
    }

    @Test
    void applicationStorageIsConfiguredOnlyWhereNotSetInCode() {
        Configuration c = config("state.storage.fs.memory-threshold", "1kb", "state.savepoints.dir", "/tmp/sp");
        FileSystemCheckpointStorage fromCode = new FileSystemCheckpointStorage(Path.of("/tmp/app"));
        FileSystemCheckpointStorage configured =
                (FileSystemCheckpointStorage) CheckpointStorageLoader.fromApplicationOrConfigOrDefault(fromCode, c, CL);
        assertThat(configured.getCheckpointPath()).isEqualTo(Path.of("/tmp/app"));
        assertThat(configured.getMinFileSizeThreshold()).isEqualTo(1024);
        FileSystemCheckpointStorage explicit = new FileSystemCheckpointStorage(Path.of("/tmp/app"), null, 7, 4096);
        FileSystemCheckpointStorage kept =
                (FileSystemCheckpointStorage) CheckpointStorageLoader.fromApplicationOrConfigOrDefault(explicit, c, CL);
        assertThat(kept.getMinFileSizeThreshold()).isEqualTo(7);
    }
}
