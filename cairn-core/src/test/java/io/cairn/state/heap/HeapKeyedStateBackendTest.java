package io.cairn.state.heap;

import io.cairn.state.backend.StateBackend;
import io.cairn.state.keyed.KeyedStateBackendContractTest;

/** Runs the keyed-backend contract against the {@code hashmap} backend. */
class HeapKeyedStateBackendTest extends KeyedStateBackendContractTest {

    @Override
    protected StateBackend stateBackend() {
        return new HashMapStateBackend();
    }
}
