package io.cairn.state.rocksdb;

import io.cairn.state.backend.StateBackend;
import io.cairn.state.keyed.KeyedStateBackendContractTest;

/** Runs the keyed-backend contract, unchanged, against the {@code rocksdb} backend. */
class RocksDBKeyedStateBackendTest extends KeyedStateBackendContractTest {

    @Override
    protected StateBackend stateBackend() {
        return new EmbeddedRocksDBStateBackend().withLocalDirectory(tmp.resolve("rocksdb"));
    }
}
