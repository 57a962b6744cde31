package io.cairn.state.rocksdb;

import io.cairn.state.backend.StateBackend;
import io.cairn.state.keyed.KeyedStateBackendContractTest;

/**
 * Runs the keyed-backend contract, unchanged, against the {@code rocksdb} backend with its default
 * options: every snapshot here is a native full checkpoint (a RocksDB checkpoint whose every file is
 * uploaded as exclusive state) and every restore a native one. {@link RocksDBCanonicalContractTest}
 * runs it with canonical checkpoints.
 */
class RocksDBKeyedStateBackendTest extends KeyedStateBackendContractTest {

    @Override
    protected StateBackend stateBackend() {
        return new EmbeddedRocksDBStateBackend().withLocalDirectory(tmp.resolve("rocksdb"));
    }

    @Override
    protected boolean snapshotsAreKeyGroupFiles() {
        return false;
    }
}
