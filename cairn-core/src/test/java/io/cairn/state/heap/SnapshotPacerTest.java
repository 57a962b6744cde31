package io.cairn.state.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.config.Configuration;
import io.cairn.config.StateBackendOptions;
import org.junit.jupiter.api.Test;

/** The pacing of heap snapshots' asynchronous parts, and its configuration. */
class SnapshotPacerTest {

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aQuarterBusyWriterTakesAtLeastFourTimesItsWork() {
        SnapshotPacer pacer = new SnapshotPacer(0.25);
        long start = System.nanoTime();
        pacer.start();
        long work = 0;
        for (int unit = 0; unit < 8; unit++) {
            long before = System.nanoTime();
            spin(1_000_000);
            work += System.nanoTime() - before;
            pacer.pace();
        }
        long elapsed = System.nanoTime() - start;
        // a lower bound only: time the writer is descheduled counts as busy, so pacing errs slow
        assertThat(elapsed).isGreaterThanOrEqualTo(work * 4 - 200_000);
        assertThat(pacer.idleNanos()).isGreaterThanOrEqualTo(work * 3 - 200_000);
    }

    @Test
    void aFullyBusyWriterNeverParks() {
        SnapshotPacer pacer = new SnapshotPacer(1.0);
        pacer.start();
        for (int unit = 0; unit < 4; unit++) {
            spin(500_000);
            pacer.pace();
        }
        assertThat(pacer.idleNanos()).isZero();
    }

    @Test
    void anInterruptedWriterIsNotParked() {
        SnapshotPacer pacer = new SnapshotPacer(0.01);
        pacer.start();
        spin(2_000_000);
        Thread.currentThread().interrupt();
        try {
            long before = System.nanoTime();
            pacer.pace();
            assertThat(System.nanoTime() - before).as("would otherwise park about 200 ms").isLessThan(100_000_000L);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theFractionIsConfiguredAndCheckedFailingFastWithTheValue() {
        assertThat(new HashMapStateBackend().getSnapshotBusyFraction()).isEqualTo(1.0);
        assertThat(new HashMapStateBackend().withSnapshotBusyFraction(0.25).getSnapshotBusyFraction()).isEqualTo(0.25);
        Configuration config = new Configuration();
        config.set(StateBackendOptions.HASHMAP_SNAPSHOT_BUSY_FRACTION, 0.5);
        assertThat(new HashMapStateBackend().configure(config, getClass().getClassLoader()).getSnapshotBusyFraction())
                .isEqualTo(0.5);
        assertThat(new HashMapStateBackend().withSnapshotBusyFraction(0.3).configure(config, getClass().getClassLoader())
                .getSnapshotBusyFraction()).as("a setting made in code wins").isEqualTo(0.3);

        assertThatThrownBy(() -> new HashMapStateBackend().withSnapshotBusyFraction(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state.backend.hashmap.snapshot.busy-fraction").hasMessageContaining("0.0");
        config.set(StateBackendOptions.HASHMAP_SNAPSHOT_BUSY_FRACTION, 1.5);
        assertThatThrownBy(() -> new HashMapStateBackend().configure(config, getClass().getClassLoader()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> new SnapshotPacer(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
