package io.cairn.state.backend;

import io.cairn.config.Configuration;
import io.cairn.config.IllegalConfigurationException;
import io.cairn.config.ReadableConfig;
import io.cairn.config.StateBackendOptions;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Chooses the state backend from code or configuration. Names are resolved through
 * {@link StateBackendFactory} services: {@code hashmap} (in cairn-core), {@code rocksdb} (in
 * cairn-rocksdb), and {@code filesystem}, the legacy alias of {@code hashmap} with file-system
 * checkpoint storage. A fully qualified {@link StateBackendFactory} class name also works.
 */
public final class StateBackendLoader {

    /** The heap backend's name. */
    public static final String HASHMAP_STATE_BACKEND_NAME = "hashmap";
    /** The RocksDB backend's name. */
    public static final String ROCKSDB_STATE_BACKEND_NAME = "rocksdb";
    /** The legacy alias of {@code hashmap}. */
    public static final String FILESYSTEM_STATE_BACKEND_NAME = "filesystem";

    private static final List<String> KNOWN_NAMES =
            List.of(HASHMAP_STATE_BACKEND_NAME, ROCKSDB_STATE_BACKEND_NAME, FILESYSTEM_STATE_BACKEND_NAME);

    private StateBackendLoader() {}

    /**
     * Loads the backend named by {@code state.backend.type}.
     *
     * @param config the configuration
     * @param classLoader loads factories and user classes
     * @param defaultStateBackend the name to use when the option is unset; null means {@code hashmap}
     * @return the backend, configured from {@code config}
     * @throws IllegalConfigurationException if the name is unknown, its module is missing, or a value is invalid;
     *     the message names the option key and the bad value
     */
    public static StateBackend loadStateBackendFromConfig(
            ReadableConfig config, ClassLoader classLoader, String defaultStateBackend) {
        String name = config.getOptional(StateBackendOptions.STATE_BACKEND)
                .orElse(defaultStateBackend == null ? HASHMAP_STATE_BACKEND_NAME : defaultStateBackend);
        String normalized = name.trim().toLowerCase(Locale.ROOT);
        if (normalized.equals(FILESYSTEM_STATE_BACKEND_NAME)) {
            normalized = HASHMAP_STATE_BACKEND_NAME;
        }
        Map<String, StateBackendFactory> factories = factories(classLoader);
        StateBackendFactory factory = factories.get(normalized);
        if (factory != null) {
            return factory.createFromConfig(config, classLoader);
        }
        if (normalized.equals(ROCKSDB_STATE_BACKEND_NAME)) {
            throw new IllegalConfigurationException(StateBackendOptions.STATE_BACKEND.key() + ": 'rocksdb' needs the module "
                    + "io.cairn:cairn-rocksdb on the class path");
        }
        if (name.contains(".")) {
            return fromFactoryClass(name.trim(), config, classLoader);
        }
        throw new IllegalConfigurationException(StateBackendOptions.STATE_BACKEND.key() + ": '" + name
                + "' is not one of " + KNOWN_NAMES + " (nor a StateBackendFactory class name)");
    }

    /**
     * Uses the application's backend if there is one (configured with the settings it did not make in
     * code), otherwise loads one from configuration.
     *
     * @param fromApplication the backend set in code, or null
     * @param config the configuration
     * @param classLoader the user-code class loader
     * @param defaultStateBackend the name to use when neither is given; null means {@code hashmap}
     * @return the backend
     * @throws IllegalConfigurationException as for {@link #loadStateBackendFromConfig}
     */
    public static StateBackend fromApplicationOrConfigOrDefault(
            StateBackend fromApplication, Configuration config, ClassLoader classLoader, String defaultStateBackend) {
        if (fromApplication instanceof ConfigurableStateBackend c) {
            return c.configure(config, classLoader);
        }
        if (fromApplication != null) {
            return fromApplication;
        }
        return loadStateBackendFromConfig(config, classLoader, defaultStateBackend);
    }

    /** @return the names of the factories on the class path of {@code classLoader} */
    public static List<String> availableStateBackends(ClassLoader classLoader) {
        return List.copyOf(factories(classLoader).keySet());
    }

    private static Map<String, StateBackendFactory> factories(ClassLoader classLoader) {
        Map<String, StateBackendFactory> result = new TreeMap<>();
        for (StateBackendFactory f : ServiceLoader.load(StateBackendFactory.class, classLoader)) {
            result.putIfAbsent(f.getName().toLowerCase(Locale.ROOT), f);
        }
        return result;
    }

    private static StateBackend fromFactoryClass(String className, ReadableConfig config, ClassLoader classLoader) {
        String key = StateBackendOptions.STATE_BACKEND.key();
        Class<?> type;
        try {
            type = Class.forName(className, true, classLoader);
        } catch (ClassNotFoundException e) {
            throw new IllegalConfigurationException(key + ": '" + className + "' is not one of " + KNOWN_NAMES
                    + " and no class of that name was found", e);
        }
        if (!StateBackendFactory.class.isAssignableFrom(type)) {
            throw new IllegalConfigurationException(key + ": class '" + className + "' does not implement "
                    + StateBackendFactory.class.getName());
        }
        try {
            return ((StateBackendFactory) type.getDeclaredConstructor().newInstance()).createFromConfig(config, classLoader);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalConfigurationException(key + ": cannot instantiate '" + className
                    + "'; it needs a public no-argument constructor", e);
        }
    }
}
