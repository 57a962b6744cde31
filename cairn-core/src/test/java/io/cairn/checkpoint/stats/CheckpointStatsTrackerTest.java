package io.cairn.checkpoint.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cairn.checkpoint.storage.CheckpointProperties;
import io.cairn.checkpoint.storage.CheckpointRetentionPolicy;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointStatsTrackerTest {

    private static final CheckpointProperties CHECKPOINT =
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION);
    private static final CheckpointProperties SAVEPOINT = CheckpointProperties.forSavepoint(false);

    private static CheckpointMetrics sizes(long persisted, long total) {
        return new CheckpointMetrics(1, 2, 0, persisted, total);
    }

    private static List<Long> ids(List<AbstractCheckpointStats> history) {
        return history.stream().map(AbstractCheckpointStats::getCheckpointId).toList();
    }

    @Test
    void countsThroughPendingCompleteFailRestore() {
        CheckpointStatsTracker tracker = new CheckpointStatsTracker();
        assertThat(tracker.createSnapshot().getCounts()).isEqualTo(new CheckpointStatsCounts(0, 0, 0, 0, 0));

        PendingCheckpointStats p1 = tracker.reportPendingCheckpoint(1, 1000, CHECKPOINT, 2);
        PendingCheckpointStats p2 = tracker.reportPendingCheckpoint(2, 2000, CHECKPOINT, 2);
        PendingCheckpointStats p3 = tracker.reportPendingCheckpoint(3, 3000, SAVEPOINT, 2);
        assertThat(tracker.createSnapshot().getCounts()).isEqualTo(new CheckpointStatsCounts(3, 3, 0, 0, 0));

        p1.reportCompleted(1500, "file:/chk-1");
        assertThat(tracker.createSnapshot().getCounts()).isEqualTo(new CheckpointStatsCounts(3, 2, 1, 0, 0));

        p2.reportFailed(2500, new IOException("disk full"));
        assertThat(tracker.createSnapshot().getCounts()).isEqualTo(new CheckpointStatsCounts(3, 1, 1, 1, 0));

        tracker.reportRestoredCheckpoint(1, CHECKPOINT, "file:/chk-1", 4000);
        tracker.reportRestoredCheckpoint(1, CHECKPOINT, "file:/chk-1", 5000);
        assertThat(tracker.createSnapshot().getCounts()).isEqualTo(new CheckpointStatsCounts(3, 1, 1, 1, 2));

        p3.reportCompleted(6000, "file:/sp-3");
        tracker.reportPendingCheckpoint(4, 7000, CHECKPOINT, 1);
        CheckpointStatsSnapshot s = tracker.createSnapshot();
        assertThat(s.getCounts()).isEqualTo(new CheckpointStatsCounts(4, 1, 2, 1, 2));
        assertThat(s.getLatestRestoredCheckpoint()).contains(
                new RestoredCheckpointStats(1, CHECKPOINT, "file:/chk-1", 5000));
    }

    @Test
    void historyIsBoundedNewestFirstAndUpdatedInPlace() {
        CheckpointStatsTracker tracker = new CheckpointStatsTracker(3);
        PendingCheckpointStats[] p = new PendingCheckpointStats[6];
        for (int id = 1; id <= 5; id++) {
            p[id] = tracker.reportPendingCheckpoint(id, id * 1000L, CHECKPOINT, 1);
        }
        CheckpointStatsSnapshot s = tracker.createSnapshot();
        assertThat(ids(s.getHistory())).containsExactly(5L, 4L, 3L);
        assertThat(s.getHistory()).allSatisfy(h -> {
            assertThat(h).isInstanceOf(PendingCheckpointStats.class);
            assertThat(h.getStatus()).isEqualTo(CheckpointStatsStatus.IN_PROGRESS);
        });

        p[3].reportCompleted(3500, "file:/chk-3");
        p[4].reportFailed(4500, new IllegalStateException("declined"));
        p[1].reportCompleted(5500, "file:/chk-1");
        s = tracker.createSnapshot();
        assertThat(ids(s.getHistory())).as("completion keeps trigger order; evicted stay evicted")
                .containsExactly(5L, 4L, 3L);
        assertThat(s.getHistory()).extracting(AbstractCheckpointStats::getStatus).containsExactly(
                CheckpointStatsStatus.IN_PROGRESS, CheckpointStatsStatus.FAILED, CheckpointStatsStatus.COMPLETED);
        assertThat(s.getHistory().get(1)).isInstanceOf(FailedCheckpointStats.class);
        assertThat(s.getHistory().get(2)).isInstanceOf(CompletedCheckpointStats.class);
        assertThat(s.getLatestCompletedCheckpoint().orElseThrow().getCheckpointId()).isEqualTo(1);

        tracker.reportPendingCheckpoint(6, 6000, CHECKPOINT, 1);
        tracker.reportPendingCheckpoint(4, 7000, CHECKPOINT, 1);
        assertThat(ids(tracker.createSnapshot().getHistory())).as("a re-triggered id moves to the front")
                .containsExactly(4L, 6L, 5L);
    }

    @Test
    void defaultAndZeroHistorySize() {
        CheckpointStatsTracker tracker = new CheckpointStatsTracker();
        assertThat(tracker.getHistorySize()).isEqualTo(10);
        for (int id = 1; id <= 25; id++) {
            tracker.reportPendingCheckpoint(id, id, CHECKPOINT, 1).reportCompleted(id + 1, "p" + id);
        }
        assertThat(ids(tracker.createSnapshot().getHistory()))
                .containsExactly(25L, 24L, 23L, 22L, 21L, 20L, 19L, 18L, 17L, 16L);

        CheckpointStatsTracker none = new CheckpointStatsTracker(0);
        none.reportPendingCheckpoint(1, 1, CHECKPOINT, 1).reportCompleted(2, "p");
        CheckpointStatsSnapshot s = none.createSnapshot();
        assertThat(s.getHistory()).isEmpty();
        assertThat(s.getLatestCompletedCheckpoint()).isPresent();
        assertThat(s.getCounts().completed()).isEqualTo(1);
    }

    @Test
    void latestSavepointIsSeparateFromLatestCheckpoint() {
        CheckpointStatsTracker tracker = new CheckpointStatsTracker();
        CheckpointStatsSnapshot empty = tracker.createSnapshot();
        assertThat(empty.getLatestCompletedCheckpoint()).isEmpty();
        assertThat(empty.getLatestSavepoint()).isEmpty();
        assertThat(empty.getLatestFailedCheckpoint()).isEmpty();
        assertThat(empty.getLatestRestoredCheckpoint()).isEmpty();
        assertThat(empty.getHistory()).isEmpty();
        assertThat(empty.getSummary()).isEqualTo(CheckpointStatsSummarySnapshot.empty());

        tracker.reportPendingCheckpoint(1, 100, CHECKPOINT, 1).reportCompleted(110, "file:/chk-1");
        tracker.reportPendingCheckpoint(2, 200, SAVEPOINT, 1).reportCompleted(220, "file:/sp-2");
        tracker.reportPendingCheckpoint(3, 300, CHECKPOINT, 1).reportCompleted(330, "file:/chk-3");
        tracker.reportPendingCheckpoint(4, 400, SAVEPOINT, 1).reportFailed(440, new RuntimeException("boom"));

        CheckpointStatsSnapshot s = tracker.createSnapshot();
        CompletedCheckpointStats checkpoint = s.getLatestCompletedCheckpoint().orElseThrow();
        CompletedCheckpointStats savepoint = s.getLatestSavepoint().orElseThrow();
        assertThat(checkpoint.getCheckpointId()).isEqualTo(3);
        assertThat(checkpoint.isSavepoint()).isFalse();
        assertThat(checkpoint.getExternalPointer()).isEqualTo("file:/chk-3");
        assertThat(savepoint.getCheckpointId()).isEqualTo(2);
        assertThat(savepoint.isSavepoint()).isTrue();
        assertThat(savepoint.getProperties()).isEqualTo(SAVEPOINT);
        assertThat(savepoint.getExternalPointer()).isEqualTo("file:/sp-2");
        FailedCheckpointStats failed = s.getLatestFailedCheckpoint().orElseThrow();
        assertThat(failed.getCheckpointId()).isEqualTo(4);
        assertThat(failed.isSavepoint()).isTrue();
        assertThat(failed.getFailureMessage()).isEqualTo("java.lang.RuntimeException: boom");
        assertThat(failed.getFailureTimestamp()).isEqualTo(440);
        assertThat(failed.getEndToEndDuration()).isEqualTo(40);
        assertThat(s.getSummary().getEndToEndDurationStats().getCount())
                .as("summaries cover completed checkpoints and savepoints, not failures").isEqualTo(3);
    }

    @Test
    void perTaskAckLatencyAndSizes() {
        CheckpointStatsTracker tracker = new CheckpointStatsTracker();
        PendingCheckpointStats p = tracker.reportPendingCheckpoint(1, 1000, CHECKPOINT, 3);
        assertThat(p.getEndToEndDuration()).as("no ack yet").isZero();
        assertThat(p.reportSubtaskStats("map (1/3)", 1010, sizes(100, 1000))).isTrue();
        assertThat(p.reportSubtaskStats("map (3/3)", 1200, sizes(300, 3000))).isTrue();
        assertThat(p.reportSubtaskStats("map (2/3)", 1050, sizes(200, 2000))).isTrue();
        assertThat(p.getNumberOfAcknowledgedSubtasks()).isEqualTo(3);
        assertThat(p.getEndToEndDuration()).as("trigger to latest ack").isEqualTo(200);
        assertThat(p.getCheckpointedSize()).isEqualTo(600);
        assertThat(p.getStateSize()).isEqualTo(6000);
        assertThat(p.getSubtaskStats()).extracting(SubtaskStateStats::taskId)
                .containsExactly("map (1/3)", "map (3/3)", "map (2/3)");
        assertThat(p.getSubtaskStats()).extracting(SubtaskStateStats::ackLatencyMillis).containsExactly(10L, 200L, 50L);

        CompletedCheckpointStats c = p.reportCompleted(1300, "file:/chk-1");
        assertThat(p.getStatus()).isEqualTo(CheckpointStatsStatus.COMPLETED);
        assertThat(c.getEndToEndDuration()).isEqualTo(300);
        assertThat(c.getCompletionTimestamp()).isEqualTo(1300);
        assertThat(c.getTriggerTimestamp()).isEqualTo(1000);
        assertThat(c.getNumberOfSubtasks()).isEqualTo(3);
        assertThat(c.getNumberOfAcknowledgedSubtasks()).isEqualTo(3);
        assertThat(c.getCheckpointedSize()).isEqualTo(600);
        assertThat(c.getStateSize()).isEqualTo(6000);
        assertThat(c.getSummary()).isEqualTo(
                CheckpointStatsSummarySnapshot.forCheckpoint(1000, 1300, c.getSubtaskStats()));
        assertThat(c.getSummary().getAckLatencyStats().getMaximum()).isEqualTo(200);
        assertThat(c.toString()).contains("id=1").contains("COMPLETED").contains("3/3");

        PendingCheckpointStats p2 = tracker.reportPendingCheckpoint(2, 2000, CHECKPOINT, 2);
        p2.reportSubtaskStats("a", 2005, sizes(10, 5000));
        p2.reportSubtaskStats("b", 2400, sizes(20, 5000));
        p2.reportCompleted(2500, "file:/chk-2");

        CheckpointStatsSummarySnapshot summary = tracker.createSnapshot().getSummary();
        StatsSummarySnapshot latency = summary.getAckLatencyStats();
        assertThat(latency.getCount()).isEqualTo(5);
        assertThat(latency.getMinimum()).isEqualTo(5);
        assertThat(latency.getMaximum()).isEqualTo(400);
        assertThat(latency.getSum()).isEqualTo(10 + 50 + 200 + 5 + 400);
        assertThat(latency.getAverage()).isCloseTo(133.0, within(1e-9));
        assertThat(latency.getP99()).isEqualTo(400);
        assertThat(latency.getQuantile(0.5)).isEqualTo(50);
        assertThat(summary.getEndToEndDurationStats()).isEqualTo(StatsSummarySnapshot.of(300, 500));
        assertThat(summary.getCheckpointedSizeStats()).isEqualTo(StatsSummarySnapshot.of(600, 30));
        assertThat(summary.getStateSizeStats()).isEqualTo(StatsSummarySnapshot.of(6000, 10000));
    }

    @Test
    void summaryIsStableBetweenCompletions() {
        CheckpointStatsTracker tracker = new CheckpointStatsTracker();
        tracker.reportPendingCheckpoint(1, 0, CHECKPOINT, 1).reportCompleted(10, "p");
        CheckpointStatsSummarySnapshot first = tracker.createSnapshot().getSummary();
        tracker.reportPendingCheckpoint(2, 20, CHECKPOINT, 1).reportFailed(30, new RuntimeException());
        assertThat(tracker.createSnapshot().getSummary()).isSameAs(first);
        tracker.reportPendingCheckpoint(3, 40, CHECKPOINT, 1).reportCompleted(70, "p");
        assertThat(tracker.createSnapshot().getSummary().getEndToEndDurationStats())
                .isEqualTo(StatsSummarySnapshot.of(10, 30));
        assertThat(first.getEndToEndDurationStats()).isEqualTo(StatsSummarySnapshot.of(10));
    }

    @Test
    void inProgressHistoryEntriesAreFrozenCopies() {
        CheckpointStatsTracker tracker = new CheckpointStatsTracker();
        PendingCheckpointStats live = tracker.reportPendingCheckpoint(7, 700, CHECKPOINT, 2);
        live.reportSubtaskStats("a", 710, sizes(1, 2));
        CheckpointStatsSnapshot s = tracker.createSnapshot();
        PendingCheckpointStats frozen = (PendingCheckpointStats) s.getHistory().get(0);

        live.reportSubtaskStats("b", 750, sizes(3, 4));
        live.reportCompleted(800, "file:/chk-7");

        assertThat(frozen).isNotSameAs(live);
        assertThat(frozen.getStatus()).isEqualTo(CheckpointStatsStatus.IN_PROGRESS);
        assertThat(frozen.getNumberOfAcknowledgedSubtasks()).isEqualTo(1);
        assertThat(frozen.getNumberOfSubtasks()).isEqualTo(2);
        assertThat(frozen.getCheckpointedSize()).isEqualTo(1);
        assertThat(frozen.getStateSize()).isEqualTo(2);
        assertThat(frozen.getEndToEndDuration()).isEqualTo(10);
        assertThat(frozen.getSubtaskStats()).extracting(SubtaskStateStats::taskId).containsExactly("a");
        assertThat(s.getCounts().inProgress()).isEqualTo(1);
        assertThatThrownBy(() -> frozen.reportSubtaskStats("c", 760, CheckpointMetrics.EMPTY))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("frozen");
        assertThatThrownBy(() -> frozen.reportCompleted(900, "p"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("frozen");
        assertThatThrownBy(() -> frozen.reportFailed(900, new RuntimeException()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("frozen");
        assertThat(tracker.createSnapshot().getCounts()).isEqualTo(new CheckpointStatsCounts(1, 0, 1, 0, 0));
    }

    @Test
    void repeatedTaskReportIsIgnoredAndTheFirstWins() {
        CheckpointStatsTracker tracker = new CheckpointStatsTracker();
        PendingCheckpointStats p = tracker.reportPendingCheckpoint(1, 100, CHECKPOINT, 2);
        assertThat(p.reportSubtaskStats("a", 110, sizes(10, 10))).isTrue();
        assertThat(p.reportSubtaskStats("a", 190, sizes(99, 99))).isFalse();
        assertThat(p.getNumberOfAcknowledgedSubtasks()).isEqualTo(1);
        assertThat(p.getCheckpointedSize()).isEqualTo(10);
        assertThat(p.getEndToEndDuration()).isEqualTo(10);
        assertThat(p.reportSubtaskStats("b", 120, sizes(1, 1))).isTrue();
        assertThatThrownBy(() -> p.reportSubtaskStats("c", 130, sizes(1, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'c'").hasMessageContaining("2");

        p.reportCompleted(200, "file:/chk-1");
        assertThat(p.reportSubtaskStats("late", 210, sizes(1, 1))).as("late ack after completion").isFalse();

        PendingCheckpointStats f = tracker.reportPendingCheckpoint(2, 300, CHECKPOINT, 2);
        f.reportSubtaskStats("a", 305, sizes(5, 6));
        FailedCheckpointStats failed = f.reportFailed(310, new RuntimeException("declined by b"));
        assertThat(f.reportSubtaskStats("b", 320, sizes(1, 1))).as("late ack after failure").isFalse();
        assertThat(failed.getNumberOfAcknowledgedSubtasks()).isEqualTo(1);
        assertThat(failed.getCheckpointedSize()).isEqualTo(5);
        assertThat(failed.getStateSize()).isEqualTo(6);
        assertThat(failed.getSubtaskStats()).extracting(SubtaskStateStats::taskId).containsExactly("a");
    }

    @Test
    void rejectsBadInput() {
        CheckpointStatsTracker tracker = new CheckpointStatsTracker();
        assertThatThrownBy(() -> new CheckpointStatsTracker(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> new CheckpointStatsTracker(5, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> tracker.reportPendingCheckpoint(-4, 100, CHECKPOINT, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-4");
        assertThatThrownBy(() -> tracker.reportPendingCheckpoint(1, -100, CHECKPOINT, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-100");
        assertThatThrownBy(() -> tracker.reportPendingCheckpoint(1, 100, CHECKPOINT, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> tracker.reportPendingCheckpoint(1, 100, null, 1))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> tracker.reportRestoredCheckpoint(-2, CHECKPOINT, "p", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2");
        assertThatThrownBy(() -> tracker.reportRestoredCheckpoint(2, CHECKPOINT, "p", -7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-7");
        assertThat(tracker.createSnapshot().getCounts()).as("rejected reports count nothing")
                .isEqualTo(new CheckpointStatsCounts(0, 0, 0, 0, 0));

        PendingCheckpointStats p = tracker.reportPendingCheckpoint(1, 100, CHECKPOINT, 2);
        assertThatThrownBy(() -> tracker.reportPendingCheckpoint(1, 200, CHECKPOINT, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 is already in progress");
        assertThatThrownBy(() -> p.reportSubtaskStats("a", 110, new CheckpointMetrics(0, -1, 0, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> p.reportSubtaskStats("a", 99, CheckpointMetrics.EMPTY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("99").hasMessageContaining("100");
        assertThatThrownBy(() -> p.reportSubtaskStats("", 110, CheckpointMetrics.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.reportSubtaskStats("a", 110, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> p.reportCompleted(50, "p"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("50");
        assertThatThrownBy(() -> p.reportCompleted(150, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> p.reportFailed(60, new RuntimeException()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("60");
        assertThatThrownBy(() -> p.reportFailed(160, null)).isInstanceOf(NullPointerException.class);
        assertThat(p.getNumberOfAcknowledgedSubtasks()).isZero();
        assertThat(p.getStatus()).isEqualTo(CheckpointStatsStatus.IN_PROGRESS);

        p.reportCompleted(150, "p");
        assertThatThrownBy(() -> p.reportCompleted(160, "p"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("COMPLETED");
        assertThatThrownBy(() -> p.reportFailed(160, new RuntimeException()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("COMPLETED");
        assertThat(tracker.createSnapshot().getCounts()).isEqualTo(new CheckpointStatsCounts(1, 0, 1, 0, 0));
    }
}
