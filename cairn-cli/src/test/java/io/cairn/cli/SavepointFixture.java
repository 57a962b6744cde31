package io.cairn.cli;

import io.cairn.checkpoint.CheckpointCoordinatorConfiguration;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.fs.Path;
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
import io.cairn.state.backend.StateBackend;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a real job on the embedded runtime and stops it with a savepoint: generator (p=1) → keyBy(seq %
 * {@value #KEYS}) → a keyed function with value, map and list state (p=2) → transactional file sink.
 * Once every key was seen twice the state is known exactly: per key {@code square = key²},
 * {@code tags = {mod3: key % 3, double: 2·key}}, {@code first = [key, key + KEYS]}; {@code count}
 * grows with progress.
 */
final class SavepointFixture {

    static final long KEYS = 200;
    static final String COUNTER_UID = "counter-1";
    static final String SOURCE_UID = "numbers-0";
    static final AtomicLong PROCESSED = new AtomicLong();
    /** The records of the job of {@link #takeCheckpoint}: every key twice, then 5,000 at 0.1 ms each. */
    static final long CHECKPOINTED_RECORDS = 2 * KEYS + 5_000;

    private SavepointFixture() {}

    /** The keyed function under inspection. */
    static final class Tracker extends KeyedProcessFunction<Long, Long, String> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;
        private transient ValueState<Long> square;
        private transient MapState<String, Long> tags;
        private transient ListState<Long> first;

        @Override
        public void open(RuntimeContext context) {
            count = context.getState(new ValueStateDescriptor<>("count", Long.class));
            square = context.getState(new ValueStateDescriptor<>("square", Long.class));
            tags = context.getMapState(new MapStateDescriptor<>("tags", String.class, Long.class));
            first = context.getListState(new ListStateDescriptor<>("first", Long.class));
        }

        @Override
        public void processElement(Long seq, Context<Long> ctx, Collector<String> out) throws Exception {
            long key = ctx.getCurrentKey();
            Long c = count.value();
            count.update(c == null ? 1 : c + 1);
            square.update(key * key);
            tags.put("mod3", key % 3);
            tags.put("double", key * 2);
            int n = 0;
            for (Long ignored : first.get()) {
                n++;
            }
            if (n < 2) {
                first.add(seq);
            }
            PROCESSED.incrementAndGet();
            out.collect(key + "," + seq);
        }
    }

    /**
     * Runs the job with {@code backend} and a source of {@value #CHECKPOINTED_RECORDS} records (every
     * key seen twice, then half a second of slow records, during which checkpoints complete) until it
     * finishes; its retained checkpoint stays.
     *
     * @param dir a scratch directory
     * @param backend the state backend of the job
     * @return the directory of the latest retained checkpoint ({@code .../chk-<id>})
     */
    static java.nio.file.Path takeCheckpoint(java.nio.file.Path dir, StateBackend backend) throws Exception {
        PROCESSED.set(0);
        LocalExecutor executor = start(dir, new JobConfig().stateBackend(backend).retainCheckpointsOnFinish(true),
                CHECKPOINTED_RECORDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (PROCESSED.get() < 2 * KEYS) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the job processed only " + PROCESSED.get() + " records in 60 s");
            }
            Thread.sleep(10);
        }
        long seenAll = latestCheckpointId(dir);
        io.cairn.runtime.executor.JobResult result = executor.join();
        if (!result.isSuccess()) {
            throw new AssertionError("the job failed: " + result, result.failure());
        }
        java.nio.file.Path latest = null;
        long latestId = -1;
        for (java.nio.file.Path metadata : completedCheckpoints(dir)) {
            long id = Long.parseLong(metadata.getParent().getFileName().toString().substring("chk-".length()));
            if (id > latestId) {
                latestId = id;
                latest = metadata.getParent();
            }
        }
        if (latestId <= seenAll) {
            throw new AssertionError("no retained checkpoint after checkpoint " + seenAll + " under " + dir);
        }
        return latest;
    }

    /** @return the {@code _metadata} files of the completed checkpoints under {@code dir/chk} */
    private static java.util.List<java.nio.file.Path> completedCheckpoints(java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path base = dir.resolve("chk");
        if (!java.nio.file.Files.isDirectory(base)) {
            return java.util.List.of();
        }
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(base, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata")
                            && p.getParent().getFileName().toString().startsWith("chk-"))
                    .toList();
        }
    }

    private static long latestCheckpointId(java.nio.file.Path dir) throws java.io.IOException {
        long latest = -1;
        for (java.nio.file.Path metadata : completedCheckpoints(dir)) {
            latest = Math.max(latest, Long.parseLong(metadata.getParent().getFileName().toString().substring("chk-".length())));
        }
        return latest;
    }

    /**
     * Runs the job until every key was seen twice, then stops it with a savepoint.
     *
     * @param dir a scratch directory
     * @return the savepoint's directory
     */
    static String takeSavepoint(java.nio.file.Path dir) throws Exception {
        PROCESSED.set(0);
        LocalExecutor executor = start(dir, new JobConfig(), 100_000_000L);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (PROCESSED.get() < 2 * KEYS) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the job processed only " + PROCESSED.get() + " records in 60 s");
            }
            Thread.sleep(10);
        }
        String savepoint = executor.stopWithSavepoint(dir.resolve("savepoints").toString()).get(60, TimeUnit.SECONDS);
        if (!executor.join().isSuccess()) {
            throw new AssertionError("the job failed after the savepoint");
        }
        return savepoint;
    }

    /** Builds the job, completes {@code config} with storage, checkpointing and restarts, and starts it. */
    private static LocalExecutor start(java.nio.file.Path dir, JobConfig config, long records) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1).setMaxParallelism(128);
        long keys = KEYS;
        env.fromSource(new GeneratorSource<>(records, seq -> {
                    if (seq >= 2 * keys) {
                        LockSupport.parkNanos(100_000);
                    }
                    return seq;
                }, LongSerializer.INSTANCE), "numbers")
                .keyBy(seq -> seq % keys, LongSerializer.INSTANCE)
                .process(new Tracker(), StringSerializer.INSTANCE, "counter")
                .setParallelism(2)
                .sinkTo(new TransactionalFileSink<String>(Path.fromLocal(dir.resolve("out"))), 2);
        config
                // streams below 512 bytes are inlined into _metadata: the keyed state goes to files, the small operator state inline
                .checkpointStorage(new FileSystemCheckpointStorage(Path.fromLocal(dir.resolve("chk")), null, 512, 4096))
                .checkpointing(CheckpointCoordinatorConfiguration.builder().setCheckpointInterval(50).build())
                .restartStrategy(RestartStrategy.none());
        LocalExecutor executor = env.executor("inspect-" + UUID.randomUUID(), config);
        executor.start();
        return executor;
    }
}
