package io.cairn.checkpoint.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointStatsSummarySnapshotTest {

    private static final long TRIGGER = 10_000;

    private static SubtaskStateStats ack(String task, long ackTimestamp, long persisted, long total) {
        return new SubtaskStateStats(task, TRIGGER, ackTimestamp, new CheckpointMetrics(1, 2, 3, persisted, total));
    }

    @Test
    void singleCheckpointSummaryFromItsAcks() {
        CheckpointStatsSummarySnapshot s = CheckpointStatsSummarySnapshot.forCheckpoint(TRIGGER, TRIGGER + 500, List.of(
                ack("a", TRIGGER + 120, 100, 1000),
                ack("b", TRIGGER + 30, 50, 2000),
                ack("c", TRIGGER + 300, 0, 3000)));

        assertThat(s.getEndToEndDurationStats()).isEqualTo(StatsSummarySnapshot.of(500));
        assertThat(s.getCheckpointedSizeStats()).isEqualTo(StatsSummarySnapshot.of(150));
        assertThat(s.getStateSizeStats()).isEqualTo(StatsSummarySnapshot.of(6000));
        StatsSummarySnapshot latency = s.getAckLatencyStats();
        assertThat(latency.getCount()).isEqualTo(3);
        assertThat(latency.getMinimum()).isEqualTo(30);
        assertThat(latency.getMaximum()).isEqualTo(300);
        assertThat(latency.getAverage()).isEqualTo(150.0);
        assertThat(latency.getP99()).isEqualTo(300);
        assertThat(latency.getQuantile(0.5)).isEqualTo(120);
    }

    @Test
    void checkpointWithoutAcksHasEmptyLatency() {
        CheckpointStatsSummarySnapshot s = CheckpointStatsSummarySnapshot.forCheckpoint(TRIGGER, TRIGGER, List.of());
        assertThat(s.getAckLatencyStats()).isEqualTo(StatsSummarySnapshot.empty());
        assertThat(s.getEndToEndDurationStats().getCount()).isEqualTo(1);
        assertThat(s.getEndToEndDurationStats().getMaximum()).isZero();
    }

    @Test
    void emptySummary() {
        CheckpointStatsSummarySnapshot s = CheckpointStatsSummarySnapshot.empty();
        assertThat(s.getEndToEndDurationStats().getCount()).isZero();
        assertThat(s.getCheckpointedSizeStats().getP99()).isZero();
        assertThat(s.getStateSizeStats().getAverage()).isZero();
        assertThat(s.getAckLatencyStats().getMaximum()).isZero();
    }

    @Test
    void rejectsInconsistentTimestamps() {
        assertThatThrownBy(() -> CheckpointStatsSummarySnapshot.forCheckpoint(TRIGGER, TRIGGER - 1, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(TRIGGER - 1));
        SubtaskStateStats other = new SubtaskStateStats("x", 5, 6, CheckpointMetrics.EMPTY);
        assertThatThrownBy(() -> CheckpointStatsSummarySnapshot.forCheckpoint(TRIGGER, TRIGGER + 1, List.of(other)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'").hasMessageContaining("5");
    }

    @Test
    void subtaskStatsValidation() {
        assertThat(new SubtaskStateStats("t", 100, 175, CheckpointMetrics.EMPTY).ackLatencyMillis()).isEqualTo(75);
        assertThatThrownBy(() -> new SubtaskStateStats("t", 100, 99, CheckpointMetrics.EMPTY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("99").hasMessageContaining("100");
        assertThatThrownBy(() -> new SubtaskStateStats(" ", 100, 100, CheckpointMetrics.EMPTY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("' '");
        assertThatThrownBy(() -> new SubtaskStateStats("t", -1, 100, CheckpointMetrics.EMPTY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> new SubtaskStateStats(null, 1, 1, CheckpointMetrics.EMPTY))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SubtaskStateStats("t", 1, 1, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        CheckpointStatsSummarySnapshot s = CheckpointStatsSummarySnapshot.forCheckpoint(TRIGGER, TRIGGER + 9,
                List.of(ack("a", TRIGGER + 4, 10, 20)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(s);
        }
    }
}
