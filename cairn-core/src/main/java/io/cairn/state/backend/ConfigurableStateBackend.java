package io.cairn.state.backend;

import io.cairn.config.ReadableConfig;

/**
 * A state backend that can take settings from configuration. Settings made in code win over
 * configuration; {@link #configure} returns a new backend and leaves this one unchanged.
 */
public abstract class ConfigurableStateBackend implements StateBackend {

    /** Creates the backend. */
    protected ConfigurableStateBackend() {}

    /**
     * Returns a copy of this backend with every setting not made in code taken from {@code config}.
     *
     * @param config the configuration
     * @param classLoader the user-code class loader
     * @return the configured backend
     * @throws io.cairn.config.IllegalConfigurationException if a value is invalid; the message names the key
     */
    public abstract StateBackend configure(ReadableConfig config, ClassLoader classLoader);

    /** @return the default savepoint directory this backend was configured with, or null */
    public abstract String getDefaultSavepointDirectory();

    @Override
    public abstract boolean supportsAsynchronousSnapshots();
}
