package io.cairn.cli;

import io.cairn.checkpoint.stats.AbstractCheckpointStats;
import io.cairn.checkpoint.stats.CheckpointStatsSnapshot;
import io.cairn.checkpoint.stats.CompletedCheckpointStats;
import io.cairn.checkpoint.stats.StatsSummarySnapshot;
import io.cairn.checkpoint.stats.SubtaskStateStats;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.cli.demo.DemoSummary;
import io.cairn.cli.demo.PaymentsJob;
import io.cairn.cli.demo.PaymentsVerifier;
import io.cairn.cli.demo.ProcessedEvents;
import io.cairn.config.Configuration;
import io.cairn.config.MemorySize;
import io.cairn.config.StateBackendOptions;
import io.cairn.runtime.connectors.TransactionalFileSink;
import io.cairn.runtime.executor.JobListener;
import io.cairn.runtime.executor.JobResult;
import io.cairn.runtime.executor.LocalExecutor;
import io.cairn.state.backend.StateBackend;
import io.cairn.state.backend.StateBackendLoader;
import io.cairn.state.rocksdb.RocksDBOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn demo}: the payments job on embedded defaults. It checkpoints, crashes on purpose
 * ({@code --failures}), recovers, and proves from its committed output that nothing was lost or
 * counted twice. Killed and run again, it resumes from its latest retained checkpoint; Ctrl-C takes
 * a savepoint that the next run resumes from.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the payments demo: keyed state, checkpoints, injected failures, exactly-once verification.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "2000000", description = "number of payment events (default: ${DEFAULT-VALUE})")
    long events;

    @Option(names = "--accounts", defaultValue = "100000", description = "number of accounts (default: ${DEFAULT-VALUE})")
    long accounts;

    @Option(names = "--parallelism", defaultValue = "4", description = "parallelism of every operator (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--backend", defaultValue = "hashmap", description = "state backend: hashmap or rocksdb (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--data-dir", defaultValue = "cairn-data", description = "where output, checkpoints and savepoints go (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--checkpoint-dir", description = "checkpoint directory (default: <data-dir>/checkpoints)")
    Path checkpointDir;

    @Option(names = "--interval", defaultValue = "500", description = "checkpoint interval in ms (default: ${DEFAULT-VALUE})")
    long interval;

    @Option(names = "--failures", defaultValue = "0", description = "task failures to inject at deterministic moments (default: ${DEFAULT-VALUE})")
    int failures;

    @Option(names = "--resume", description = "resume from the latest checkpoint or savepoint; fail if there is none")
    boolean resume;

    @Option(names = "--from", description = "resume from this checkpoint or savepoint")
    String from;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the payment generator (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--incremental", description = "incremental checkpoints (state.backend.incremental)")
    boolean incremental;

    @Option(names = "--rocksdb-memory", defaultValue = "256mb", paramLabel = "SIZE",
            description = "with --backend rocksdb: the memory that all subtasks' RocksDB instances share, one block cache"
                    + " with the write buffers charged to it (state.backend.rocksdb.memory.managed-size; default: ${DEFAULT-VALUE})")
    String rocksDbMemory;

    @Option(names = "--json", description = "print a JSON summary on the last line of stdout; human output goes to stderr")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintStream human = json ? System.err : System.out;
        if (events < 1 || accounts < 1 || parallelism < 1 || interval < 10 || failures < 0) {
            System.err.println("cairn demo: need --events >= 1, --accounts >= 1, --parallelism >= 1, --interval >= 10, --failures >= 0");
            return ExitCodes.USAGE;
        }
        if (events > Integer.MAX_VALUE - 8) {
            System.err.println("cairn demo: --events must be at most " + (Integer.MAX_VALUE - 8) + ": " + events);
            return ExitCodes.USAGE;
        }
        MemorySize rocksDbMemorySize;
        try {
            rocksDbMemorySize = MemorySize.parse(rocksDbMemory);
        } catch (IllegalArgumentException e) {
            System.err.println("cairn demo: --rocksdb-memory " + rocksDbMemory + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        StateBackend stateBackend;
        try {
            Configuration c = new Configuration();
            c.set(StateBackendOptions.STATE_BACKEND, backend);
            c.set(StateBackendOptions.INCREMENTAL_CHECKPOINTS, incremental);
            c.set(RocksDBOptions.MANAGED_MEMORY_SIZE, rocksDbMemorySize);
            stateBackend = StateBackendLoader.loadStateBackendFromConfig(c, getClass().getClassLoader(), null);
        } catch (IllegalArgumentException e) {
            System.err.println("cairn demo: --backend " + backend + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Path data = dataDir.toAbsolutePath();
        PaymentsJob.Settings s = new PaymentsJob.Settings(events, accounts, parallelism, seed, interval, failures, data,
                (checkpointDir == null ? data.resolve("checkpoints") : checkpointDir).toAbsolutePath());

        String restorePath = from;
        if (restorePath == null && previousRunFinished(s)) {
            freshStart(s); // the last run completed: its retained checkpoint is there to inspect, not to resume
        }
        if (restorePath == null) {
            restorePath = findResumePoint(s).orElse(null);
            if (resume && restorePath == null) {
                System.err.println("cairn demo: --resume: no checkpoint or savepoint found under " + data);
                return ExitCodes.USAGE;
            }
        }
        if (restorePath != null) {
            String mismatch = checkSettings(s);
            if (mismatch != null) {
                System.err.println("cairn demo: cannot resume: " + mismatch + " (remove " + data + " to start afresh)");
                return ExitCodes.USAGE;
            }
            human.println("resuming from " + restorePath);
        } else {
            freshStart(s);
        }
        writeSettings(s);

        AtomicInteger restarts = new AtomicInteger();
        LocalExecutor executor = PaymentsJob.build(s).executor(PaymentsJob.JOB_NAME,
                PaymentsJob.config(s, stateBackend).restoreFrom(restorePath, false).listener(new JobListener() {
                    @Override
                    public void restarting(int attempt, Throwable cause) {
                        restarts.set(attempt);
                        // on a terminal, first end the live status line
                        System.err.println((System.console() != null ? "\n" : "") + "restart " + attempt + " after: " + cause);
                    }
                }));
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        ProcessedEvents.reset();
        AtomicBoolean stoppedBySignal = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            if (finished.get()) {
                return;
            }
            stoppedBySignal.set(true);
            try {
                String sp = executor.stopWithSavepoint(s.savepointDir().toString()).get(120, TimeUnit.SECONDS);
                executor.join();
                System.err.println();
                System.err.println("stopped with savepoint " + sp + "; run the same command again to resume");
            } catch (Exception e) {
                System.err.println("stop-with-savepoint failed: " + e.getMessage());
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        StatusLine status = new StatusLine(executor, s, restarts);
        executor.start();
        status.start();
        JobResult result = executor.join();
        finished.set(true);
        status.stop();
        long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long cpuMs = TimeUnit.NANOSECONDS.toMillis(processCpuNanos() - cpuStart);
        if (stoppedBySignal.get()) {
            return ExitCodes.OK;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            return ExitCodes.OK;
        }
        if (!result.isSuccess()) {
            System.err.println("cairn demo: the job failed after " + result.restarts() + " restarts: " + result.failure());
            return ExitCodes.VERIFICATION_FAILED;
        }
        PaymentsVerifier.Result verification = new PaymentsVerifier(events, accounts, seed).verifyFiles(
                TransactionalFileSink.committedFiles(io.cairn.fs.Path.fromLocal(s.outputDir())).stream()
                        .map(io.cairn.fs.Path::toLocalPath).toList());
        long fired;
        try (Stream<Path> markers = Files.list(s.failureDir())) {
            fired = markers.count(); // failures that fired, in this run or an interrupted earlier one
        }
        String sentence = verification.ok()
                ? "exactly-once: " + verification.message() + ", " + fired + " failures recovered"
                : "exactly-once: FAILED: " + verification.message();
        printReport(human, result, wallMs);
        human.println(sentence);
        if (json) {
            System.out.println(summary(s, result, wallMs, cpuMs, verification.ok(), sentence).toJson());
        }
        if (verification.ok()) {
            deleteRecursively(s.savepointDir());
            markFinished(s);
            human.println("checkpoints kept in " + s.checkpointDir() + "; try: ./cairn checkpoints list " + s.checkpointDir());
        }
        return verification.ok() ? ExitCodes.OK : ExitCodes.VERIFICATION_FAILED;
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** The newest completed checkpoint of the demo job, or the newest savepoint if that is newer. */
    private Optional<String> findResumePoint(PaymentsJob.Settings s) throws IOException {
        FileSystemCheckpointStorage storage = new FileSystemCheckpointStorage(io.cairn.fs.Path.fromLocal(s.checkpointDir()));
        Optional<String> checkpoint = storage.resolveCheckpointStorageAccess(LocalExecutor.jobIdFor(PaymentsJob.JOB_NAME))
                .findLatestCompletedCheckpoint();
        Optional<Path> savepoint = Optional.empty();
        if (Files.isDirectory(s.savepointDir())) {
            try (Stream<Path> dirs = Files.list(s.savepointDir())) {
                savepoint = dirs.filter(d -> Files.exists(d.resolve("_metadata")))
                        .max(Comparator.comparingLong(d -> d.resolve("_metadata").toFile().lastModified()));
            }
        }
        if (checkpoint.isPresent() && savepoint.isPresent()) {
            long cpTime = io.cairn.fs.Path.of(checkpoint.get()).toLocalPath().resolve("_metadata").toFile().lastModified();
            return Optional.of(savepoint.get().resolve("_metadata").toFile().lastModified() > cpTime
                    ? savepoint.get().toString() : checkpoint.get());
        }
        return checkpoint.isPresent() ? checkpoint : savepoint.map(Path::toString);
    }

    private static boolean previousRunFinished(PaymentsJob.Settings s) throws IOException {
        Path f = settingsFile(s);
        if (!Files.exists(f)) {
            return false;
        }
        Properties p = new Properties();
        try (var in = Files.newInputStream(f)) {
            p.load(in);
        }
        return Boolean.parseBoolean(p.getProperty("finished"));
    }

    private static void markFinished(PaymentsJob.Settings s) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(settingsFile(s))) {
            p.load(in);
        }
        p.setProperty("finished", "true");
        try (var out = Files.newOutputStream(settingsFile(s))) {
            p.store(out, "cairn demo settings; the run finished and was verified");
        }
    }

    private static Path settingsFile(PaymentsJob.Settings s) {
        return s.dataDir().resolve("demo.properties");
    }

    private String checkSettings(PaymentsJob.Settings s) throws IOException {
        Path f = settingsFile(s);
        if (!Files.exists(f)) {
            return null;
        }
        Properties p = new Properties();
        try (var in = Files.newInputStream(f)) {
            p.load(in);
        }
        for (String[] kv : new String[][] {{"events", Long.toString(events)}, {"accounts", Long.toString(accounts)},
                {"seed", Long.toString(seed)}, {"failures", Integer.toString(failures)}}) {
            String was = p.getProperty(kv[0]);
            if (was != null && !was.equals(kv[1])) {
                return "--" + kv[0] + " was " + was + " in the interrupted run, now " + kv[1];
            }
        }
        return null;
    }

    private void writeSettings(PaymentsJob.Settings s) throws IOException {
        Properties p = new Properties();
        p.setProperty("events", Long.toString(events));
        p.setProperty("accounts", Long.toString(accounts));
        p.setProperty("seed", Long.toString(seed));
        p.setProperty("failures", Integer.toString(failures));
        Files.createDirectories(s.dataDir());
        try (var out = Files.newOutputStream(settingsFile(s))) {
            p.store(out, "cairn demo settings of the current run");
        }
    }

    private static void freshStart(PaymentsJob.Settings s) throws IOException {
        for (Path p : new Path[] {s.outputDir(), s.checkpointDir(), s.failureDir(), s.savepointDir()}) {
            deleteRecursively(p);
        }
        Files.createDirectories(s.outputDir());
        Files.createDirectories(s.failureDir());
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    // ------------------------------------------------------------------ output

    private void printReport(PrintStream out, JobResult result, long wallMs) {
        CheckpointStatsSnapshot stats = result.checkpointStats();
        List<CompletedCheckpointStats> completed = new ArrayList<>();
        for (AbstractCheckpointStats a : stats.getHistory()) {
            if (a instanceof CompletedCheckpointStats c) {
                completed.add(c);
            }
        }
        completed.sort(Comparator.comparingLong(AbstractCheckpointStats::getCheckpointId));
        out.println();
        out.printf(Locale.ROOT, "%8s %12s %12s %12s %10s%n", "id", "trigger→done", "size", "alignment", "async");
        for (CompletedCheckpointStats c : completed) {
            long align = 0;
            long async = 0;
            for (SubtaskStateStats t : c.getSubtaskStats()) {
                align = Math.max(align, t.metrics().alignmentDurationMillis());
                async = Math.max(async, t.metrics().asyncDurationMillis());
            }
            out.printf(Locale.ROOT, "%8d %10d ms %12s %9d ms %7d ms%n", c.getCheckpointId(), c.getEndToEndDuration(),
                    bytes(c.getStateSize()), align, async);
        }
        out.printf(Locale.ROOT, "checkpoints: %d completed, %d failed%n", stats.getCounts().completed(), stats.getCounts().failed());
        out.printf(Locale.ROOT, "throughput: %,d events in %,d ms = %,.0f events/s (%,d processed incl. replays)%n",
                events, wallMs, events * 1000.0 / Math.max(1, wallMs), ProcessedEvents.sum());
        out.printf(Locale.ROOT, "restarts: %d%n", result.restarts());
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }

    private DemoSummary summary(PaymentsJob.Settings s, JobResult r, long wallMs, long cpuMs, boolean verified, String sentence) {
        CheckpointStatsSnapshot stats = r.checkpointStats();
        return new DemoSummary("cairn-0.1.0-SNAPSHOT", backend, incremental, events, accounts, parallelism, seed, s.intervalMs(),
                failures, wallMs, cpuMs, stats.getCounts().completed(), stats.getCounts().failed(),
                stats(stats.getSummary().getEndToEndDurationStats()), stats(stats.getSummary().getCheckpointedSizeStats()),
                stats(stats.getSummary().getStateSizeStats()), r.restarts(), ProcessedEvents.sum(), verified, sentence);
    }

    private static DemoSummary.Stats stats(StatsSummarySnapshot s) {
        return new DemoSummary.Stats(s.getMinimum(), s.getQuantile(0.5), s.getMaximum(), s.getAverage());
    }

    /** The live status line, redrawn in place on a terminal. */
    private static final class StatusLine {
        private final LocalExecutor executor;
        private final PaymentsJob.Settings settings;
        private final AtomicInteger restarts;
        private final boolean terminal = System.console() != null;
        private volatile boolean running;
        private Thread thread;

        StatusLine(LocalExecutor executor, PaymentsJob.Settings settings, AtomicInteger restarts) {
            this.executor = executor;
            this.settings = settings;
            this.restarts = restarts;
        }

        void start() {
            if (!terminal) {
                return;
            }
            running = true;
            thread = new Thread(this::loop, "cairn-status");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            if (thread != null) {
                thread.join();
                System.err.println();
            }
        }

        private void loop() {
            long last = 0;
            long lastTime = System.nanoTime();
            while (running) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
                long processed = ProcessedEvents.sum();
                long now = System.nanoTime();
                double rate = (processed - last) * 1e9 / Math.max(1, now - lastTime);
                last = processed;
                lastTime = now;
                double progress = Math.min(1.0, processed / (double) settings.events());
                int filled = (int) (progress * 20);
                String checkpoint = "";
                if (executor.getCoordinator() != null) {
                    Optional<CompletedCheckpointStats> c = executor.getCoordinator().getStatsTracker().createSnapshot()
                            .getLatestCompletedCheckpoint();
                    if (c.isPresent()) {
                        checkpoint = String.format(Locale.ROOT, "  chk %d: %d ms, %s", c.get().getCheckpointId(),
                                c.get().getEndToEndDuration(), bytes(c.get().getStateSize()));
                    }
                }
                System.err.printf(Locale.ROOT, "\r[%s%s] %3.0f%%  %,10.0f ev/s%s  restarts %d   ", "#".repeat(filled),
                        ".".repeat(20 - filled), progress * 100, rate, checkpoint, restarts.get());
            }
        }
    }
}
