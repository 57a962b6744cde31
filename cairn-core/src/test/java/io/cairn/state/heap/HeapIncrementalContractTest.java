package io.cairn.state.heap;

import io.cairn.state.backend.StateBackend;
import io.cairn.state.keyed.KeyedStateBackendContractTest;

/** The keyed-backend contract with incremental checkpoints on (every snapshot here is a first, full one). */
class HeapIncrementalContractTest extends KeyedStateBackendContractTest {

    @Override
    protected StateBackend stateBackend() {
        return new HashMapStateBackend().withIncrementalCheckpoints(true);
    }

    @Override
    protected boolean snapshotsAreKeyGroupFiles() {
        return false;
    }
}
