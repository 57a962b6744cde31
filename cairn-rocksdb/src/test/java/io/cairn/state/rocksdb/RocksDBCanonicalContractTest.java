package io.cairn.state.rocksdb;

import io.cairn.state.backend.StateBackend;
import io.cairn.state.keyed.KeyedStateBackendContractTest;

/**
 * The keyed-backend contract, unchanged, with canonical checkpoints
 * ({@code state.backend.rocksdb.checkpoint.format: canonical}): every snapshot here is a full scan
 * into the canonical key-group format (so the contract's corruption tests, which edit such files,
 * run too) and every restore writes the entries again.
 */
class RocksDBCanonicalContractTest extends KeyedStateBackendContractTest {

    @Override
    protected StateBackend stateBackend() {
        return new EmbeddedRocksDBStateBackend().withLocalDirectory(tmp.resolve("rocksdb"))
                .withCheckpointFormat(RocksDBCheckpointFormat.CANONICAL);
    }
}
