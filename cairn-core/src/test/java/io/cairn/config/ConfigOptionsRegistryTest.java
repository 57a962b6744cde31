package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigOptionsRegistryTest {

    /** An options class of a later module, as a test. */
    public static final class ExtraOptions {
        /** An extra option. */
        public static final ConfigOption<Integer> EXTRA = ConfigOptions.key("extra.n").intType().defaultValue(2)
                .withDescription("Extra.");
        /** Not an option: ignored. */
        public static final String NOT_AN_OPTION = "x";

        private ExtraOptions() {}
    }

    /** An options class that reuses a core key. */
    public static final class ClashingOptions {
        /** Clashes with state.backend.type. */
        public static final ConfigOption<String> CLASH = ConfigOptions.key("extra.kind").stringType().noDefaultValue()
                .withDeprecatedKeys("state.backend.type");

        private ClashingOptions() {}
    }

    @Test
    void listsEveryCoreOptionSortedByKey() {
        assertThat(ConfigOptionsRegistry.all()).extracting(ConfigOption::key).containsExactly(
                "execution.checkpointing.externalized-checkpoint-retention",
                "execution.checkpointing.interval",
                "execution.checkpointing.max-concurrent-checkpoints",
                "execution.checkpointing.min-pause",
                "execution.checkpointing.mode",
                "execution.checkpointing.prefer-checkpoint-for-recovery",
                "execution.checkpointing.timeout",
                "execution.checkpointing.tolerable-failed-checkpoints",
                "state.backend.hashmap.restore.threads",
                "state.backend.hashmap.snapshot.busy-fraction",
                "state.backend.incremental",
                "state.backend.type",
                "state.checkpoint-storage",
                "state.checkpoints.dir",
                "state.checkpoints.num-retained",
                "state.savepoints.dir",
                "state.storage.fs.memory-threshold",
                "state.storage.fs.write-buffer-size",
                "state.storage.jobmanager.max-state-size");
    }

    @Test
    void laterModulesAddTheirOptionClasses() {
        List<ConfigOption<?>> options =
                ConfigOptionsRegistry.optionsOf(List.of(StateBackendOptions.class, ExtraOptions.class));
        assertThat(options).extracting(ConfigOption::key)
                .containsExactly("extra.n", "state.backend.hashmap.restore.threads",
                        "state.backend.hashmap.snapshot.busy-fraction", "state.backend.incremental",
                        "state.backend.type");
    }

    @Test
    void rejectsKeysUsedTwice() {
        assertThatThrownBy(() -> ConfigOptionsRegistry.optionsOf(
                        List.of(StateBackendOptions.class, ClashingOptions.class)))
                .hasMessageContaining("'state.backend.type'")
                .hasMessageContaining("'extra.kind'");
    }

    @Test
    void optionClassesHoldOnlyDocumentedPublicStaticFinalOptions() {
        for (Class<?> optionClass : ConfigOptionsRegistry.coreOptionClasses()) {
            assertThat(Modifier.isFinal(optionClass.getModifiers())).as(optionClass.getName()).isTrue();
            for (Field field : optionClass.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                assertThat(field.getType()).as(field.getName()).isEqualTo(ConfigOption.class);
                assertThat(Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers))
                        .as(field.getName()).isTrue();
            }
        }
        for (ConfigOption<?> option : ConfigOptionsRegistry.all()) {
            assertThat(option.description()).as(option.key()).isNotBlank().endsWith(".");
            assertThat(option.description()).as(option.key()).containsAnyOf("default", "No default");
        }
    }
}
