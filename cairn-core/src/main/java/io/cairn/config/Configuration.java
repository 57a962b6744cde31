package io.cairn.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A mutable set of configuration entries. Values are stored as given, as strings or typed objects,
 * and parsed on read by the option's type; an unparsable value fails with an
 * {@link IllegalConfigurationException} naming the key and the value.
 *
 * <p>Not thread-safe: hand another thread a {@link #copy()}, not a shared instance.
 */
public final class Configuration implements ReadableConfig {

    private static final int MAX_SUGGESTION_DISTANCE = 3;

    private final TreeMap<String, Object> entries;

    /** Creates an empty configuration. */
    public Configuration() {
        this.entries = new TreeMap<>();
    }

    private Configuration(TreeMap<String, Object> entries) {
        this.entries = entries;
    }

    /** Returns a configuration holding the given string entries. */
    public static Configuration fromMap(Map<String, String> map) {
        Configuration configuration = new Configuration();
        map.forEach(configuration::setString);
        return configuration;
    }

    /**
     * Reads a flat {@code key: value} file: one entry per line, {@code #} starts a comment (at the
     * start of a line or after whitespace), blank lines are skipped, values may be quoted.
     *
     * @throws IllegalConfigurationException naming the file and line of a line that cannot be parsed
     * @throws IOException if the file cannot be read
     */
    public static Configuration loadYamlLike(java.nio.file.Path file) throws IOException {
        return YamlLikeParser.parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** Returns an independent copy: later changes to either configuration do not affect the other. */
    public Configuration copy() {
        return new Configuration(new TreeMap<>(entries));
    }

    @Override
    public <T> T get(ConfigOption<T> option) {
        return getOptional(option).orElse(option.defaultValue());
    }

    @Override
    public <T> Optional<T> getOptional(ConfigOption<T> option) {
        for (String key : option.lookupKeys()) {
            Object value = entries.get(key);
            if (value != null) {
                return Optional.of(convert(option, key, value));
            }
        }
        return Optional.empty();
    }

    private static <T> T convert(ConfigOption<T> option, String foundKey, Object value) {
        Class<T> type = option.type();
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        return option.parse(foundKey, OptionType.formatAny(value));
    }

    /**
     * Sets the option's value under its main key.
     *
     * @throws IllegalArgumentException if the value is null or not of the option's type
     */
    public <T> Configuration set(ConfigOption<T> option, T value) {
        Objects.requireNonNull(value, () -> "value of option '" + option.key() + "' must not be null");
        if (!option.type().isInstance(value)) {
            throw new IllegalArgumentException(option.key() + ": value '" + value + "' of type "
                    + value.getClass().getName() + " is not a " + option.type().getName());
        }
        entries.put(option.key(), value);
        return this;
    }

    /** Sets a string entry; it is parsed when read through an option. */
    public Configuration setString(String key, String value) {
        return put(key, value);
    }

    /** Sets a boolean entry. */
    public Configuration setBoolean(String key, boolean value) {
        return put(key, value);
    }

    /** Sets a boolean option. */
    public Configuration setBoolean(ConfigOption<Boolean> option, boolean value) {
        return set(option, value);
    }

    /** Sets an int entry. */
    public Configuration setInteger(String key, int value) {
        return put(key, value);
    }

    /** Sets an int option. */
    public Configuration setInteger(ConfigOption<Integer> option, int value) {
        return set(option, value);
    }

    /** Sets a long entry. */
    public Configuration setLong(String key, long value) {
        return put(key, value);
    }

    /** Sets a long option. */
    public Configuration setLong(ConfigOption<Long> option, long value) {
        return set(option, value);
    }

    private Configuration put(String key, Object value) {
        ConfigOptions.checkKey(key);
        Objects.requireNonNull(value, () -> "value of key '" + key + "' must not be null");
        entries.put(key, value);
        return this;
    }

    /** Returns the entry under exactly this key as a string (typed values formatted), or {@code defaultValue}. */
    public String getString(String key, String defaultValue) {
        Object value = entries.get(key);
        return value == null ? defaultValue : OptionType.formatAny(value);
    }

    /** Returns whether an entry exists under exactly this key. */
    public boolean containsKey(String key) {
        return entries.containsKey(key);
    }

    /** Returns whether the option is set under its main, fallback or deprecated keys. */
    public boolean contains(ConfigOption<?> option) {
        return option.lookupKeys().stream().anyMatch(entries::containsKey);
    }

    /** Removes the entry under exactly this key; returns whether there was one. */
    public boolean removeKey(String key) {
        return entries.remove(key) != null;
    }

    /** Returns the keys, sorted; the set is a copy. */
    public Set<String> keySet() {
        return Collections.unmodifiableSet(new TreeSet<>(entries.keySet()));
    }

    @Override
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        entries.forEach((key, value) -> map.put(key, OptionType.formatAny(value)));
        return map;
    }

    /**
     * Rejects unknown keys: any key starting with one of the prefixes that is not the main, fallback
     * or deprecated key of a known option.
     *
     * @throws IllegalConfigurationException naming each unknown key and the closest known key, if any
     *     is within 3 edits ("did you mean 'state.backend.type'?")
     */
    public void checkKnownKeys(Collection<ConfigOption<?>> known, Collection<String> prefixes) {
        Map<String, String> mainKeyByKey = new HashMap<>();
        for (ConfigOption<?> option : known) {
            for (String key : option.lookupKeys()) {
                mainKeyByKey.putIfAbsent(key, option.key());
            }
        }
        List<String> problems = new ArrayList<>();
        for (String key : entries.keySet()) {
            if (prefixes.stream().anyMatch(key::startsWith) && !mainKeyByKey.containsKey(key)) {
                String problem = "unknown configuration key '" + key + "'";
                Optional<String> closest = KeySuggestions.closest(key, mainKeyByKey.keySet(), MAX_SUGGESTION_DISTANCE);
                if (closest.isPresent()) {
                    problem += " (did you mean '" + mainKeyByKey.get(closest.get()) + "'?)";
                }
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalConfigurationException(String.join("; ", problems));
        }
    }

    /** Two configurations are equal if their entries, as strings, are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Configuration && ((Configuration) o).toMap().equals(toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return toMap().toString();
    }
}
