package io.cairn.benchmarks;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.checkpoint.storage.FsCheckpointStreamFactory;
import io.cairn.serialization.LongSerializer;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.SharedStateRegistryImpl;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.heap.HashMapStateBackend;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keyed.KeyedStateBackend;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableFuture;
import java.util.stream.Stream;

/**
 * Issue 8's figures for incremental heap checkpoints (Cairn only: Flink's heap backend has no
 * incremental checkpoints). Three experiments on a {@code ValueState<Long>} over N keys
 * ({@link LongSerializer} keys, void namespace, max parallelism 128, one backend owning every key
 * group, keys {@code 0..N-1} set first), checkpoints written to files in a temporary directory:
 *
 * <ol>
 *   <li>{@code incremental-vs-full}: an incremental backend's first checkpoint (all bases) against
 *       the incremental checkpoint after 1 % of the keys changed (seed 42; about 10 % of the changes
 *       are removals): bytes uploaded and wall time (synchronous + asynchronous part), median of R
 *       repetitions, each from a fresh backend.</li>
 *   <li>{@code throughput-during-snapshot}: value-update operations on the task thread for S seconds
 *       without snapshots, then S seconds while full snapshots run back to back (synchronous part on
 *       the task thread between operations, asynchronous part on another thread).</li>
 *   <li>{@code restore-after-incrementals}: a full checkpoint, then 50 incremental checkpoints each
 *       after changing 1 % of the keys; restore time (median of R) from the last incremental handle
 *       against one full snapshot of the same final state, after one untimed warm-up restore of each
 *       (the timed repetitions alternate which goes first); 1000 sampled values are verified.</li>
 * </ol>
 *
 * <p>Prints one JSON object per experiment on {@code out}; progress goes to {@code err}.
 */
public final class HeapCheckpointBench {

    static final String INCREMENTAL_VS_FULL = "incremental-vs-full";
    static final String THROUGHPUT_DURING_SNAPSHOT = "throughput-during-snapshot";
    static final String RESTORE_AFTER_INCREMENTALS = "restore-after-incrementals";
    static final List<String> EXPERIMENTS = List.of(INCREMENTAL_VS_FULL, THROUGHPUT_DURING_SNAPSHOT, RESTORE_AFTER_INCREMENTALS);

    static final double GOAL_BYTES_RATIO = 0.05;
    static final double GOAL_TIME_RATIO = 0.10;
    static final double GOAL_THROUGHPUT_RATIO = 0.80;
    static final double GOAL_RESTORE_RATIO = 1.5;

    private static final int MAX_PARALLELISM = 128;
    private static final long ABSENT = Long.MIN_VALUE;
    private static final long SEED = 42;
    private static final int CHUNK = 1024;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final ValueStateDescriptor<Long> VALUE = new ValueStateDescriptor<>("value", LongSerializer.INSTANCE);

    record Options(List<String> experiments, int keys, double seconds, double warmup, int repetitions,
            int incrementals, double changedFraction, int sample, Path dir, List<Double> busyFractions, int rounds) {}

    private HeapCheckpointBench() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the experiments.
     *
     * @param args the command line
     * @param out receives the JSON lines
     * @param err receives progress and errors
     * @return 0, 2 for a usage error, 1 if an experiment failed
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("heap-checkpoint-bench: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        Path dir = null;
        try {
            dir = options.dir() != null
                    ? Files.createTempDirectory(Files.createDirectories(options.dir()), "heap-checkpoint-bench")
                    : Files.createTempDirectory("heap-checkpoint-bench");
            for (String experiment : options.experiments()) {
                err.println("heap-checkpoint-bench: " + experiment + " (" + options.keys() + " keys) in " + dir);
                Path experimentDir = Files.createDirectory(dir.resolve(experiment));
                String line = switch (experiment) {
                    case INCREMENTAL_VS_FULL -> incrementalVsFull(options, experimentDir, err);
                    case THROUGHPUT_DURING_SNAPSHOT -> {
                        List<String> lines = new ArrayList<>();
                        for (double fraction : options.busyFractions()) {
                            lines.add(throughputDuringSnapshot(options, fraction, experimentDir, err));
                        }
                        yield String.join("\n", lines);
                    }
                    case RESTORE_AFTER_INCREMENTALS -> restoreAfterIncrementals(options, experimentDir, err);
                    default -> throw new IllegalStateException(experiment);
                };
                out.println(line);
                out.flush();
                deleteRecursively(experimentDir);
            }
            return 0;
        } catch (Exception e) {
            err.println("heap-checkpoint-bench: failed: " + e);
            e.printStackTrace(err);
            return 1;
        } finally {
            if (dir != null) {
                try {
                    deleteRecursively(dir);
                } catch (IOException | UncheckedIOException e) {
                    err.println("heap-checkpoint-bench: could not delete " + dir + ": " + e);
                }
            }
        }
    }

    // ---------------------------------------------------------------- experiment 1

    static String incrementalVsFull(Options options, Path dir, PrintStream err) throws Exception {
        int reps = options.repetitions();
        long[] fullNanos = new long[reps];
        long[] incNanos = new long[reps];
        long[] fullSync = new long[reps];
        long[] incSync = new long[reps];
        long fullBytes = 0;
        long incBytes = 0;
        long incStateSize = 0;
        int changed = 0;
        int removed = 0;
        for (int rep = 0; rep < reps; rep++) {
            Path repDir = Files.createDirectory(dir.resolve("rep-" + rep));
            Model model = new Model(options.keys());
            try (KeyedStateBackend<Long> backend = backend(true)) {
                ValueState<Long> state = state(backend);
                model.populate(backend, state);
                SharedStateRegistryImpl registry = new SharedStateRegistryImpl(Runnable::run);

                settleHeap();
                Timed full = checkpoint(backend, 1, factory(repDir, 1));
                registry.registerAll(List.of(full.handle()), 1);
                backend.notifyCheckpointComplete(1);

                int[] counts = model.mutate(backend, state, new Random(SEED), options.changedFraction());
                settleHeap();
                Timed inc = checkpoint(backend, 2, factory(repDir, 2));
                registry.registerAll(List.of(inc.handle()), 2);
                backend.notifyCheckpointComplete(2);

                fullNanos[rep] = full.syncNanos() + full.asyncNanos();
                incNanos[rep] = inc.syncNanos() + inc.asyncNanos();
                fullSync[rep] = full.syncNanos();
                incSync[rep] = inc.syncNanos();
                fullBytes = checkpointedSize(full.handle());
                incBytes = checkpointedSize(inc.handle());
                incStateSize = inc.handle().getStateSize();
                changed = counts[0];
                removed = counts[1];
                err.printf(Locale.ROOT, "  rep %d: full %d B %.1f ms, incremental %d B %.1f ms%n",
                        rep, fullBytes, fullNanos[rep] / 1e6, incBytes, incNanos[rep] / 1e6);
                if (rep == 0) {
                    verifyRestore(model, inc.handle(), true, options.sample());
                }
            }
            deleteRecursively(repDir);
        }
        double fullMs = medianMillis(fullNanos);
        double incMs = medianMillis(incNanos);
        double bytesRatio = (double) incBytes / fullBytes;
        double timeRatio = incMs / fullMs;
        return "{\"experiment\":\"" + INCREMENTAL_VS_FULL + "\",\"keys\":" + options.keys()
                + ",\"changed_keys\":" + changed + ",\"removed_keys\":" + removed
                + ",\"full_bytes\":" + fullBytes + ",\"incremental_bytes\":" + incBytes
                + ",\"incremental_state_size\":" + incStateSize
                + ",\"bytes_ratio\":" + fmt(bytesRatio, 4)
                + ",\"full_ms\":" + fmt(fullMs, 1) + ",\"incremental_ms\":" + fmt(incMs, 1)
                + ",\"time_ratio\":" + fmt(timeRatio, 4)
                + ",\"full_ms_runs\":" + millisList(fullNanos) + ",\"incremental_ms_runs\":" + millisList(incNanos)
                + ",\"full_sync_ms_runs\":" + millisList(fullSync) + ",\"incremental_sync_ms_runs\":" + millisList(incSync)
                + ",\"goal_bytes_ratio\":" + GOAL_BYTES_RATIO + ",\"goal_time_ratio\":" + GOAL_TIME_RATIO
                + ",\"bytes_goal_met\":" + (bytesRatio <= GOAL_BYTES_RATIO)
                + ",\"time_goal_met\":" + (timeRatio <= GOAL_TIME_RATIO) + "}";
    }

    // ---------------------------------------------------------------- experiment 2

    static String throughputDuringSnapshot(Options options, double busyFraction, Path dir, PrintStream err) throws Exception {
        int keys = options.keys();
        Long[] ops = new Long[1 << 20];
        Random random = new Random(SEED);
        for (int i = 0; i < ops.length; i++) {
            ops[i] = (long) random.nextInt(keys);
        }
        ExecutorService snapshotThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "snapshot");
            t.setDaemon(true);
            return t;
        });
        err.printf(Locale.ROOT, "  snapshot busy fraction %s%n", busyFraction);
        try (KeyedStateBackend<Long> backend = backend(false, busyFraction)) {
            ValueState<Long> state = state(backend);
            new Model(keys).populate(backend, state);
            Phase warm = new Phase(backend, state, ops, dir, snapshotThread);
            warm.run(options.warmup(), false);
            warm.run(options.warmup(), true);
            // quiet and busy phases alternate in rounds, so that a drift of the machine (JIT, heap
            // layout, neighbours) weighs on both sides alike; each side totals options.seconds()
            Phase quiet = new Phase(backend, state, ops, dir, snapshotThread);
            Phase busy = new Phase(backend, state, ops, dir, snapshotThread);
            int rounds = options.rounds();
            double perRound = options.seconds() / rounds;
            List<String> roundRatios = new ArrayList<>();
            int position = warm.position;
            settleHeap();
            for (int round = 0; round < rounds; round++) {
                long quietOpsBefore = quiet.ops;
                long quietNanosBefore = quiet.nanos;
                quiet.position = position;
                quiet.run(perRound, false);
                busy.position = quiet.position;
                long busyOpsBefore = busy.ops;
                long busyNanosBefore = busy.nanos;
                busy.run(perRound, true);
                position = busy.position;
                double q = (quiet.ops - quietOpsBefore) / ((quiet.nanos - quietNanosBefore) / 1e9);
                double b = (busy.ops - busyOpsBefore) / ((busy.nanos - busyNanosBefore) / 1e9);
                roundRatios.add(fmt(b / q, 3));
            }
            double quietOps = quiet.ops / (quiet.nanos / 1e9);
            double busyOps = busy.ops / (busy.nanos / 1e9);
            double ratio = busyOps / quietOps;
            double quietOpsPerCpu = quiet.ops / (quiet.cpuNanos / 1e9);
            double busyOpsPerCpu = busy.ops / (busy.cpuNanos / 1e9);
            err.printf(Locale.ROOT, "  no snapshot %.0f ops/s, during snapshots %.0f ops/s (%d snapshots);"
                            + " per task-thread CPU-second %.0f / %.0f%n",
                    quietOps, busyOps, busy.snapshots, quietOpsPerCpu, busyOpsPerCpu);
            return "{\"experiment\":\"" + THROUGHPUT_DURING_SNAPSHOT + "\",\"keys\":" + keys
                    + ",\"seconds\":" + options.seconds() + ",\"snapshot_busy_fraction\":" + busyFraction
                    + ",\"ops_per_sec_no_snapshot\":" + Math.round(quietOps)
                    + ",\"ops_per_sec_during_snapshots\":" + Math.round(busyOps)
                    + ",\"ratio\":" + fmt(ratio, 3)
                    + ",\"rounds\":" + rounds + ",\"round_ratios\":[" + String.join(",", roundRatios) + "]"
                    + ",\"task_cpu_share_no_snapshot\":" + fmt(quiet.cpuNanos / (double) quiet.nanos, 3)
                    + ",\"task_cpu_share_during_snapshots\":" + fmt(busy.cpuNanos / (double) busy.nanos, 3)
                    + ",\"ops_per_cpu_sec_no_snapshot\":" + Math.round(quietOpsPerCpu)
                    + ",\"ops_per_cpu_sec_during_snapshots\":" + Math.round(busyOpsPerCpu)
                    + ",\"cpu_ratio\":" + fmt(busyOpsPerCpu / quietOpsPerCpu, 3)
                    + ",\"gc_ms_no_snapshot\":" + quiet.gcMillis + ",\"gc_ms_during_snapshots\":" + busy.gcMillis
                    + ",\"snapshot_thread_cpu_ms\":" + Math.round(busy.snapshotCpuNanos.get() / 1e6)
                    + ",\"snapshots_completed\":" + busy.snapshots
                    + ",\"snapshot_mean_ms\":" + fmt(busy.snapshots == 0 ? 0 : busy.snapshotNanos / 1e6 / busy.snapshots, 1)
                    + ",\"sync_part_mean_ms\":" + fmt(busy.snapshots == 0 ? 0 : busy.syncNanos / 1e6 / busy.snapshots, 2)
                    + ",\"snapshot_bytes\":" + busy.lastSnapshotBytes
                    + ",\"goal_ratio\":" + GOAL_THROUGHPUT_RATIO + ",\"goal_met\":" + (ratio >= GOAL_THROUGHPUT_RATIO) + "}";
        } finally {
            snapshotThread.shutdownNow();
        }
    }

    /** One timed phase of the task thread, optionally with back-to-back snapshots. */
    private static final class Phase {
        final KeyedStateBackend<Long> backend;
        final ValueState<Long> state;
        final Long[] keys;
        final Path dir;
        final ExecutorService snapshotThread;
        int position;
        long ops;
        long nanos;
        /** CPU time of the task thread during the timed loop (ThreadMXBean). */
        long cpuNanos;
        /** Collection time of all collectors during the timed loop. */
        long gcMillis;
        /** CPU time of the snapshot thread spent on this phase's snapshots. */
        final java.util.concurrent.atomic.AtomicLong snapshotCpuNanos = new java.util.concurrent.atomic.AtomicLong();
        int snapshots;
        long snapshotNanos;
        long syncNanos;
        volatile long lastSnapshotBytes;
        long nextId = 1;

        Phase(KeyedStateBackend<Long> backend, ValueState<Long> state, Long[] keys, Path dir, ExecutorService snapshotThread) {
            this.backend = backend;
            this.state = state;
            this.keys = keys;
            this.dir = dir;
            this.snapshotThread = snapshotThread;
        }

        void run(double seconds, boolean withSnapshots) throws Exception {
            long gcStart = gcMillis();
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            Future<Long> pending = null;
            int mask = keys.length - 1;
            int p = position;
            long done = 0;
            long now;
            do {
                if (withSnapshots && (pending == null || pending.isDone())) {
                    if (pending != null) {
                        snapshotNanos += pending.get();
                        snapshots++;
                    }
                    long id = nextId++;
                    Path snapshotDir = dir.resolve("snapshot-" + id);
                    long syncStart = System.nanoTime();
                    RunnableFuture<SnapshotResult<KeyedStateHandle>> future = backend.snapshot(
                            id, id, factory(snapshotDir, id), CheckpointOptions.forCheckpointWithDefaultLocation());
                    long sync = System.nanoTime() - syncStart;
                    syncNanos += sync;
                    pending = snapshotThread.submit(() -> {
                        long asyncStart = System.nanoTime();
                        long asyncCpuStart = THREADS.getCurrentThreadCpuTime();
                        future.run();
                        snapshotCpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - asyncCpuStart);
                        KeyedStateHandle handle = future.get().getJobManagerOwnedSnapshot();
                        long took = sync + System.nanoTime() - asyncStart;
                        lastSnapshotBytes = handle.getStateSize();
                        handle.discardState();
                        deleteRecursively(snapshotDir);
                        return took;
                    });
                }
                for (int i = 0; i < CHUNK; i++) {
                    backend.setCurrentKey(keys[p]);
                    Long value = state.value();
                    state.update(value + 1);
                    p = (p + 1) & mask;
                }
                done += CHUNK;
                now = System.nanoTime();
            } while (now < end);
            cpuNanos += THREADS.getCurrentThreadCpuTime() - cpuStart;
            gcMillis += gcMillis() - gcStart;
            ops += done;
            nanos += now - start;
            position = p;
            if (pending != null) {
                pending.get(); // not counted: it finished after the phase
            }
        }
    }

    // ---------------------------------------------------------------- experiment 3

    static String restoreAfterIncrementals(Options options, Path dir, PrintStream err) throws Exception {
        Model model = new Model(options.keys());
        Random random = new Random(SEED);
        KeyedStateHandle last;
        long incrementalUploaded = 0;
        SharedStateRegistryImpl registry = new SharedStateRegistryImpl(Runnable::run);
        try (KeyedStateBackend<Long> backend = backend(true)) {
            ValueState<Long> state = state(backend);
            model.populate(backend, state);
            last = checkpoint(backend, 1, factory(dir, 1)).handle();
            registry.registerAll(List.of(last), 1);
            backend.notifyCheckpointComplete(1);
            for (int i = 1; i <= options.incrementals(); i++) {
                long id = i + 1;
                model.mutate(backend, state, random, options.changedFraction());
                last = checkpoint(backend, id, factory(dir, id)).handle();
                registry.registerAll(List.of(last), id);
                backend.notifyCheckpointComplete(id);
                incrementalUploaded += checkpointedSize(last);
            }
        }
        KeyedStateHandle full;
        try (KeyedStateBackend<Long> backend = backend(false)) {
            ValueState<Long> state = state(backend);
            model.populateFromModel(backend, state);
            full = checkpoint(backend, 1, factory(dir.resolve("full"), 1)).handle();
        }

        int reps = options.repetitions();
        long[] incNanos = new long[reps];
        long[] fullNanos = new long[reps];
        int verified = 0;
        // One untimed, verified restore of each kind first: the restore code the two share is then
        // compiled before either is timed (otherwise whichever runs first pays for the JIT), and the
        // timed repetitions alternate which kind goes first.
        settleHeap();
        timeRestore(last, true, model, options.sample(), true);
        settleHeap();
        timeRestore(full, false, model, options.sample(), true);
        for (int rep = 0; rep < reps; rep++) {
            boolean incrementalFirst = rep % 2 == 0;
            settleHeap();
            if (incrementalFirst) {
                incNanos[rep] = timeRestore(last, true, model, options.sample(), false);
            } else {
                fullNanos[rep] = timeRestore(full, false, model, options.sample(), false);
            }
            settleHeap();
            if (incrementalFirst) {
                fullNanos[rep] = timeRestore(full, false, model, options.sample(), false);
            } else {
                incNanos[rep] = timeRestore(last, true, model, options.sample(), false);
            }
            err.printf(Locale.ROOT, "  rep %d: restore incremental %.1f ms, full %.1f ms%n", rep, incNanos[rep] / 1e6, fullNanos[rep] / 1e6);
        }
        verified = Math.min(options.sample(), options.keys());
        double incMs = medianMillis(incNanos);
        double fullMs = medianMillis(fullNanos);
        double ratio = incMs / fullMs;
        IncrementalKeyedStateHandle inc = (IncrementalKeyedStateHandle) last;
        return "{\"experiment\":\"" + RESTORE_AFTER_INCREMENTALS + "\",\"keys\":" + options.keys()
                + ",\"incrementals\":" + options.incrementals()
                + ",\"present_keys\":" + model.present()
                + ",\"incremental_state_size\":" + inc.getStateSize()
                + ",\"incremental_shared_pieces\":" + inc.getSharedState().size()
                + ",\"incremental_uploaded_bytes_total\":" + incrementalUploaded
                + ",\"full_state_size\":" + full.getStateSize()
                + ",\"restore_incremental_ms\":" + fmt(incMs, 1) + ",\"restore_full_ms\":" + fmt(fullMs, 1)
                + ",\"ratio\":" + fmt(ratio, 3)
                + ",\"restore_incremental_ms_runs\":" + millisList(incNanos)
                + ",\"restore_full_ms_runs\":" + millisList(fullNanos)
                + ",\"verified_values\":" + verified
                + ",\"goal_ratio\":" + GOAL_RESTORE_RATIO + ",\"goal_met\":" + (ratio <= GOAL_RESTORE_RATIO) + "}";
    }

    private static long timeRestore(KeyedStateHandle handle, boolean incremental, Model model, int sample, boolean verify)
            throws Exception {
        long start = System.nanoTime();
        KeyedStateBackend<Long> backend = backend(incremental);
        try {
            backend.restore(StateHandles.of(handle));
            long took = System.nanoTime() - start;
            if (verify) {
                model.verify(backend, state(backend), sample);
            }
            return took;
        } finally {
            backend.close();
        }
    }

    private static void verifyRestore(Model model, KeyedStateHandle handle, boolean incremental, int sample) throws Exception {
        try (KeyedStateBackend<Long> backend = backend(incremental)) {
            backend.restore(StateHandles.of(handle));
            model.verify(backend, state(backend), sample);
        }
    }

    // ---------------------------------------------------------------- state and model

    /** What every key should hold: {@link #ABSENT} for a removed key. */
    private static final class Model {
        final long[] values;
        final int[] permutation;

        Model(int keys) {
            values = new long[keys];
            permutation = new int[keys];
            for (int i = 0; i < keys; i++) {
                permutation[i] = i;
            }
        }

        void populate(KeyedStateBackend<Long> backend, ValueState<Long> state) {
            for (int key = 0; key < values.length; key++) {
                backend.setCurrentKey((long) key);
                state.update((long) key);
                values[key] = key;
            }
        }

        void populateFromModel(KeyedStateBackend<Long> backend, ValueState<Long> state) {
            for (int key = 0; key < values.length; key++) {
                if (values[key] != ABSENT) {
                    backend.setCurrentKey((long) key);
                    state.update(values[key]);
                }
            }
        }

        /** Changes distinct random keys, about one in ten a removal; returns {changed, removed}. */
        int[] mutate(KeyedStateBackend<Long> backend, ValueState<Long> state, Random random, double fraction) {
            int n = values.length;
            int count = Math.max(1, (int) Math.round(n * fraction));
            int removed = 0;
            for (int i = 0; i < count; i++) {
                int j = i + random.nextInt(n - i);
                int key = permutation[j];
                permutation[j] = permutation[i];
                permutation[i] = key;
                backend.setCurrentKey((long) key);
                if (random.nextInt(10) == 0) {
                    state.clear();
                    values[key] = ABSENT;
                    removed++;
                } else {
                    Long old = state.value();
                    long next = old == null ? random.nextInt(1000) : old + 1;
                    state.update(next);
                    values[key] = next;
                }
            }
            return new int[] {count, removed};
        }

        int present() {
            int present = 0;
            for (long v : values) {
                if (v != ABSENT) {
                    present++;
                }
            }
            return present;
        }

        void verify(KeyedStateBackend<Long> backend, ValueState<Long> state, int sample) {
            Random random = new Random(SEED + 1);
            int n = Math.min(sample, values.length);
            for (int i = 0; i < n; i++) {
                int key = n == values.length ? i : random.nextInt(values.length);
                backend.setCurrentKey((long) key);
                Long actual = state.value();
                Long expected = values[key] == ABSENT ? null : values[key];
                if (!java.util.Objects.equals(actual, expected)) {
                    throw new IllegalStateException("restored value of key " + key + " is " + actual + ", expected " + expected);
                }
            }
        }
    }

    private static KeyedStateBackend<Long> backend(boolean incremental) {
        return backend(incremental, 1.0);
    }

    private static KeyedStateBackend<Long> backend(boolean incremental, double snapshotBusyFraction) {
        return new HashMapStateBackend().withIncrementalCheckpoints(incremental)
                .withSnapshotBusyFraction(snapshotBusyFraction).createKeyedStateBackend(
                new KeyedStateBackendParameters<>("heap-checkpoint-bench", LongSerializer.INSTANCE, MAX_PARALLELISM,
                        KeyGroupRange.of(0, MAX_PARALLELISM - 1), HeapCheckpointBench.class.getClassLoader()));
    }

    private static ValueState<Long> state(KeyedStateBackend<Long> backend) {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, VALUE);
    }

    private static CheckpointStreamFactory factory(Path dir, long checkpointId) {
        return new FsCheckpointStreamFactory(io.cairn.fs.Path.fromLocal(dir.resolve("chk-" + checkpointId)),
                io.cairn.fs.Path.fromLocal(dir.resolve("shared")),
                // the product default of state.storage.fs.memory-threshold: small streams (the manifest) are inlined
                io.cairn.checkpoint.storage.FileSystemCheckpointStorage.DEFAULT_FILE_STATE_THRESHOLD, 64 * 1024);
    }

    record Timed(KeyedStateHandle handle, long syncNanos, long asyncNanos) {}

    /** Takes a checkpoint on this thread: synchronous part, then the asynchronous part. */
    private static Timed checkpoint(KeyedStateBackend<Long> backend, long id, CheckpointStreamFactory factory) throws Exception {
        long start = System.nanoTime();
        RunnableFuture<SnapshotResult<KeyedStateHandle>> future =
                backend.snapshot(id, id, factory, CheckpointOptions.forCheckpointWithDefaultLocation());
        long sync = System.nanoTime() - start;
        future.run();
        KeyedStateHandle handle = future.get().getJobManagerOwnedSnapshot();
        long async = System.nanoTime() - start - sync;
        if (handle == null) {
            throw new IllegalStateException("checkpoint " + id + " produced no handle");
        }
        return new Timed(handle, sync, async);
    }

    private static long checkpointedSize(KeyedStateHandle handle) {
        return handle instanceof IncrementalKeyedStateHandle inc ? inc.getCheckpointedSize() : handle.getStateSize();
    }

    // ---------------------------------------------------------------- helpers

    /** @return the total collection time of all garbage collectors so far, in milliseconds */
    private static long gcMillis() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static void settleHeap() {
        System.gc();
    }

    private static double medianMillis(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        return median / 1e6;
    }

    private static String millisList(long[] nanos) {
        List<String> parts = new ArrayList<>();
        for (long n : nanos) {
            parts.add(fmt(n / 1e6, 1));
        }
        return "[" + String.join(",", parts) + "]";
    }

    private static String fmt(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static Options parse(String[] args) {
        List<String> experiments = EXPERIMENTS;
        int keys = 1_000_000;
        double seconds = 5;
        double warmup = 2;
        int repetitions = 3;
        int incrementals = 50;
        double changed = 0.01;
        int sample = 1000;
        Path dir = null;
        // the product default (1: unpaced) and a paced writer, each against its own quiet phases
        List<Double> busyFractions = List.of(1.0, 0.25);
        int rounds = 5;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                value = args[++i];
            }
            switch (flag) {
                case "--experiment" -> {
                    if (value.equals("all")) {
                        experiments = EXPERIMENTS;
                    } else if (EXPERIMENTS.contains(value)) {
                        experiments = List.of(value);
                    } else {
                        throw new IllegalArgumentException("unknown experiment '" + value + "'");
                    }
                }
                case "--keys" -> keys = (int) positive(flag, value, true);
                case "--seconds" -> seconds = positive(flag, value, false);
                case "--warmup" -> warmup = positive(flag, value, false);
                case "--repetitions" -> repetitions = (int) positive(flag, value, true);
                case "--incrementals" -> incrementals = (int) positive(flag, value, true);
                case "--changed" -> changed = positive(flag, value, false);
                case "--sample" -> sample = (int) positive(flag, value, true);
                case "--dir" -> dir = Path.of(value);
                case "--rounds" -> rounds = (int) positive(flag, value, true);
                case "--busy-fractions" -> {
                    List<Double> fractions = new ArrayList<>();
                    for (String part : value.split(",")) {
                        double f = positive(flag, part.trim(), false);
                        if (f > 1) {
                            throw new IllegalArgumentException(flag + ": '" + part + "' must be at most 1");
                        }
                        fractions.add(f);
                    }
                    busyFractions = List.copyOf(fractions);
                }
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        if (changed > 1) {
            throw new IllegalArgumentException("--changed must be at most 1: " + changed);
        }
        return new Options(experiments, keys, seconds, warmup, repetitions, incrementals, changed, sample, dir, busyFractions, rounds);
    }

    private static double positive(String flag, String value, boolean integer) {
        double parsed;
        try {
            parsed = integer ? Long.parseLong(value) : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": '" + value + "' is not a " + (integer ? "whole " : "") + "number");
        }
        if (!(parsed > 0) || (integer && parsed > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException(flag + ": '" + value + "' must be positive");
        }
        return parsed;
    }

    private static String usage() {
        return "usage: heap-checkpoint-bench [--experiment " + String.join("|", EXPERIMENTS) + "|all] [--keys N]"
                + " [--seconds S] [--warmup S] [--repetitions R] [--incrementals M] [--changed F] [--sample K] [--dir DIR]"
                + " [--busy-fractions F1,F2,...] [--rounds N]";
    }
}
