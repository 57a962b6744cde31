package io.cairn.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A typed configuration option: key, value type, default value (or none), description, and keys
 * read when the main key is absent (fallback keys, then deprecated keys). Built with
 * {@link ConfigOptions#key(String)}. Immutable; two options are equal if their keys are.
 *
 * @param <T> the value type
 */
public final class ConfigOption<T> {

    private final String key;
    private final OptionType<T> type;
    private final T defaultValue;
    private final String description;
    private final List<String> fallbackKeys;
    private final List<String> deprecatedKeys;

    ConfigOption(
            String key,
            OptionType<T> type,
            T defaultValue,
            String description,
            List<String> fallbackKeys,
            List<String> deprecatedKeys) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
        this.fallbackKeys = List.copyOf(fallbackKeys);
        this.deprecatedKeys = List.copyOf(deprecatedKeys);
    }

    /** Returns the key, e.g. {@code state.backend.type}. */
    public String key() {
        return key;
    }

    /** Returns the class of the values. */
    public Class<T> type() {
        return type.type();
    }

    /** Returns the type's name in the docs: String, Boolean, Integer, Long, Double, Duration, MemorySize or Enum. */
    public String typeName() {
        return type.name();
    }

    /** Returns whether the option has a default value. */
    public boolean hasDefaultValue() {
        return defaultValue != null;
    }

    /** Returns the default value, or null if the option has none. */
    public T defaultValue() {
        return defaultValue;
    }

    /** Returns the description, empty if none was given. */
    public String description() {
        return description;
    }

    /** Returns the keys read, in order, when the main key is absent (before the deprecated keys). */
    public List<String> fallbackKeys() {
        return fallbackKeys;
    }

    /** Returns the deprecated keys read, in order, when the main key and the fallback keys are absent. */
    public List<String> deprecatedKeys() {
        return deprecatedKeys;
    }

    /** Returns the allowed values of an enum option (in declaration order), empty for other types. */
    public List<T> allowedValues() {
        return type.allowedValues();
    }

    /** Returns a copy of this option with the given description. */
    public ConfigOption<T> withDescription(String description) {
        Objects.requireNonNull(description, () -> "description of option '" + key + "' must not be null");
        return new ConfigOption<>(key, type, defaultValue, description, fallbackKeys, deprecatedKeys);
    }

    /** Returns a copy of this option that also reads the given keys, in order, when the main key is absent. */
    public ConfigOption<T> withFallbackKeys(String... keys) {
        return new ConfigOption<>(key, type, defaultValue, description, append(fallbackKeys, keys), deprecatedKeys);
    }

    /** Returns a copy of this option that also reads the given deprecated keys, after the fallback keys. */
    public ConfigOption<T> withDeprecatedKeys(String... keys) {
        return new ConfigOption<>(key, type, defaultValue, description, fallbackKeys, append(deprecatedKeys, keys));
    }

    /**
     * Parses a string value of this option.
     *
     * @throws IllegalConfigurationException naming the key and the value if it cannot be parsed
     */
    public T parse(String value) {
        return parse(key, value);
    }

    /** Parses a value found under {@code foundKey} (this key or an alternative key). */
    T parse(String foundKey, String value) {
        return type.parse(foundKey, value);
    }

    /** Formats a value so that {@link #parse} reads it back, e.g. {@code "10 min"} or {@code "20 KiB"}. */
    public String format(T value) {
        return type.format(value);
    }

    /** Returns the main key, then the fallback keys, then the deprecated keys. */
    List<String> lookupKeys() {
        List<String> keys = new ArrayList<>(1 + fallbackKeys.size() + deprecatedKeys.size());
        keys.add(key);
        keys.addAll(fallbackKeys);
        keys.addAll(deprecatedKeys);
        return keys;
    }

    private List<String> append(List<String> existing, String[] added) {
        Set<String> all = new LinkedHashSet<>(existing);
        for (String alternative : added) {
            ConfigOptions.checkKey(alternative);
            if (alternative.equals(key) || fallbackKeys.contains(alternative) || deprecatedKeys.contains(alternative)) {
                throw new IllegalArgumentException(
                        "option '" + key + "': alternative key '" + alternative + "' is already a key of this option");
            }
            all.add(alternative);
        }
        return List.copyOf(all);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigOption && ((ConfigOption<?>) o).key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return "ConfigOption{key=" + key + ", type=" + type.name()
                + ", default=" + (defaultValue == null ? "(none)" : format(defaultValue)) + "}";
    }
}
