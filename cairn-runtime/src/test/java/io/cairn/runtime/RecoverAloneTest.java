package io.cairn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.fs.Path;
import io.cairn.runtime.api.Collector;
import io.cairn.runtime.api.KeyedProcessFunction;
import io.cairn.runtime.api.RuntimeContext;
import io.cairn.runtime.api.StreamEnvironment;
import io.cairn.runtime.connectors.GeneratorSource;
import io.cairn.runtime.connectors.TransactionalFileSink;
import io.cairn.runtime.executor.JobConfig;
import io.cairn.runtime.executor.JobResult;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.StringSerializer;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery of one failed task alone: source(p=3) → keyBy → counter chained to a transactional sink
 * (p=4), failing at random records. With recovery alone the sources never go back (every number is
 * generated exactly once) and the counters that did not fail are opened once; the output is exactly
 * once either way, also when the replay logs are too small and the whole job restarts.
 */
class RecoverAloneTest {

    /** Per run: how many numbers the sources generated, replays included. */
    static final Map<String, AtomicLong> GENERATED = new ConcurrentHashMap<>();
    /** Per run and counter subtask: how many times it was opened. */
    static final Map<String, AtomicLong> OPENED = new ConcurrentHashMap<>();

    @TempDir
    java.nio.file.Path tmp;

    /** Counts per key; throws once at each failure point. */
    static final class Counter extends KeyedProcessFunction<Long, Long, String> {
        private static final long serialVersionUID = 1L;
        private final String runId;
        private final long[] failAt;
        private transient ValueState<Long> count;

        Counter(String runId, long[] failAt) {
            this.runId = runId;
            this.failAt = failAt;
        }

        @Override
        public void open(RuntimeContext context) {
            count = context.getState(new ValueStateDescriptor<>("count", Long.class));
            OPENED.computeIfAbsent(runId + "/" + context.getIndexOfThisSubtask(), k -> new AtomicLong()).incrementAndGet();
        }

        @Override
        public void processElement(Long seq, Context<Long> ctx, Collector<String> out) {
            if (Arrays.binarySearch(failAt, seq) >= 0) {
                CounterJob.fireOnce(runId, "counter-" + seq);
            }
            Long c = count.value();
            long next = c == null ? 1 : c + 1;
            count.update(next);
            out.collect(ctx.getCurrentKey() + "," + next + "," + seq);
        }
    }

    private record Run(JobResult result, long generated, String verification, Map<Integer, Long> opened) {}

    private Run run(long records, long keys, long[] failAt, JobConfig config) throws Exception {
        String runId = UUID.randomUUID().toString();
        AtomicLong generated = GENERATED.computeIfAbsent(runId, k -> new AtomicLong());
        Path out = Path.fromLocal(tmp.resolve("out-" + runId));
        StreamEnvironment env = StreamEnvironment.create().setParallelism(3).setMaxParallelism(128);
        env.fromSource(new GeneratorSource<>(records, seq -> {
                    GENERATED.get(runId).incrementAndGet(); // the job's functions are copies: count in a static
                    if (seq % 100 == 0) {
                        LockSupport.parkNanos(1_000_000); // so that the job runs through several checkpoints
                    }
                    return seq;
                }, LongSerializer.INSTANCE), "numbers")
                .keyBy(seq -> seq % keys, LongSerializer.INSTANCE)
                .process(new Counter(runId, failAt), StringSerializer.INSTANCE, "counter")
                .setParallelism(4)
                .sinkTo(new TransactionalFileSink<String>(out), 4);
        JobResult result = env.execute("recover-alone-" + runId, config);
        Map<Integer, Long> opened = new ConcurrentHashMap<>();
        for (int i = 0; i < 4; i++) {
            AtomicLong n = OPENED.get(runId + "/" + i);
            opened.put(i, n == null ? 0 : n.get());
        }
        return new Run(result, generated.get(),
                CounterJob.verify(TransactionalFileSink.committedLines(out), records, keys), opened);
    }

    private JobConfig config() {
        return CounterJob.config(Path.fromLocal(tmp.resolve("chk-" + UUID.randomUUID())), 40);
    }

    @RepeatedTest(4)
    void onlyTheFailedCounterGoesBackAndTheOutputIsExactlyOnce() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        long records = 60_000;
        // each source generates a contiguous third; fail well inside one (once a source has ended, a
        // failure restarts the whole job)
        long[] failAt = random.ints(1 + random.nextInt(3), 0, 3)
                .mapToLong(source -> source * (records / 3) + 2_000 + random.nextInt(12_000)).distinct().sorted().toArray();
        java.util.List<String> causes = new java.util.concurrent.CopyOnWriteArrayList<>();
        Run run = run(records, 101, failAt, config().listener(new io.cairn.runtime.executor.JobListener() {
            @Override
            public void restarting(int attempt, Throwable cause) {
                java.io.StringWriter w = new java.io.StringWriter();
                cause.printStackTrace(new java.io.PrintWriter(w));
                causes.add(w.toString());
            }
        }));
        assertThat(run.result().failure()).as("seed %d", seed).isNull();
        assertThat(run.verification()).as("seed %d", seed).isNull();
        assertThat(run.result().restarts()).as("seed %d, failures at %s, causes %s", seed, Arrays.toString(failAt), causes)
                .isEqualTo(failAt.length);
        // the sources never restarted: every number was generated once
        assertThat(run.generated()).as("seed %d", seed).isEqualTo(records);
        // one counter subtask is reopened per failure; the others ran through
        assertThat(run.opened().values().stream().mapToLong(Long::longValue).sum())
                .as("seed %d, opened %s", seed, run.opened()).isEqualTo(4 + failAt.length);
        assertThat(run.result().checkpointStats().getCounts().completed()).isGreaterThan(0);
    }

    @Test
    void aFailureBeforeTheFirstCheckpointReplaysFromTheStart() throws Exception {
        long records = 20_000;
        // no periodic checkpoint: only the final one, after the failure
        JobConfig config = CounterJob.config(Path.fromLocal(tmp.resolve("chk-first")), 600_000);
        Run run = run(records, 7, new long[] {1_000}, config);
        assertThat(run.result().failure()).isNull();
        assertThat(run.verification()).isNull();
        assertThat(run.result().restarts()).isEqualTo(1);
        assertThat(run.generated()).isEqualTo(records);
        assertThat(run.opened().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5);
    }

    @Test
    void whenTheReplayLogsCannotReachBackTheWholeJobRestarts() throws Exception {
        long records = 40_000;
        // a log of one byte is dropped at every buffer: no recovery alone is possible
        Run run = run(records, 53, new long[] {20_000}, config().replayLogBytes(1));
        assertThat(run.result().failure()).isNull();
        assertThat(run.verification()).isNull();
        assertThat(run.result().restarts()).isEqualTo(1);
        assertThat(run.generated()).isGreaterThan(records); // the sources went back to the checkpoint
        // every counter was opened again; the failed one may also have opened alone before the logs
        // turned out short and it was cancelled
        assertThat(run.opened().values()).allSatisfy(n -> assertThat(n).isBetween(2L, 3L));
        assertThat(run.opened().values().stream().filter(n -> n == 3L).count()).isLessThanOrEqualTo(1);
    }

    @Test
    void turnedOffTheWholeJobRestarts() throws Exception {
        long records = 40_000;
        Run run = run(records, 53, new long[] {20_000}, config().recoverTasksAlone(false));
        assertThat(run.result().failure()).isNull();
        assertThat(run.verification()).isNull();
        assertThat(run.result().restarts()).isEqualTo(1);
        assertThat(run.generated()).isGreaterThan(records);
        assertThat(run.opened().values()).containsOnly(2L);
    }
}
