package io.cairn.checkpoint.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.checkpoint.storage.CheckpointProperties;
import io.cairn.checkpoint.storage.CheckpointRetentionPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/** Randomized reports from several threads; handles move between threads through a shared queue. */
class CheckpointStatsTrackerConcurrencyTest {

    private static final int WORKERS = 4;
    private static final int STEPS = 300;
    private static final int HISTORY = 5;
    private static final CheckpointProperties CHECKPOINT =
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_FAILURE);
    private static final CheckpointProperties SAVEPOINT = CheckpointProperties.forSavepoint(true);

    /** What one worker did. */
    private static final class Tally {
        long triggered;
        long completed;
        long failed;
        long restored;
        final List<Long> completedIds = new ArrayList<>();
    }

    @RepeatedTest(50)
    void countsAddUpUnderConcurrentReporting(RepetitionInfo repetition) throws Exception {
        long seed = repetition.getCurrentRepetition();
        CheckpointStatsTracker tracker = new CheckpointStatsTracker(HISTORY);
        AtomicLong nextId = new AtomicLong();
        ConcurrentLinkedQueue<PendingCheckpointStats> open = new ConcurrentLinkedQueue<>();
        Map<Long, AtomicInteger> acceptedAcks = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean workersDone = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
        try {
            List<Future<Tally>> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                Random random = new Random(seed * 1_000 + w);
                workers.add(pool.submit(() -> {
                    start.await();
                    return work(tracker, random, nextId, open, acceptedAcks);
                }));
            }
            Future<Integer> reader = pool.submit(() -> {
                start.await();
                int snapshots = 0;
                do {
                    checkInvariants(tracker.createSnapshot());
                    snapshots++;
                } while (!workersDone.get());
                return snapshots;
            });
            start.countDown();
            Tally total = new Tally();
            for (Future<Tally> f : workers) {
                Tally t = f.get(60, TimeUnit.SECONDS);
                total.triggered += t.triggered;
                total.completed += t.completed;
                total.failed += t.failed;
                total.restored += t.restored;
                total.completedIds.addAll(t.completedIds);
            }
            workersDone.set(true);
            assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();

            CheckpointStatsSnapshot s = tracker.createSnapshot();
            checkInvariants(s);
            assertThat(s.getCounts()).isEqualTo(new CheckpointStatsCounts(total.triggered, open.size(),
                    total.completed, total.failed, total.restored));
            assertThat(total.triggered).isEqualTo(nextId.get());
            long acksOfCompleted = total.completedIds.stream().mapToLong(id -> acceptedAcks.get(id).get()).sum();
            assertThat(s.getSummary().getAckLatencyStats().getCount()).isEqualTo(acksOfCompleted);
            assertThat(s.getSummary().getEndToEndDurationStats().getCount()).isEqualTo(total.completed);
            assertThat(s.getHistory()).hasSize((int) Math.min(HISTORY, total.triggered));
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static Tally work(CheckpointStatsTracker tracker, Random random, AtomicLong nextId,
            ConcurrentLinkedQueue<PendingCheckpointStats> open, Map<Long, AtomicInteger> acceptedAcks) {
        Tally tally = new Tally();
        for (int step = 0; step < STEPS; step++) {
            int action = random.nextInt(10);
            if (action == 0) {
                tracker.reportRestoredCheckpoint(random.nextInt(100), CHECKPOINT, "file:/chk", step);
                tally.restored++;
            } else if (action < 5) {
                long id = nextId.incrementAndGet();
                acceptedAcks.put(id, new AtomicInteger());
                open.add(tracker.reportPendingCheckpoint(
                        id, id * 10, random.nextInt(4) == 0 ? SAVEPOINT : CHECKPOINT, 1 + random.nextInt(4)));
                tally.triggered++;
            } else {
                PendingCheckpointStats p = open.poll();
                if (p == null) {
                    continue;
                }
                AtomicInteger accepted = acceptedAcks.get(p.getCheckpointId());
                for (int a = random.nextInt(p.getNumberOfSubtasks() + 2); a > 0; a--) {
                    String task = "task-" + random.nextInt(p.getNumberOfSubtasks());
                    long ack = p.getTriggerTimestamp() + random.nextInt(100);
                    if (p.reportSubtaskStats(task, ack, new CheckpointMetrics(1, 1, 0, random.nextInt(50), 100))) {
                        accepted.incrementAndGet();
                    }
                }
                int outcome = random.nextInt(3);
                if (outcome == 0) {
                    CompletedCheckpointStats c = p.reportCompleted(p.getTriggerTimestamp() + 200, "file:/chk");
                    assertThat(c.getNumberOfAcknowledgedSubtasks()).isEqualTo(accepted.get());
                    tally.completed++;
                    tally.completedIds.add(p.getCheckpointId());
                } else if (outcome == 1) {
                    p.reportFailed(p.getTriggerTimestamp() + 150, new RuntimeException("declined"));
                    tally.failed++;
                } else {
                    open.add(p);
                }
            }
        }
        return tally;
    }

    private static void checkInvariants(CheckpointStatsSnapshot s) {
        CheckpointStatsCounts c = s.getCounts();
        assertThat(c.triggered()).isEqualTo(c.inProgress() + c.completed() + c.failed());
        assertThat(s.getHistory().size()).isLessThanOrEqualTo(HISTORY);
        assertThat(s.getSummary().getEndToEndDurationStats().getCount()).isEqualTo(c.completed());
        assertThat(s.getHistory().stream().mapToLong(AbstractCheckpointStats::getCheckpointId).distinct().count())
                .isEqualTo(s.getHistory().size());
        for (AbstractCheckpointStats h : s.getHistory()) {
            assertThat(h.getNumberOfAcknowledgedSubtasks()).isEqualTo(h.getSubtaskStats().size())
                    .isLessThanOrEqualTo(h.getNumberOfSubtasks());
        }
    }

    @RepeatedTest(50)
    void concurrentAcksOfOneCheckpointAcceptEachTaskOnce(RepetitionInfo repetition) throws Exception {
        int tasks = 64;
        CheckpointStatsTracker tracker = new CheckpointStatsTracker();
        PendingCheckpointStats p = tracker.reportPendingCheckpoint(1, 1_000, CHECKPOINT, tasks);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                Random random = new Random(repetition.getCurrentRepetition() * 100L + w);
                futures.add(pool.submit(() -> {
                    start.await();
                    int accepted = 0;
                    for (int i = 0; i < tasks; i++) {
                        int task = random.nextInt(tasks);
                        accepted += p.reportSubtaskStats("t" + task, 1_000 + task, new CheckpointMetrics(0, 0, 0, 1, 2)) ? 1 : 0;
                    }
                    for (int task = 0; task < tasks; task++) {
                        accepted += p.reportSubtaskStats("t" + task, 1_000 + task, new CheckpointMetrics(0, 0, 0, 1, 2)) ? 1 : 0;
                    }
                    return accepted;
                }));
            }
            start.countDown();
            int accepted = 0;
            for (Future<Integer> f : futures) {
                accepted += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(accepted).isEqualTo(tasks);
            CompletedCheckpointStats c = p.reportCompleted(2_000, "file:/chk-1");
            assertThat(c.getNumberOfAcknowledgedSubtasks()).isEqualTo(tasks);
            assertThat(c.getCheckpointedSize()).isEqualTo(tasks);
            assertThat(c.getStateSize()).isEqualTo(2L * tasks);
            StatsSummarySnapshot latency = c.getSummary().getAckLatencyStats();
            assertThat(latency.getMinimum()).isZero();
            assertThat(latency.getMaximum()).isEqualTo(tasks - 1);
            assertThat(latency.getSum()).isEqualTo((long) tasks * (tasks - 1) / 2);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
    }
}
