package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps docs/configuration.md in sync with the options classes. */
class ConfigurationDocsTest {

    private static final String REGENERATE =
            "mvn -pl cairn-core test -Dtest=ConfigurationDocsTest -Dcairn.docs.regenerate=true";

    @Test
    void committedDocsMatchTheOptions() throws IOException {
        String rendered = ConfigurationDocs.markdown(List.of(StateBackendOptions.class, CheckpointingOptions.class));
        Path file = repositoryRoot().resolve("docs").resolve("configuration.md");
        if (Boolean.getBoolean("cairn.docs.regenerate")) {
            Files.writeString(file, rendered, StandardCharsets.UTF_8);
            return;
        }
        String committed = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n") : "";
        if (!committed.equals(rendered)) {
            fail(file + " is out of date with the options classes; run `" + REGENERATE + "` and commit the result");
        }
    }

    @Test
    void rendersOneTablePerClassWithTypesAndDefaults() {
        String rendered = ConfigurationDocs.markdown(List.of(StateBackendOptions.class, CheckpointingOptions.class));
        assertThat(rendered)
                .startsWith("# Configuration\n")
                .contains("## StateBackendOptions\n", "## CheckpointingOptions\n")
                .contains("| `state.backend.type` | String | `hashmap` | ")
                .contains("| `state.storage.fs.memory-threshold` | MemorySize | `20 KiB` | ")
                .contains("| `execution.checkpointing.timeout` | Duration | `10 min` | ")
                .contains("| `execution.checkpointing.interval` | Duration | (none) | ")
                .contains("Possible values: `EXACTLY_ONCE`, `AT_LEAST_ONCE`.");
        assertThat(rendered.indexOf("## StateBackendOptions")).isLessThan(rendered.indexOf("## CheckpointingOptions"));
        assertThat(ConfigurationDocs.markdown(List.of(StateBackendOptions.class, CheckpointingOptions.class)))
                .isEqualTo(rendered);
    }

    @Test
    void escapesTableSyntaxAndListsAlternativeKeys() {
        String rendered = ConfigurationDocs.markdown(List.of(DocsSample.class));
        assertThat(rendered).contains("| `sample.key` | Integer | `3` | a \\| b c"
                + " Fallback keys: `sample.fallback`. Deprecated keys: `sample.old`. |\n");
    }

    /** Options for the escaping test. */
    public static final class DocsSample {
        /** A sample. */
        public static final ConfigOption<Integer> SAMPLE = ConfigOptions.key("sample.key").intType().defaultValue(3)
                .withDescription("a | b\n  c")
                .withFallbackKeys("sample.fallback")
                .withDeprecatedKeys("sample.old");

        private DocsSample() {}
    }

    /** The nearest directory, from the working directory up, holding pom.xml and docs, or .git. */
    private static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if ((Files.exists(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("docs")))
                    || Files.exists(dir.resolve(".git"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (pom.xml and docs/, or .git) above " + start);
    }
}
