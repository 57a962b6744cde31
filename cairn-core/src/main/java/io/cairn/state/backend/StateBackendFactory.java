package io.cairn.state.backend;

import io.cairn.config.ReadableConfig;

/**
 * Service-provider interface that makes a state backend loadable by name through
 * {@code state.backend.type}. List implementations in
 * {@code META-INF/services/io.cairn.state.backend.StateBackendFactory}, or name the factory class in
 * the option.
 */
public interface StateBackendFactory {

    /** @return the name in {@code state.backend.type}, lower case, e.g. {@code hashmap} */
    String getName();

    /**
     * Creates the backend from configuration.
     *
     * @param config the configuration
     * @param classLoader the user-code class loader
     * @return the backend
     * @throws io.cairn.config.IllegalConfigurationException if a value is invalid
     */
    StateBackend createFromConfig(ReadableConfig config, ClassLoader classLoader);
}
