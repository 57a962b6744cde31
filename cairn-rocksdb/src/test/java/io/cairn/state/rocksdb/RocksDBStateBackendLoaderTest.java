package io.cairn.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.config.Configuration;
import io.cairn.config.IllegalConfigurationException;
import io.cairn.config.MemorySize;
import io.cairn.config.StateBackendOptions;
import io.cairn.state.backend.StateBackend;
import io.cairn.state.backend.StateBackendLoader;
import io.cairn.state.heap.HashMapStateBackend;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code state.backend.type: rocksdb} loads this module's backend, configured from the rocksdb options. */
class RocksDBStateBackendLoaderTest {

    private static final ClassLoader CL = RocksDBStateBackendLoaderTest.class.getClassLoader();

    private static Configuration config(String... keyValues) {
        Configuration c = new Configuration();
        for (int i = 0; i < keyValues.length; i += 2) {
            c.setString(keyValues[i], keyValues[i + 1]);
        }
        return c;
    }

    @ParameterizedTest
    @ValueSource(strings = {"rocksdb", "RocksDB", " rocksdb "})
    void theNameLoadsTheEmbeddedRocksDBBackend(String name) {
        StateBackend backend = StateBackendLoader.loadStateBackendFromConfig(
                config(StateBackendOptions.STATE_BACKEND.key(), name), CL, null);
        assertThat(backend).isInstanceOf(EmbeddedRocksDBStateBackend.class);
        assertThat(backend.getName()).isEqualTo("rocksdb");
        assertThat(backend.supportsAsynchronousSnapshots()).isTrue();
    }

    @Test
    void theFactoryIsListedNextToHashmap() {
        assertThat(StateBackendLoader.availableStateBackends(CL)).contains("hashmap", "rocksdb");
        assertThat(StateBackendLoader.loadStateBackendFromConfig(new Configuration(), CL, null))
                .isInstanceOf(HashMapStateBackend.class);
        assertThat(StateBackendLoader.loadStateBackendFromConfig(new Configuration(), CL, "rocksdb"))
                .isInstanceOf(EmbeddedRocksDBStateBackend.class);
    }

    @Test
    void theFactoryClassNameWorksToo() {
        assertThat(StateBackendLoader.loadStateBackendFromConfig(
                config(StateBackendOptions.STATE_BACKEND.key(), EmbeddedRocksDBStateBackendFactory.class.getName()), CL, null))
                .isInstanceOf(EmbeddedRocksDBStateBackend.class);
    }

    @Test
    void incrementalCheckpointsComeFromConfigurationUnlessSetInCode() {
        EmbeddedRocksDBStateBackend configured = (EmbeddedRocksDBStateBackend) StateBackendLoader.loadStateBackendFromConfig(
                config("state.backend.type", "rocksdb", "state.backend.incremental", "true"), CL, null);
        assertThat(configured.isIncrementalCheckpointsEnabled()).isTrue();
        assertThat(((EmbeddedRocksDBStateBackend) StateBackendLoader.loadStateBackendFromConfig(
                config("state.backend.type", "rocksdb"), CL, null)).isIncrementalCheckpointsEnabled()).isFalse();
        EmbeddedRocksDBStateBackend inCode = new EmbeddedRocksDBStateBackend().withIncrementalCheckpoints(false)
                .configure(config("state.backend.incremental", "true"), CL);
        assertThat(inCode.isIncrementalCheckpointsEnabled()).isFalse();
        assertThat(new EmbeddedRocksDBStateBackend().withIncrementalCheckpoints(true)
                .with(RocksDBOptions.USE_BLOOM_FILTER, true).isIncrementalCheckpointsEnabled()).isTrue();
        assertThatThrownBy(() -> StateBackendLoader.loadStateBackendFromConfig(
                config("state.backend.type", "rocksdb", "state.backend.incremental", "yes please"), CL, null))
                .hasMessageContaining("state.backend.incremental");
    }

    @Test
    void optionsComeFromConfigurationWithDefaults() {
        EmbeddedRocksDBStateBackend backend = (EmbeddedRocksDBStateBackend) StateBackendLoader.loadStateBackendFromConfig(
                Configuration.fromMap(Map.of(
                        "state.backend.type", "rocksdb",
                        "state.backend.rocksdb.localdir", "/tmp/cairn-loader-test",
                        "state.backend.rocksdb.memory.managed-size", "64 mb",
                        "state.backend.rocksdb.predefined-options", "flash_ssd_optimized",
                        "state.savepoints.dir", "/tmp/sp")),
                CL, null);
        assertThat(backend.getLocalDirectory()).isEqualTo(Path.of("/tmp/cairn-loader-test"));
        assertThat(backend.get(RocksDBOptions.MANAGED_MEMORY_SIZE)).isEqualTo(MemorySize.ofMebiBytes(64));
        assertThat(backend.get(RocksDBOptions.PREDEFINED_OPTIONS)).isEqualTo(PredefinedOptions.FLASH_SSD_OPTIMIZED);
        assertThat(backend.get(RocksDBOptions.USE_MANAGED_MEMORY)).isTrue();
        assertThat(backend.get(RocksDBOptions.BLOCK_SIZE)).isEqualTo(MemorySize.ofKibiBytes(4));
        assertThat(backend.get(RocksDBOptions.MAX_WRITE_BUFFER_NUMBER)).isEqualTo(2);
        assertThat(backend.get(RocksDBOptions.WRITE_BUFFER_SIZE)).isEqualTo(MemorySize.ofMebiBytes(8));
        assertThat(backend.get(RocksDBOptions.USE_BLOOM_FILTER)).isFalse();
        assertThat(backend.getDefaultSavepointDirectory()).isEqualTo("/tmp/sp");
    }

    @ParameterizedTest
    @CsvSource({"native, NATIVE", "NATIVE, NATIVE", "Canonical, CANONICAL", "' canonical ', CANONICAL"})
    void theCheckpointFormatIsReadCaseInsensitively(String value, RocksDBCheckpointFormat expected) {
        EmbeddedRocksDBStateBackend backend = (EmbeddedRocksDBStateBackend) StateBackendLoader.loadStateBackendFromConfig(
                config("state.backend.type", "rocksdb", "state.backend.rocksdb.checkpoint.format", value), CL, null);
        assertThat(backend.get(RocksDBOptions.CHECKPOINT_FORMAT)).isEqualTo(expected);
    }

    @Test
    void theCheckpointFormatDefaultsToNativeAndASettingInCodeWins() {
        assertThat(new EmbeddedRocksDBStateBackend().get(RocksDBOptions.CHECKPOINT_FORMAT))
                .isEqualTo(RocksDBCheckpointFormat.NATIVE);
        assertThat(((EmbeddedRocksDBStateBackend) StateBackendLoader.loadStateBackendFromConfig(
                config("state.backend.type", "rocksdb"), CL, null)).get(RocksDBOptions.CHECKPOINT_FORMAT))
                .isEqualTo(RocksDBCheckpointFormat.NATIVE);
        EmbeddedRocksDBStateBackend inCode = new EmbeddedRocksDBStateBackend()
                .withCheckpointFormat(RocksDBCheckpointFormat.CANONICAL)
                .configure(config("state.backend.rocksdb.checkpoint.format", "native"), CL);
        assertThat(inCode.get(RocksDBOptions.CHECKPOINT_FORMAT)).isEqualTo(RocksDBCheckpointFormat.CANONICAL);
        assertThat(new EmbeddedRocksDBStateBackend().configure(config("state.backend.rocksdb.checkpoint.format", "canonical"),
                CL).get(RocksDBOptions.CHECKPOINT_FORMAT)).isEqualTo(RocksDBCheckpointFormat.CANONICAL);
        assertThatThrownBy(() -> new EmbeddedRocksDBStateBackend().withCheckpointFormat(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("state.backend.rocksdb.checkpoint.format");
    }

    @Test
    void theDefaultLocalDirectoryIsInTheTemporaryDirectory() {
        assertThat(new EmbeddedRocksDBStateBackend().getLocalDirectory())
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "cairn-rocksdb").toAbsolutePath());
    }

    @Test
    void settingsMadeInCodeWinOverConfiguration() {
        EmbeddedRocksDBStateBackend inCode = new EmbeddedRocksDBStateBackend()
                .with(RocksDBOptions.PREDEFINED_OPTIONS, PredefinedOptions.SPINNING_DISK_OPTIMIZED)
                .withLocalDirectory(Path.of("/tmp/in-code"));
        StateBackend chosen = StateBackendLoader.fromApplicationOrConfigOrDefault(inCode, Configuration.fromMap(Map.of(
                "state.backend.type", "hashmap",
                "state.backend.rocksdb.localdir", "/tmp/from-config",
                "state.backend.rocksdb.predefined-options", "FLASH_SSD_OPTIMIZED",
                "state.backend.rocksdb.use-bloom-filter", "true")), CL, null);
        EmbeddedRocksDBStateBackend configured = (EmbeddedRocksDBStateBackend) chosen;
        assertThat(configured.getLocalDirectory()).isEqualTo(Path.of("/tmp/in-code"));
        assertThat(configured.get(RocksDBOptions.PREDEFINED_OPTIONS)).isEqualTo(PredefinedOptions.SPINNING_DISK_OPTIMIZED);
        assertThat(configured.get(RocksDBOptions.USE_BLOOM_FILTER)).isTrue();
        assertThat(inCode.get(RocksDBOptions.USE_BLOOM_FILTER)).as("configure returns a copy").isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "state.backend.rocksdb.memory.managed-size | 512 kb | must be at least 1 MiB",
        "state.backend.rocksdb.memory.managed-size | lots | memory size",
        "state.backend.rocksdb.block.blocksize | 100 | between 1 KiB and 1 GiB",
        "state.backend.rocksdb.writebuffer.count | 0 | at least 1",
        "state.backend.rocksdb.use-bloom-filter | yes | boolean",
        "state.backend.rocksdb.predefined-options | SSD | FLASH_SSD_OPTIMIZED",
        "state.backend.rocksdb.localdir | '   ' | must not be blank",
        "state.backend.rocksdb.checkpoint.format | full | 'full' is not one of [NATIVE, CANONICAL]",
        "state.backend.rocksdb.checkpoint.format | '' | not one of [NATIVE, CANONICAL]",
    })
    void badValuesNameTheirKey(String key, String value, String problem) {
        assertThatThrownBy(() -> StateBackendLoader.loadStateBackendFromConfig(
                        config(StateBackendOptions.STATE_BACKEND.key(), "rocksdb", key, value), CL, null))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(problem);
    }

    @Test
    void onlyRocksDBOptionsCanBeSetInCode() {
        assertThatThrownBy(() -> new EmbeddedRocksDBStateBackend().with(StateBackendOptions.STATE_BACKEND, "hashmap"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state.backend.type")
                .hasMessageContaining(RocksDBOptions.class.getName());
        assertThatThrownBy(() -> new EmbeddedRocksDBStateBackend().with(RocksDBOptions.MAX_WRITE_BUFFER_NUMBER, -1))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("state.backend.rocksdb.writebuffer.count");
        assertThatThrownBy(() -> new EmbeddedRocksDBStateBackend().with(RocksDBOptions.WRITE_BUFFER_SIZE,
                        MemorySize.ofKibiBytes(1)))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("state.backend.rocksdb.writebuffer.size");
    }
}
