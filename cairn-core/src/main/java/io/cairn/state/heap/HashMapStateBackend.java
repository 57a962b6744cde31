package io.cairn.state.heap;

import io.cairn.config.CheckpointingOptions;
import io.cairn.config.ReadableConfig;
import io.cairn.state.backend.ConfigurableStateBackend;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.keyed.KeyedStateBackend;

/**
 * The {@code hashmap} state backend: state lives as objects on the JVM heap, in copy-on-write hash
 * maps per state and key group; snapshots freeze the maps in O(states x key groups) and serialize
 * them off the task thread. Immutable and thread-safe.
 */
public final class HashMapStateBackend extends ConfigurableStateBackend {

    /** The configuration name, {@code hashmap}. */
    public static final String NAME = "hashmap";

    /** The default savepoint directory from configuration, or null. */
    private final String savepointDirectory;

    /** Creates the backend with every setting taken from configuration or defaults. */
    public HashMapStateBackend() {
        this(null);
    }

    private HashMapStateBackend(String savepointDirectory) {
        this.savepointDirectory = savepointDirectory;
    }

    @Override
    public HashMapStateBackend configure(ReadableConfig config, ClassLoader classLoader) {
        return new HashMapStateBackend(savepointDirectory != null
                ? savepointDirectory
                : config.getOptional(CheckpointingOptions.SAVEPOINT_DIRECTORY).orElse(null));
    }

    @Override
    public String getDefaultSavepointDirectory() {
        return savepointDirectory;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public <K> KeyedStateBackend<K> createKeyedStateBackend(KeyedStateBackendParameters<K> parameters) {
        return new HeapKeyedStateBackend<>(parameters);
    }

    @Override
    public boolean supportsAsynchronousSnapshots() {
        return true;
    }

    @Override
    public String toString() {
        return "HashMapStateBackend";
    }
}
