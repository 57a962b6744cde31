package io.cairn.state.heap;

import io.cairn.config.ReadableConfig;
import io.cairn.state.backend.StateBackend;
import io.cairn.state.backend.StateBackendFactory;

/** Makes {@code state.backend.type: hashmap} load {@link HashMapStateBackend}. */
public final class HashMapStateBackendFactory implements StateBackendFactory {

    /** Creates the factory (called by {@link java.util.ServiceLoader}). */
    public HashMapStateBackendFactory() {}

    @Override
    public String getName() {
        return HashMapStateBackend.NAME;
    }

    @Override
    public StateBackend createFromConfig(ReadableConfig config, ClassLoader classLoader) {
        return new HashMapStateBackend().configure(config, classLoader);
    }
}
