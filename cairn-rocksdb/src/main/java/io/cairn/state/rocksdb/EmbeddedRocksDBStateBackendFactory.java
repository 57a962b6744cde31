package io.cairn.state.rocksdb;

import io.cairn.config.ReadableConfig;
import io.cairn.state.backend.StateBackend;
import io.cairn.state.backend.StateBackendFactory;

/** Makes {@code state.backend.type: rocksdb} load {@link EmbeddedRocksDBStateBackend}. */
public final class EmbeddedRocksDBStateBackendFactory implements StateBackendFactory {

    /** Creates the factory (called by {@link java.util.ServiceLoader}). */
    public EmbeddedRocksDBStateBackendFactory() {}

    @Override
    public String getName() {
        return EmbeddedRocksDBStateBackend.NAME;
    }

    @Override
    public StateBackend createFromConfig(ReadableConfig config, ClassLoader classLoader) {
        return new EmbeddedRocksDBStateBackend().configure(config, classLoader);
    }
}
