package io.cairn.checkpoint.storage;

import io.cairn.config.CheckpointingOptions;
import io.cairn.config.Configuration;
import io.cairn.config.IllegalConfigurationException;
import io.cairn.config.ReadableConfig;
import io.cairn.config.StateBackendOptions;
import io.cairn.fs.Path;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the checkpoint storage from code or configuration: {@code state.checkpoint-storage} is
 * {@code jobmanager} or {@code filesystem}; unset, it is {@code filesystem} when
 * {@code state.checkpoints.dir} is set (or {@code state.backend.type} is the legacy
 * {@code filesystem}) and {@code jobmanager} otherwise.
 */
public final class CheckpointStorageLoader {

    /** The in-memory storage's name. */
    public static final String JOBMANAGER = "jobmanager";
    /** The file-system storage's name. */
    public static final String FILESYSTEM = "filesystem";

    private CheckpointStorageLoader() {}

    /**
     * Loads the storage named by configuration.
     *
     * @param config the configuration
     * @param classLoader the user-code class loader
     * @return the storage
     * @throws IllegalConfigurationException if the name is unknown, a needed directory is missing, or a value is
     *     invalid; the message names the key
     */
    public static CheckpointStorage loadCheckpointStorageFromConfig(ReadableConfig config, ClassLoader classLoader) {
        String name = config.getOptional(CheckpointingOptions.CHECKPOINT_STORAGE).map(s -> s.trim().toLowerCase(Locale.ROOT))
                .orElseGet(() -> impliedStorage(config));
        switch (name) {
            case JOBMANAGER:
                return new JobManagerCheckpointStorage().configure(config, classLoader);
            case FILESYSTEM: {
                String dir = config.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).orElseThrow(() ->
                        new IllegalConfigurationException(CheckpointingOptions.CHECKPOINT_STORAGE.key() + ": 'filesystem' needs "
                                + CheckpointingOptions.CHECKPOINTS_DIRECTORY.key() + " to be set"));
                return new FileSystemCheckpointStorage(checkedPath(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(), dir))
                        .configure(config, classLoader);
            }
            default:
                throw new IllegalConfigurationException(CheckpointingOptions.CHECKPOINT_STORAGE.key() + ": '"
                        + config.get(CheckpointingOptions.CHECKPOINT_STORAGE) + "' is not one of " + List.of(JOBMANAGER, FILESYSTEM));
        }
    }

    /**
     * Uses the application's storage if there is one (configured with the settings it did not make in
     * code), otherwise loads one from configuration.
     *
     * @param fromApplication the storage set in code, or null
     * @param config the configuration
     * @param classLoader the user-code class loader
     * @return the storage
     * @throws IllegalConfigurationException as for {@link #loadCheckpointStorageFromConfig}
     */
    public static CheckpointStorage fromApplicationOrConfigOrDefault(
            CheckpointStorage fromApplication, Configuration config, ClassLoader classLoader) {
        if (fromApplication instanceof ConfigurableCheckpointStorage c) {
            return c.configure(config, classLoader);
        }
        if (fromApplication != null) {
            return fromApplication;
        }
        return loadCheckpointStorageFromConfig(config, classLoader);
    }

    private static String impliedStorage(ReadableConfig config) {
        boolean legacyFilesystem = config.getOptional(StateBackendOptions.STATE_BACKEND)
                .map(s -> s.trim().equalsIgnoreCase("filesystem")).orElse(false);
        return config.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).isPresent() || legacyFilesystem
                ? FILESYSTEM
                : JOBMANAGER;
    }

    static Path checkedPath(String key, String value) {
        try {
            Path p = Path.of(value);
            io.cairn.fs.FileSystem.get(p);
            return p;
        } catch (IllegalArgumentException e) {
            throw new IllegalConfigurationException(key + ": '" + value + "' is not a usable path: " + e.getMessage(), e);
        }
    }

    static int checkedIntBytes(String key, long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalConfigurationException(key + ": " + bytes + " bytes is larger than the maximum of "
                    + Integer.MAX_VALUE);
        }
        return (int) bytes;
    }
}
