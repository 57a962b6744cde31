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

    /** The most deltas a key group chains before it is rewritten in full. */
    public static final int DEFAULT_MAX_DELTAS = 8;

    /** A key group is rewritten in full when its deltas exceed this fraction of its base. */
    public static final double DEFAULT_MAX_DELTA_RATIO = 0.5;

    /** The default savepoint directory from configuration, or null. */
    private final String savepointDirectory;

    /** null: take {@code state.backend.incremental} from configuration (default false). */
    private final Boolean incremental;

    /** Creates the backend with every setting taken from configuration or defaults. */
    public HashMapStateBackend() {
        this(null, null);
    }

    private HashMapStateBackend(String savepointDirectory, Boolean incremental) {
        this.savepointDirectory = savepointDirectory;
        this.incremental = incremental;
    }

    /**
     * @param enabled whether checkpoints upload only what changed since the last confirmed checkpoint
     * @return a copy with the setting made in code
     */
    public HashMapStateBackend withIncrementalCheckpoints(boolean enabled) {
        return new HashMapStateBackend(savepointDirectory, enabled);
    }

    /** @return whether checkpoints are incremental ({@code state.backend.incremental}) */
    public boolean isIncrementalCheckpointsEnabled() {
        return incremental != null && incremental;
    }

    @Override
    public HashMapStateBackend configure(ReadableConfig config, ClassLoader classLoader) {
        return new HashMapStateBackend(savepointDirectory != null
                ? savepointDirectory
                : config.getOptional(CheckpointingOptions.SAVEPOINT_DIRECTORY).orElse(null),
                incremental != null ? incremental : config.get(io.cairn.config.StateBackendOptions.INCREMENTAL_CHECKPOINTS));
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
        return new HeapKeyedStateBackend<>(parameters, isIncrementalCheckpointsEnabled());
    }

    @Override
    public boolean supportsAsynchronousSnapshots() {
        return true;
    }

    @Override
    public String toString() {
        return "HashMapStateBackend{incremental=" + isIncrementalCheckpointsEnabled() + "}";
    }
}
