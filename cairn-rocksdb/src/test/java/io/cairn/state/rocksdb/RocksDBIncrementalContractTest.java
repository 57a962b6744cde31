package io.cairn.state.rocksdb;

import io.cairn.state.backend.StateBackend;
import io.cairn.state.keyed.KeyedStateBackendContractTest;

/**
 * The keyed-backend contract, unchanged, with incremental (native) checkpoints: every snapshot here
 * is a RocksDB checkpoint whose files are uploaded, and every restore a native one (rescaling ones
 * open a base and copy key groups from the others).
 */
class RocksDBIncrementalContractTest extends KeyedStateBackendContractTest {

    @Override
    protected StateBackend stateBackend() {
        return new EmbeddedRocksDBStateBackend().withLocalDirectory(tmp.resolve("rocksdb")).withIncrementalCheckpoints(true);
    }

    @Override
    protected boolean snapshotsAreKeyGroupFiles() {
        return false;
    }
}
