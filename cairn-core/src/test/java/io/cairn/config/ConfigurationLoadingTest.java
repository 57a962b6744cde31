package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigurationLoadingTest {

    @TempDir
    Path dir;

    private Path write(String... lines) throws IOException {
        return Files.write(dir.resolve("cairn-conf.yaml"), String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void loadsKeyValueLinesSkippingCommentsAndBlankLines() throws IOException {
        Path file = write(
                "# Cairn configuration",
                "",
                "state.backend.type: rocksdb",
                "   state.backend.incremental:   true   # incremental",
                "state.checkpoints.dir: file:///data/chk#1",
                "execution.checkpointing.interval: 10 s",
                "execution.checkpointing.mode: at_least_once",
                "state.savepoints.dir: \"/data/save points # not a comment\"",
                "empty.value: ''",
                "   ",
                "\t# indented comment");
        Configuration config = Configuration.loadYamlLike(file);
        assertThat(config.toMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "state.backend.type", "rocksdb",
                "state.backend.incremental", "true",
                "state.checkpoints.dir", "file:///data/chk#1",
                "execution.checkpointing.interval", "10 s",
                "execution.checkpointing.mode", "at_least_once",
                "state.savepoints.dir", "/data/save points # not a comment",
                "empty.value", ""));
        assertThat(config.get(StateBackendOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(config.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.get(CheckpointingOptions.CHECKPOINTING_MODE)).isEqualTo(CheckpointingMode.AT_LEAST_ONCE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "just some words | expected 'key: value', found 'just some words'",
        "state.backend.type:rocksdb | expected 'key: value', found 'state.backend.type:rocksdb'",
        ": value | expected 'key: value', found ': value'",
        "state backend: rocksdb | key 'state backend' contains whitespace",
        "state.backend.type: | state.backend.type: missing value",
        "state.backend.type:   # nothing | state.backend.type: missing value",
        "state.savepoints.dir: 'unterminated | state.savepoints.dir: badly quoted value 'unterminated",
        "state.savepoints.dir: 'a' b | state.savepoints.dir: badly quoted value 'a' b",
    })
    void badLinesFailNamingFileAndLine(String badLine, String detail) throws IOException {
        Path file = write("# header", "state.checkpoints.num-retained: 2", "", badLine);
        assertThatThrownBy(() -> Configuration.loadYamlLike(file))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageStartingWith("cannot parse " + file + " line 4: ")
                .hasMessageContaining(detail);
    }

    @Test
    void duplicateKeysFailNamingBothLines() throws IOException {
        Path file = write("a.b: 1", "a.c: 2", "a.b: 3");
        assertThatThrownBy(() -> Configuration.loadYamlLike(file))
                .hasMessage("cannot parse " + file + " line 3: duplicate key 'a.b' (first set on line 1)");
    }

    @Test
    void badValuesAreReportedWhenRead() throws IOException {
        Configuration config = Configuration.loadYamlLike(write("state.backend.incremental: yes please"));
        assertThatThrownBy(() -> config.get(StateBackendOptions.INCREMENTAL_CHECKPOINTS))
                .hasMessage("state.backend.incremental: 'yes please' is not a boolean (true or false)");
    }

    @Test
    void missingFileIsAnIoError() {
        assertThatThrownBy(() -> Configuration.loadYamlLike(dir.resolve("absent.yaml")))
                .isInstanceOf(NoSuchFileException.class);
    }
}
