package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigurationTest {

    private static final ConfigOption<Long> LONG_OPTION = ConfigOptions.key("test.long").longType().defaultValue(7L);
    private static final ConfigOption<Double> DOUBLE_OPTION =
            ConfigOptions.key("test.double").doubleType().defaultValue(0.5);
    private static final ConfigOption<String> WITH_FALLBACKS = ConfigOptions.key("test.new")
            .stringType()
            .defaultValue("default")
            .withFallbackKeys("test.fallback")
            .withDeprecatedKeys("test.deprecated");

    @Test
    void returnsDefaultsWhenUnset() {
        Configuration config = new Configuration();
        assertThat(config.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(config.get(StateBackendOptions.INCREMENTAL_CHECKPOINTS)).isFalse();
        assertThat(config.get(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS)).isEqualTo(1);
        assertThat(config.get(CheckpointingOptions.FS_SMALL_FILE_THRESHOLD)).isEqualTo(MemorySize.ofKibiBytes(20));
        assertThat(config.get(CheckpointingOptions.FS_WRITE_BUFFER_SIZE)).isEqualTo(MemorySize.ofKibiBytes(4));
        assertThat(config.get(CheckpointingOptions.JOBMANAGER_MAX_STATE_SIZE)).isEqualTo(MemorySize.ofMebiBytes(5));
        assertThat(config.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT)).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.get(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS)).isEqualTo(Duration.ZERO);
        assertThat(config.get(CheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS)).isEqualTo(1);
        assertThat(config.get(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER)).isZero();
        assertThat(config.get(CheckpointingOptions.CHECKPOINTING_MODE)).isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(config.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.NO_EXTERNALIZED_CHECKPOINTS);
        assertThat(config.get(CheckpointingOptions.PREFER_CHECKPOINT_FOR_RECOVERY)).isFalse();
        assertThat(config.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isNull();
        assertThat(config.get(CheckpointingOptions.CHECKPOINT_STORAGE)).isNull();
        assertThat(config.getOptional(CheckpointingOptions.CHECKPOINTING_TIMEOUT)).isEmpty();
        assertThat(config.toMap()).isEmpty();
    }

    @Test
    void parsesStringValuesOfEveryType() {
        Configuration config = Configuration.fromMap(Map.of(
                "state.backend.type", "rocksdb",
                "state.backend.incremental", "TRUE",
                "state.checkpoints.num-retained", " 3 ",
                "test.long", "12345678901",
                "test.double", "2.5",
                "execution.checkpointing.interval", "500",
                "execution.checkpointing.timeout", "2 min",
                "state.storage.fs.memory-threshold", "256m",
                "execution.checkpointing.mode", "at_least_once",
                "execution.checkpointing.externalized-checkpoint-retention", "Retain_On_Cancellation"));
        assertThat(config.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(config.get(StateBackendOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(config.get(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS)).isEqualTo(3);
        assertThat(config.get(LONG_OPTION)).isEqualTo(12_345_678_901L);
        assertThat(config.get(DOUBLE_OPTION)).isEqualTo(2.5);
        assertThat(config.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofMillis(500));
        assertThat(config.getOptional(CheckpointingOptions.CHECKPOINTING_TIMEOUT)).contains(Duration.ofMinutes(2));
        assertThat(config.get(CheckpointingOptions.FS_SMALL_FILE_THRESHOLD)).isEqualTo(MemorySize.ofMebiBytes(256));
        assertThat(config.get(CheckpointingOptions.CHECKPOINTING_MODE)).isEqualTo(CheckpointingMode.AT_LEAST_ONCE);
        assertThat(config.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "state.backend.incremental | yes please | state.backend.incremental: 'yes please' is not a boolean (true or false)",
        "state.checkpoints.num-retained | 3.5 | state.checkpoints.num-retained: '3.5' is not an integer (32-bit)",
        "state.checkpoints.num-retained | 99999999999 | state.checkpoints.num-retained: '99999999999' is not an integer (32-bit)",
        "test.long | ten | test.long: 'ten' is not an integer (64-bit)",
        "test.double | half | test.double: 'half' is not a number",
        "execution.checkpointing.timeout | 10 fortnights | execution.checkpointing.timeout: '10 fortnights' is not a duration (e.g. 500 ms, 10 s, 2 min, 1 h, 1 d; a bare number is milliseconds)",
        "state.storage.fs.memory-threshold | 20 parsecs | state.storage.fs.memory-threshold: '20 parsecs' is not a memory size (e.g. 1024, 20 kb, 5 mb, 1 g; a bare number is bytes)",
        "execution.checkpointing.mode | exactly_twice | execution.checkpointing.mode: 'exactly_twice' is not one of [EXACTLY_ONCE, AT_LEAST_ONCE]",
    })
    void badValuesFailNamingKeyAndValue(String key, String value, String message) {
        Configuration config = new Configuration().setString(key, value);
        ConfigOption<?> option = optionFor(key);
        assertThatThrownBy(() -> config.get(option))
                .isInstanceOf(IllegalConfigurationException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> config.getOptional(option)).hasMessage(message);
    }

    private static ConfigOption<?> optionFor(String key) {
        if (key.equals(LONG_OPTION.key())) {
            return LONG_OPTION;
        }
        if (key.equals(DOUBLE_OPTION.key())) {
            return DOUBLE_OPTION;
        }
        return ConfigOptionsRegistry.all().stream().filter(o -> o.key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void typedValuesRoundTripAndFormatAsStrings() {
        Configuration config = new Configuration()
                .set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(30))
                .set(CheckpointingOptions.JOBMANAGER_MAX_STATE_SIZE, MemorySize.ofMebiBytes(8))
                .set(CheckpointingOptions.CHECKPOINTING_MODE, CheckpointingMode.AT_LEAST_ONCE)
                .setBoolean(StateBackendOptions.INCREMENTAL_CHECKPOINTS, true)
                .setInteger(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 4)
                .setLong(LONG_OPTION, 99L);
        assertThat(config.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.get(CheckpointingOptions.CHECKPOINTING_MODE)).isEqualTo(CheckpointingMode.AT_LEAST_ONCE);
        assertThat(config.get(LONG_OPTION)).isEqualTo(99L);
        assertThat(config.toMap()).containsExactly(
                Map.entry("execution.checkpointing.interval", "30 s"),
                Map.entry("execution.checkpointing.mode", "AT_LEAST_ONCE"),
                Map.entry("state.backend.incremental", "true"),
                Map.entry("state.checkpoints.num-retained", "4"),
                Map.entry("state.storage.jobmanager.max-state-size", "8 MiB"),
                Map.entry("test.long", "99"));
        assertThat(Configuration.fromMap(config.toMap())).isEqualTo(config);
        assertThat(Configuration.fromMap(config.toMap()).get(CheckpointingOptions.JOBMANAGER_MAX_STATE_SIZE))
                .isEqualTo(MemorySize.ofMebiBytes(8));
    }

    @Test
    void typedKeyValuesConvertBetweenNumericTypes() {
        Configuration config = new Configuration()
                .setInteger("test.long", 5)
                .setLong("state.checkpoints.num-retained", 6L)
                .setBoolean("state.backend.incremental", true)
                .setLong("test.double", 3L);
        assertThat(config.get(LONG_OPTION)).isEqualTo(5L);
        assertThat(config.get(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS)).isEqualTo(6);
        assertThat(config.get(StateBackendOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(config.get(DOUBLE_OPTION)).isEqualTo(3.0);
        assertThat(config.getString("test.long", "none")).isEqualTo("5");
        assertThat(config.getString("missing", "none")).isEqualTo("none");
        config.setLong("state.checkpoints.num-retained", Long.MAX_VALUE);
        assertThatThrownBy(() -> config.get(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS))
                .hasMessage("state.checkpoints.num-retained: '9223372036854775807' is not an integer (32-bit)");
    }

    @Test
    void setRejectsValuesOfTheWrongType() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        ConfigOption<Object> raw = (ConfigOption) CheckpointingOptions.MAX_RETAINED_CHECKPOINTS;
        assertThatThrownBy(() -> new Configuration().set(raw, "three"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state.checkpoints.num-retained")
                .hasMessageContaining("'three'");
        assertThatThrownBy(() -> new Configuration().set(StateBackendOptions.STATE_BACKEND, null))
                .hasMessageContaining("state.backend.type");
        assertThatThrownBy(() -> new Configuration().setString("bad key", "x")).hasMessageContaining("'bad key'");
    }

    @Test
    void readsFallbackThenDeprecatedKeysWhenTheMainKeyIsAbsent() {
        Configuration config = new Configuration();
        assertThat(config.get(WITH_FALLBACKS)).isEqualTo("default");
        assertThat(config.contains(WITH_FALLBACKS)).isFalse();

        config.setString("test.deprecated", "from-deprecated");
        assertThat(config.get(WITH_FALLBACKS)).isEqualTo("from-deprecated");
        assertThat(config.contains(WITH_FALLBACKS)).isTrue();
        assertThat(config.containsKey("test.new")).isFalse();

        config.setString("test.fallback", "from-fallback");
        assertThat(config.get(WITH_FALLBACKS)).isEqualTo("from-fallback");

        config.setString("test.new", "from-main");
        assertThat(config.getOptional(WITH_FALLBACKS)).contains("from-main");

        assertThat(config.removeKey("test.new")).isTrue();
        assertThat(config.removeKey("test.new")).isFalse();
        assertThat(config.get(WITH_FALLBACKS)).isEqualTo("from-fallback");
    }

    @Test
    void parseErrorsNameTheAlternativeKeyTheValueCameFrom() {
        ConfigOption<Integer> option = ConfigOptions.key("test.count").intType().defaultValue(1)
                .withDeprecatedKeys("test.old-count");
        Configuration config = new Configuration().setString("test.old-count", "lots");
        assertThatThrownBy(() -> config.get(option)).hasMessage("test.old-count: 'lots' is not an integer (32-bit)");
    }

    @Test
    void copiesAreIsolated() {
        Configuration original = new Configuration().setString("state.backend.type", "rocksdb");
        Configuration copy = original.copy();
        copy.setString("state.backend.type", "hashmap");
        copy.setInteger("state.checkpoints.num-retained", 3);
        original.setBoolean("state.backend.incremental", true);

        assertThat(original.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(original.containsKey("state.checkpoints.num-retained")).isFalse();
        assertThat(copy.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(copy.containsKey("state.backend.incremental")).isFalse();
        assertThat(original.keySet()).containsExactly("state.backend.incremental", "state.backend.type");
        assertThat(copy.keySet()).containsExactly("state.backend.type", "state.checkpoints.num-retained");
        assertThat(copy).isNotEqualTo(original);
    }

    @Test
    void viewsAreSnapshotsThatDoNotWriteThrough() {
        Configuration config = new Configuration().setString("a.b", "1");
        Map<String, String> map = config.toMap();
        config.setString("a.c", "2");
        assertThat(map).containsOnlyKeys("a.b");
        assertThatThrownBy(() -> config.keySet().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(config).hasToString("{a.b=1, a.c=2}");
    }
}
