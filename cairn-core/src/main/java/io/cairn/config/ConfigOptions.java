package io.cairn.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Builds {@link ConfigOption}s fluently, e.g.
 * {@code ConfigOptions.key("state.backend.type").stringType().defaultValue("hashmap").withDescription("…")}.
 */
public final class ConfigOptions {

    private ConfigOptions() {}

    /**
     * Starts an option with the given key.
     *
     * @throws IllegalArgumentException if the key is blank or contains whitespace
     */
    public static OptionBuilder key(String key) {
        checkKey(key);
        return new OptionBuilder(key);
    }

    static void checkKey(String key) {
        Objects.requireNonNull(key, "option key must not be null");
        if (key.isBlank() || key.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("option key must not be blank or contain whitespace: '" + key + "'");
        }
    }

    /** The first step of the builder: chooses the value type. */
    public static final class OptionBuilder {

        private final String key;

        private OptionBuilder(String key) {
            this.key = key;
        }

        /** Values are strings, used as given. */
        public TypedOptionBuilder<String> stringType() {
            return new TypedOptionBuilder<>(key, OptionType.STRING);
        }

        /** Values are 32-bit integers. */
        public TypedOptionBuilder<Integer> intType() {
            return new TypedOptionBuilder<>(key, OptionType.INT);
        }

        /** Values are 64-bit integers. */
        public TypedOptionBuilder<Long> longType() {
            return new TypedOptionBuilder<>(key, OptionType.LONG);
        }

        /** Values are {@code true} or {@code false} (case-insensitive). */
        public TypedOptionBuilder<Boolean> booleanType() {
            return new TypedOptionBuilder<>(key, OptionType.BOOLEAN);
        }

        /** Values are doubles. */
        public TypedOptionBuilder<Double> doubleType() {
            return new TypedOptionBuilder<>(key, OptionType.DOUBLE);
        }

        /** Values are durations such as {@code "500 ms"} or {@code "2 min"}; a bare number is milliseconds. */
        public TypedOptionBuilder<Duration> durationType() {
            return new TypedOptionBuilder<>(key, OptionType.DURATION);
        }

        /** Values are {@link MemorySize}s such as {@code "20 kb"} or {@code "5 mb"}; a bare number is bytes. */
        public TypedOptionBuilder<MemorySize> memoryType() {
            return new TypedOptionBuilder<>(key, OptionType.MEMORY);
        }

        /** Values are constants of the enum, parsed case-insensitively. */
        public <E extends Enum<E>> TypedOptionBuilder<E> enumType(Class<E> enumClass) {
            Objects.requireNonNull(enumClass, () -> "enum class of option '" + key + "' must not be null");
            return new TypedOptionBuilder<>(key, OptionType.ofEnum(enumClass));
        }
    }

    /**
     * The second step of the builder: chooses the default value, or none.
     *
     * @param <T> the value type
     */
    public static final class TypedOptionBuilder<T> {

        private final String key;
        private final OptionType<T> type;

        private TypedOptionBuilder(String key, OptionType<T> type) {
            this.key = key;
            this.type = type;
        }

        /** Finishes the option with a default value, returned when the key is not set. */
        public ConfigOption<T> defaultValue(T value) {
            Objects.requireNonNull(
                    value, () -> "default value of option '" + key + "' must not be null; use noDefaultValue()");
            return new ConfigOption<>(key, type, value, "", List.of(), List.of());
        }

        /** Finishes the option without a default value: reading it unset yields null (or an empty Optional). */
        public ConfigOption<T> noDefaultValue() {
            return new ConfigOption<>(key, type, null, "", List.of(), List.of());
        }
    }
}
