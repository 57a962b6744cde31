package io.cairn.checkpoint.storage;

import io.cairn.config.ReadableConfig;

/**
 * A checkpoint storage that can take settings from configuration. Settings made in code win;
 * {@link #configure} returns a new storage and leaves this one unchanged.
 */
public abstract class ConfigurableCheckpointStorage implements CheckpointStorage {

    /** Creates the storage. */
    protected ConfigurableCheckpointStorage() {}

    /**
     * Returns a copy of this storage with every setting not made in code taken from {@code config}.
     *
     * @param config the configuration
     * @param classLoader the user-code class loader
     * @return the configured storage
     * @throws io.cairn.config.IllegalConfigurationException if a value is invalid; the message names the key
     */
    public abstract CheckpointStorage configure(ReadableConfig config, ClassLoader classLoader);
}
