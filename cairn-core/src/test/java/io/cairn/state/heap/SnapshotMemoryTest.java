package io.cairn.state.heap;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.MemCheckpointStreamFactory;
import io.cairn.serialization.LongSerializer;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.keyed.KeyedStateBackend;
import org.junit.jupiter.api.Test;

/** Copies made for a live snapshot count towards memory and are released with it. */
class SnapshotMemoryTest {

    @Test
    void memoryGoesBackDownWhenSnapshotsAreReleased() throws Exception {
        KeyedStateBackend<Long> b = new HashMapStateBackend().createKeyedStateBackend(
                KeyedStateBackendParameters.forSubtask("mem", LongSerializer.INSTANCE, 128, 1, 0));
        ValueState<Long> v = b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>("v", LongSerializer.INSTANCE));
        for (long k = 0; k < 100_000; k++) {
            b.setCurrentKey(k);
            v.update(k);
        }
        long baseline = b.getApproximateMemoryUsage();
        MemCheckpointStreamFactory streams = new MemCheckpointStreamFactory(64 << 20);
        var first = b.snapshot(1, 1, streams, CheckpointOptions.forCheckpointWithDefaultLocation());
        var second = b.snapshot(2, 2, streams, CheckpointOptions.forCheckpointWithDefaultLocation());
        for (long k = 0; k < 100_000; k++) {
            b.setCurrentKey(k);
            v.update(-k); // touches every segment: all are copied
        }
        long during = b.getApproximateMemoryUsage();
        assertThat(during).isGreaterThan(baseline + 100_000L * 2 * 4);
        first.run();
        first.get();
        assertThat(((HeapKeyedStateBackend<Long>) b).numberOfRetainedSnapshots()).isEqualTo(1);
        second.cancel(false);
        assertThat(((HeapKeyedStateBackend<Long>) b).numberOfRetainedSnapshots()).isZero();
        assertThat(b.getApproximateMemoryUsage()).isEqualTo(baseline);
    }
}
