package io.cairn.config;

import java.util.Map;
import java.util.Optional;

/** Read access to a configuration: typed values by option, and all entries as strings. */
public interface ReadableConfig {

    /**
     * Returns the option's value (looking at its fallback and deprecated keys too), else its default
     * value, else null.
     *
     * @throws IllegalConfigurationException naming the key and the value if the value cannot be parsed
     */
    <T> T get(ConfigOption<T> option);

    /**
     * Returns the option's value (looking at its fallback and deprecated keys too), or empty if none
     * is set; the default value is not used.
     *
     * @throws IllegalConfigurationException naming the key and the value if the value cannot be parsed
     */
    <T> Optional<T> getOptional(ConfigOption<T> option);

    /** Returns every entry as a string, sorted by key; the map is a copy. */
    Map<String, String> toMap();
}
