package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CheckKnownKeysTest {

    private static final List<String> PREFIXES = List.of("state.", "execution.checkpointing.");

    @Test
    void acceptsKnownKeysAndKeysOutsideThePrefixes() {
        Configuration config = new Configuration()
                .setString("state.backend.type", "rocksdb")
                .setString("execution.checkpointing.interval", "1 s")
                .setString("taskmanager.memory.size", "1 g")
                .setString("statefulness", "high");
        assertThatCode(() -> config.checkKnownKeys(ConfigOptionsRegistry.all(), PREFIXES)).doesNotThrowAnyException();
    }

    @Test
    void suggestsTheClosestKnownKey() {
        Configuration config = new Configuration().setString("state.backend.typ", "rocksdb");
        assertThatThrownBy(() -> config.checkKnownKeys(ConfigOptionsRegistry.all(), PREFIXES))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessage("unknown configuration key 'state.backend.typ' (did you mean 'state.backend.type'?)");
    }

    @Test
    void namesUnknownKeysWithoutCloseMatchesAndReportsAllOfThem() {
        Configuration config = new Configuration()
                .setString("state.backend.rocksdb.something-new", "x")
                .setString("execution.checkpointing.intervall", "1 s");
        assertThatThrownBy(() -> config.checkKnownKeys(ConfigOptionsRegistry.all(), PREFIXES))
                .hasMessage("unknown configuration key 'execution.checkpointing.intervall'"
                        + " (did you mean 'execution.checkpointing.interval'?);"
                        + " unknown configuration key 'state.backend.rocksdb.something-new'");
    }

    @Test
    void fallbackAndDeprecatedKeysAreKnownAndSuggestTheMainKey() {
        ConfigOption<String> option = ConfigOptions.key("state.backend.kind").stringType().noDefaultValue()
                .withFallbackKeys("state.backend.legacy-kind")
                .withDeprecatedKeys("state.backend");
        Configuration config = new Configuration()
                .setString("state.backend", "hashmap")
                .setString("state.backend.legacy-kind", "hashmap");
        assertThatCode(() -> config.checkKnownKeys(List.of(option), PREFIXES)).doesNotThrowAnyException();
        assertThat(config.get(option)).isEqualTo("hashmap");

        config.setString("state.backend.legacy-kin", "hashmap");
        assertThatThrownBy(() -> config.checkKnownKeys(List.of(option), PREFIXES))
                .hasMessage("unknown configuration key 'state.backend.legacy-kin' (did you mean 'state.backend.kind'?)");
    }
}
