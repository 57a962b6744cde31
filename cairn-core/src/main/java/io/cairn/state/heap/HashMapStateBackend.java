package io.cairn.state.heap;

import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.backend.StateBackend;
import io.cairn.state.keyed.KeyedStateBackend;

/**
 * The {@code hashmap} state backend: state lives as objects on the JVM heap, in copy-on-write hash
 * maps per state and key group; snapshots freeze the maps in O(states x key groups) and serialize
 * them off the task thread. Immutable and thread-safe.
 */
public final class HashMapStateBackend implements StateBackend {

    /** The configuration name, {@code hashmap}. */
    public static final String NAME = "hashmap";

    /** Creates the backend factory. */
    public HashMapStateBackend() {}

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
