package io.cairn.benchmarks.demo;

import io.cairn.benchmarks.Systems;
import io.cairn.cli.demo.DemoSummary;
import io.cairn.cli.demo.PaymentsJob;
import io.cairn.cli.demo.PaymentsVerifier;
import io.cairn.cli.demo.ProcessedEvents;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.StatsSummarySnapshot;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * Runs the payments job on Flink 1.20.0 in a local {@link MiniCluster} (one TaskManager, P slots)
 * and prints the same JSON summary as {@code cairn demo --json} on the last line of stdout; the
 * human report goes to stderr. The cluster is started before the clock starts: {@code wall_ms} runs
 * from the job's submission to its result (after the final checkpoint has committed the output),
 * and {@code process_cpu_ms} is the process's CPU time over the same span. The committed output
 * (the FileSink's finished part files; in-progress and pending files are hidden and skipped) is
 * checked by Cairn's {@link PaymentsVerifier}.
 *
 * <p>Exit codes: 0 verified, 1 the job failed or the output did not verify, 2 usage error.
 */
public final class FlinkPaymentsDemo {

    /** The usage line. */
    static final String USAGE = "usage: FlinkPaymentsDemo --data-dir DIR [--events 2000000] [--accounts 100000]"
            + " [--parallelism 4] [--backend hashmap|rocksdb] [--interval 500] [--failures 0] [--seed 42]"
            + " [--rocksdb-memory 512mb] [--json]";

    private FlinkPaymentsDemo() {}

    /**
     * Runs the job and exits with the exit code.
     *
     * @param args the command line (see {@link #USAGE}); {@code --rocksdb-memory} is the
     *     TaskManager's managed memory ({@code taskmanager.memory.managed.size}), which Flink's
     *     RocksDB divides among the slots; 512 MiB is what a standalone TaskManager has by default.
     *     {@code --json} is accepted for symmetry with {@code cairn demo}: the JSON line is always
     *     printed.
     * @throws Exception if the cluster cannot run the job
     */
    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the job in this JVM.
     *
     * @param args the command line
     * @param out receives the JSON line
     * @param err receives the human report and errors
     * @return the exit code: 0 verified, 1 failed or not verified, 2 usage error
     * @throws Exception if the cluster cannot run the job
     */
    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        PaymentsJob.Settings s;
        String backend;
        MemorySize memory;
        try {
            Flags f = new Flags(defaults(), List.of("--json")).parse(args);
            backend = f.string("--backend");
            if (!backend.equals("hashmap") && !backend.equals("rocksdb")) {
                throw new IllegalArgumentException("--backend must be hashmap or rocksdb: '" + backend + "'");
            }
            try {
                memory = MemorySize.parse(f.string("--rocksdb-memory"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--rocksdb-memory: " + e.getMessage(), e);
            }
            long events = f.number("--events", 1);
            if (events > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("--events must be at most " + (Integer.MAX_VALUE - 8) + ": " + events);
            }
            Path data = Path.of(f.string("--data-dir")).toAbsolutePath();
            s = new PaymentsJob.Settings(events, f.number("--accounts", 1), f.integer("--parallelism", 1),
                    f.number("--seed", Long.MIN_VALUE), f.number("--interval", 10), f.integer("--failures", 0), data,
                    data.resolve("checkpoints"));
        } catch (IllegalArgumentException e) {
            err.println("flink-demo: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        DemoSummary summary = run(s, backend, memory, err);
        out.println(summary.toJson());
        return summary.verified() ? 0 : 1;
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("--events", "2000000");
        d.put("--accounts", "100000");
        d.put("--parallelism", "4");
        d.put("--backend", "hashmap");
        d.put("--interval", "500");
        d.put("--failures", "0");
        d.put("--seed", "42");
        d.put("--rocksdb-memory", "512mb");
        d.put("--data-dir", null);
        return d;
    }

    /**
     * Runs the job once in a fresh MiniCluster and verifies its committed output.
     *
     * @param s the settings; the data directory is emptied first
     * @param backend {@code hashmap} or {@code rocksdb}
     * @param rocksDbMemory the TaskManager's managed memory
     * @param human receives the human report
     * @return the summary
     * @throws Exception if the cluster cannot run the job
     */
    public static DemoSummary run(PaymentsJob.Settings s, String backend, MemorySize rocksDbMemory, PrintStream human)
            throws Exception {
        deleteRecursively(s.dataDir());
        Files.createDirectories(s.outputDir());
        Files.createDirectories(s.failureDir());
        Configuration conf = FlinkPaymentsJob.configuration(s, backend, rocksDbMemory);
        MiniClusterConfiguration clusterConfig = new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(s.parallelism())
                .build();
        MiniCluster cluster = new MiniCluster(clusterConfig);
        try {
            cluster.start();
            JobGraph job = FlinkPaymentsJob.build(s, conf);
            ProcessedEvents.reset();
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            cluster.submitJob(job).get();
            JobResult result = cluster.requestJobResult(job.getJobID()).get();
            long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            long cpuMs = TimeUnit.NANOSECONDS.toMillis(processCpuNanos() - cpuStart);
            ArchivedExecutionGraph graph = cluster.getArchivedExecutionGraph(job.getJobID()).get();
            int restarts = 0;
            for (AccessExecutionVertex v : graph.getAllExecutionVertices()) {
                restarts = Math.max(restarts, v.getCurrentExecutionAttempt().getAttemptNumber());
            }
            CheckpointStatsSnapshot stats = graph.getCheckpointStatsSnapshot();
            String sentence;
            boolean verified = false;
            if (!result.isSuccess()) {
                sentence = "exactly-once: FAILED: the job failed after " + restarts + " restarts: "
                        + result.getSerializedThrowable().map(t -> t.getFullStringifiedStackTrace()).orElse("unknown cause");
            } else {
                PaymentsVerifier.Result v = new PaymentsVerifier(s.events(), s.accounts(), s.seed()).verifyFiles(committedFiles(s.outputDir()));
                long fired;
                try (Stream<Path> markers = Files.list(s.failureDir())) {
                    fired = markers.count();
                }
                verified = v.ok();
                sentence = v.ok() ? "exactly-once: " + v.message() + ", " + fired + " failures recovered"
                        : "exactly-once: FAILED: " + v.message();
            }
            DemoSummary summary = new DemoSummary("flink-" + Systems.flinkVersion(), backend, false, s.events(), s.accounts(),
                    s.parallelism(), s.seed(), s.intervalMs(), s.failures(), wallMs, cpuMs,
                    stats.getCounts().getNumberOfCompletedCheckpoints(), stats.getCounts().getNumberOfFailedCheckpoints(),
                    stats(stats.getSummaryStats().getEndToEndDurationStats()),
                    stats(stats.getSummaryStats().getCheckpointedSize()),
                    stats(stats.getSummaryStats().getStateSizeStats()),
                    restarts, ProcessedEvents.sum(), verified, sentence);
            human.printf(Locale.ROOT, "checkpoints: %d completed, %d failed; median %d ms%n", summary.checkpointsCompleted(),
                    summary.checkpointsFailed(), summary.checkpointDurationMs().median());
            human.printf(Locale.ROOT, "throughput: %,d events in %,d ms = %,d events/s (%,d processed incl. replays)%n",
                    s.events(), wallMs, summary.eventsPerSec(), summary.eventsProcessedInclReplays());
            human.printf(Locale.ROOT, "restarts: %d%n", restarts);
            if (restarts > 0 && graph.getFailureInfo() != null) {
                human.println("last failure: " + graph.getFailureInfo().getExceptionAsString().lines().findFirst().orElse(""));
            }
            human.println(sentence);
            return summary;
        } finally {
            cluster.closeAsync().get();
        }
    }

    /**
     * The FileSink's committed output: its finished part files. In-progress and pending files are
     * hidden ({@code .part-…inprogress…}) and are not committed output.
     *
     * @param outputDir the sink's base path
     * @return the finished part files, sorted
     * @throws IOException if the directory cannot be listed
     */
    public static List<Path> committedFiles(Path outputDir) throws IOException {
        try (Stream<Path> walk = Files.walk(outputDir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static DemoSummary.Stats stats(StatsSummarySnapshot s) {
        if (s.getCount() == 0) {
            return new DemoSummary.Stats(0, 0, 0, 0);
        }
        return new DemoSummary.Stats(s.getMinimum(), Math.round(s.getQuantile(0.5)), s.getMaximum(),
                s.getSum() / (double) s.getCount());
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static void deleteRecursively(Path p) throws IOException {
        io.cairn.fs.Path path = io.cairn.fs.Path.fromLocal(p);
        io.cairn.fs.FileSystem.get(path).delete(path, true);
    }
}
