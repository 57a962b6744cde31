package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigOptionTest {

    @Test
    void builderSetsEveryAttribute() {
        ConfigOption<Duration> option = ConfigOptions.key("a.timeout")
                .durationType()
                .defaultValue(Duration.ofSeconds(3))
                .withDescription("How long.")
                .withFallbackKeys("a.old-timeout")
                .withDeprecatedKeys("a.ancient-timeout");
        assertThat(option.key()).isEqualTo("a.timeout");
        assertThat(option.type()).isEqualTo(Duration.class);
        assertThat(option.typeName()).isEqualTo("Duration");
        assertThat(option.hasDefaultValue()).isTrue();
        assertThat(option.defaultValue()).isEqualTo(Duration.ofSeconds(3));
        assertThat(option.description()).isEqualTo("How long.");
        assertThat(option.fallbackKeys()).containsExactly("a.old-timeout");
        assertThat(option.deprecatedKeys()).containsExactly("a.ancient-timeout");
        assertThat(option.lookupKeys()).containsExactly("a.timeout", "a.old-timeout", "a.ancient-timeout");
        assertThat(option.allowedValues()).isEmpty();
        assertThat(option).hasToString("ConfigOption{key=a.timeout, type=Duration, default=3 s}");
    }

    @Test
    void optionsWithoutDefaultReportNone() {
        ConfigOption<String> option = ConfigOptions.key("a.dir").stringType().noDefaultValue();
        assertThat(option.hasDefaultValue()).isFalse();
        assertThat(option.defaultValue()).isNull();
        assertThat(option.description()).isEmpty();
    }

    @Test
    void isImmutableAndEqualByKey() {
        ConfigOption<Integer> base = ConfigOptions.key("a.n").intType().defaultValue(1);
        ConfigOption<Integer> described = base.withDescription("n");
        assertThat(base.description()).isEmpty();
        assertThat(described).isNotSameAs(base).isEqualTo(base).hasSameHashCodeAs(base);
        assertThat(ConfigOptions.key("a.n").stringType().defaultValue("x")).isEqualTo(base);
        assertThat(ConfigOptions.key("a.m").intType().defaultValue(1)).isNotEqualTo(base);
    }

    @Test
    void enumOptionsListTheirAllowedValues() {
        assertThat(CheckpointingOptions.CHECKPOINTING_MODE.allowedValues())
                .containsExactly(CheckpointingMode.EXACTLY_ONCE, CheckpointingMode.AT_LEAST_ONCE);
        assertThat(CheckpointingOptions.CHECKPOINTING_MODE.typeName()).isEqualTo("Enum");
    }

    @Test
    void parsesAndFormatsValues() {
        assertThat(CheckpointingOptions.FS_SMALL_FILE_THRESHOLD.parse("1 mb")).isEqualTo(MemorySize.ofMebiBytes(1));
        assertThat(CheckpointingOptions.CHECKPOINTING_TIMEOUT.format(Duration.ofMinutes(10))).isEqualTo("10 min");
        assertThatThrownBy(() -> CheckpointingOptions.MAX_RETAINED_CHECKPOINTS.parse("many"))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessage("state.checkpoints.num-retained: 'many' is not an integer (32-bit)");
    }

    @Test
    void rejectsBadKeysNamingThem() {
        assertThatThrownBy(() -> ConfigOptions.key("has space")).hasMessageContaining("'has space'");
        assertThatThrownBy(() -> ConfigOptions.key("")).isInstanceOf(IllegalArgumentException.class);
        ConfigOption<Integer> option = ConfigOptions.key("a.n").intType().defaultValue(1);
        assertThatThrownBy(() -> option.withFallbackKeys("a.n"))
                .hasMessage("option 'a.n': alternative key 'a.n' is already a key of this option");
        assertThatThrownBy(() -> option.withFallbackKeys("a.old").withDeprecatedKeys("a.old"))
                .hasMessageContaining("'a.old'");
        assertThatThrownBy(() -> ConfigOptions.key("a.n").intType().defaultValue(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'a.n'");
    }
}
