package io.cairn.runtime;

import io.cairn.checkpoint.CheckpointCoordinatorConfiguration;
import io.cairn.checkpoint.storage.CheckpointRetentionPolicy;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.fs.Path;
import io.cairn.runtime.api.CheckpointListener;
import io.cairn.runtime.api.CheckpointedFunction;
import io.cairn.runtime.api.Collector;
import io.cairn.runtime.api.KeyedProcessFunction;
import io.cairn.runtime.api.RuntimeContext;
import io.cairn.runtime.api.StreamEnvironment;
import io.cairn.runtime.connectors.GeneratorSource;
import io.cairn.runtime.connectors.TransactionalFileSink;
import io.cairn.runtime.executor.JobConfig;
import io.cairn.runtime.executor.LocalExecutor;
import io.cairn.runtime.executor.RestartStrategy;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.StringSerializer;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The test job: a generator of sequence numbers → keyBy(seq % keys) → a keyed counter emitting
 * {@code key,count,seq} → the transactional file sink. Failures fire once each at chosen points:
 * in the source, the counter, the sink, a snapshot, and a checkpoint-complete notification.
 */
final class CounterJob {

    /** Failure points that have fired, by run id and point; a point fires at most once per run. */
    static final Set<String> FIRED = ConcurrentHashMap.newKeySet();

    /** Where failures fire (-1 = never). */
    record Failures(long inSourceAtSeq, long inCounterAtSeq, long inSinkAtSeq, long inSnapshotAtCheckpoint,
            long inNotifyAtCheckpoint) implements java.io.Serializable {
        static Failures none() {
            return new Failures(-1, -1, -1, -1, -1);
        }
    }

    static void fireOnce(String runId, String point) {
        if (FIRED.add(runId + "/" + point)) {
            throw new IllegalStateException("injected failure: " + point);
        }
    }

    /** Counts records per key; may fail once at a record, a snapshot or a notification. */
    static final class Counter extends KeyedProcessFunction<Long, Long, String> implements CheckpointedFunction, CheckpointListener {
        private static final long serialVersionUID = 1L;
        private final String runId;
        private final Failures failures;
        private transient ValueState<Long> count;

        Counter(String runId, Failures failures) {
            this.runId = runId;
            this.failures = failures;
        }

        @Override
        public void open(RuntimeContext context) {
            count = context.getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Long seq, Context<Long> ctx, Collector<String> out) {
            if (seq == failures.inCounterAtSeq()) {
                fireOnce(runId, "counter");
            }
            Long c = count.value();
            long next = c == null ? 1 : c + 1;
            count.update(next);
            out.collect(ctx.getCurrentKey() + "," + next + "," + seq);
        }

        @Override
        public void initializeState(InitializationContext context) {}

        @Override
        public void snapshotState(long checkpointId) {
            if (failures.inSnapshotAtCheckpoint() >= 0 && checkpointId >= failures.inSnapshotAtCheckpoint()) {
                fireOnce(runId, "snapshot");
            }
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (failures.inNotifyAtCheckpoint() >= 0 && checkpointId >= failures.inNotifyAtCheckpoint()) {
                fireOnce(runId, "notify");
            }
        }
    }

    static StreamEnvironment build(String runId, long records, long keys, int sourceParallelism, int counterParallelism,
            Path output, Failures failures) {
        return build(runId, records, keys, sourceParallelism, counterParallelism, output, failures, 0);
    }

    /** As above; with {@code pauseEvery > 0} each source sleeps 1 ms every that many records, so the job runs a while. */
    static StreamEnvironment build(String runId, long records, long keys, int sourceParallelism, int counterParallelism,
            Path output, Failures failures, long pauseEvery) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(sourceParallelism).setMaxParallelism(128);
        long failSource = failures.inSourceAtSeq();
        env.fromSource(new GeneratorSource<>(records, seq -> {
                    if (seq == failSource) {
                        fireOnce(runId, "source");
                    }
                    if (pauseEvery > 0 && seq % pauseEvery == 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                    }
                    return seq;
                }, LongSerializer.INSTANCE), "numbers")
                .keyBy(seq -> seq % keys, LongSerializer.INSTANCE)
                .process(new Counter(runId, failures), StringSerializer.INSTANCE, "counter")
                .setParallelism(counterParallelism)
                .sinkTo(new TransactionalFileSink<String>(output, line -> {
                    if (failures.inSinkAtSeq() >= 0 && line.endsWith("," + failures.inSinkAtSeq())) {
                        fireOnce(runId, "sink");
                    }
                    return line;
                }), counterParallelism);
        return env;
    }

    static JobConfig config(Path checkpoints, long intervalMs) {
        return new JobConfig()
                .checkpointStorage(new FileSystemCheckpointStorage(checkpoints))
                .checkpointing(CheckpointCoordinatorConfiguration.builder()
                        .setCheckpointInterval(intervalMs)
                        .setCheckpointTimeout(30_000)
                        .setTolerableCheckpointFailureNumber(100)
                        .setCheckpointRetentionPolicy(CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION)
                        .build())
                .restartStrategy(RestartStrategy.fixedDelay(20, Duration.ZERO));
    }

    static LocalExecutor executor(StreamEnvironment env, String jobName, JobConfig config) {
        return env.executor(jobName, config);
    }

    /**
     * Checks committed output: every seq in [0, records) exactly once with its key, and per key the
     * counts are exactly 1..n.
     *
     * @return null if correct, else the first problem
     */
    static String verify(List<String> lines, long records, long keys) {
        Map<Long, String> bySeq = new HashMap<>();
        Map<Long, java.util.TreeMap<Long, Long>> countsByKey = new HashMap<>();
        for (String line : lines) {
            String[] p = line.split(",");
            long key = Long.parseLong(p[0]);
            long count = Long.parseLong(p[1]);
            long seq = Long.parseLong(p[2]);
            if (bySeq.put(seq, line) != null) {
                return "seq " + seq + " appears twice";
            }
            if (key != seq % keys) {
                return "seq " + seq + " has key " + key;
            }
            countsByKey.computeIfAbsent(key, k -> new java.util.TreeMap<>()).put(seq, count);
        }
        if (bySeq.size() != records) {
            for (long s = 0; s < records; s++) {
                if (!bySeq.containsKey(s)) {
                    return "seq " + s + " is missing (" + bySeq.size() + " of " + records + " present)";
                }
            }
            return "unexpected seqs: " + bySeq.size() + " present, " + records + " expected";
        }
        // per key the counts are exactly 1..n (each record counted once), in any interleaving of the sources
        for (Map.Entry<Long, java.util.TreeMap<Long, Long>> e : countsByKey.entrySet()) {
            long[] counts = e.getValue().values().stream().mapToLong(Long::longValue).sorted().toArray();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != i + 1) {
                    return "key " + e.getKey() + ": counts are not 1.." + counts.length + " (sorted position " + i + " has "
                            + counts[i] + ")";
                }
            }
        }
        return null;
    }
}
