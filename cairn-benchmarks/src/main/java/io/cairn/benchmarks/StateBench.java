package io.cairn.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The plain benchmark runner behind {@code bench/state-bench}: runs workloads against Cairn and/or
 * Flink in this JVM and prints one JSON object per line on standard output (progress goes to
 * standard error).
 *
 * <p>Per workload every system is created and populated first (not timed), then each system warms
 * up, then the systems run {@code --rounds} timed rounds interleaved (A B A B ...); the reported
 * rate is the median round. A full garbage collection (not timed) precedes every warm-up and
 * round. With both systems a ratio line {@code cairn/flink} follows. {@code snapshot-restore} and
 * {@code memory} measure times, bytes and heap footprint instead; see {@link SnapshotRestoreRunner} and
 * {@link MemoryRunner}.
 *
 * <pre>
 * StateBench [--system cairn|flink|both|flink,cairn] [--backend heap|rocksdb] [--workload NAME|all]
 *            [--seconds S] [--warmup S] [--rounds N] [--keys-scale F] [--dir DIR]
 *            [--snapshot checkpoint|savepoint] [--list]
 * </pre>
 *
 * <p>Exit codes: 0 ok, 2 usage error, 1 a benchmark failed.
 */
public final class StateBench {

    /** Operations between two looks at the clock. */
    private static final int CHUNK = 1024;

    /** Written with what the benchmarks read, so the JIT cannot drop the reads. */
    private static volatile long blackhole;

    private StateBench() {}

    /** The parsed command line. */
    record Options(
            List<String> systems,
            String backend,
            List<Workload> workloads,
            double seconds,
            double warmupSeconds,
            int rounds,
            double keysScale,
            Path dir,
            boolean savepoint,
            boolean list,
            boolean help) {

        /** @return these options with {@code dir} replaced */
        Options withDir(Path newDir) {
            return new Options(systems, backend, workloads, seconds, warmupSeconds, rounds, keysScale, newDir, savepoint,
                    list, help);
        }
    }

    /** What one system measured on one workload. */
    record Result(String system, String backend, Workload workload, int keys, double opsPerSec, double[] rounds) {}

    /**
     * Runs the benchmarks and exits with the exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the benchmarks in this JVM.
     *
     * @param args the command line
     * @param out receives the JSON lines
     * @param err receives progress and errors
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("state-bench: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        if (options.help()) {
            out.println(usage());
            return 0;
        }
        if (options.list()) {
            options.workloads().forEach(workload -> out.println(workload.id()));
            return 0;
        }
        Path temporaryDir = null;
        try {
            boolean snapshots = options.workloads().stream().anyMatch(w -> w.measure() == Workload.Measure.SNAPSHOT_RESTORE);
            if (options.dir() == null && (options.backend().equals(Systems.ROCKSDB) || snapshots)) {
                temporaryDir = Files.createTempDirectory("cairn-state-bench-");
                options = options.withDir(temporaryDir);
            }
            for (Workload workload : options.workloads()) {
                runWorkload(options, workload, out, err);
            }
            return 0;
        } catch (Exception e) {
            err.println("state-bench: benchmark failed: " + e);
            e.printStackTrace(err);
            return 1;
        } finally {
            if (temporaryDir != null) {
                try {
                    CairnStateBenchmark.deleteRecursively(temporaryDir);
                } catch (IOException e) {
                    err.println("state-bench: cannot delete " + temporaryDir + ": " + e);
                }
            }
        }
    }

    /**
     * Runs one workload for every selected system and prints the results.
     *
     * @return the results of an access workload, one per system that ran; empty for
     *     {@code snapshot-restore} and {@code memory}, whose runners print lines of their own
     */
    static List<Result> runWorkload(Options options, Workload workload, PrintStream out, PrintStream err)
            throws Exception {
        if (workload.measure() == Workload.Measure.SNAPSHOT_RESTORE) {
            SnapshotRestoreRunner.run(options, workload, out, err);
            return List.of();
        }
        if (workload.measure() == Workload.Measure.MEMORY) {
            MemoryRunner.run(options, workload, out, err);
            return List.of();
        }
        int keys = workload.keys(options.keysScale());
        List<String> systems = new ArrayList<>();
        for (String system : options.systems()) {
            String reason = Systems.unavailable(system, options.backend());
            if (reason != null) {
                out.println("{\"system\":" + quote(Systems.displayName(system)) + ",\"backend\":" + quote(options.backend())
                        + ",\"workload\":" + quote(workload.id()) + ",\"skipped\":" + quote(reason) + "}");
                out.flush();
            } else {
                systems.add(system);
            }
        }
        if (systems.isEmpty()) {
            return List.of();
        }
        Workload.Operations operations = Workload.operations(keys);
        List<StateBenchmark> benchmarks = new ArrayList<>();
        try {
            for (String system : systems) {
                StateBenchmark benchmark = Systems.create(system, options.backend(), options.dir());
                benchmarks.add(benchmark);
                long start = System.nanoTime();
                benchmark.setUp(workload, keys);
                err.printf(Locale.ROOT, "%s %s %s: %,d keys populated in %d ms%n", workload.id(), benchmark.system(),
                        benchmark.backend(), keys, (System.nanoTime() - start) / 1_000_000);
            }
            int[] cursors = new int[benchmarks.size()];
            for (int s = 0; s < benchmarks.size(); s++) {
                double rate = measure(benchmarks.get(s), operations, cursors, s, options.warmupSeconds());
                err.printf(Locale.ROOT, "%s %s: warm-up %,.0f ops/s%n", workload.id(), benchmarks.get(s).system(), rate);
            }
            double[][] rounds = new double[benchmarks.size()][options.rounds()];
            for (int r = 0; r < options.rounds(); r++) {
                for (int s = 0; s < benchmarks.size(); s++) {
                    rounds[s][r] = measure(benchmarks.get(s), operations, cursors, s, options.seconds());
                    err.printf(Locale.ROOT, "%s %s: round %d %,.0f ops/s%n",
                            workload.id(), benchmarks.get(s).system(), r + 1, rounds[s][r]);
                }
            }
            List<Result> results = new ArrayList<>();
            for (int s = 0; s < benchmarks.size(); s++) {
                StateBenchmark benchmark = benchmarks.get(s);
                Result result = new Result(benchmark.system(), benchmark.backend(), workload, keys, median(rounds[s]), rounds[s]);
                results.add(result);
                out.println(toJson(result));
            }
            if (results.size() == 2) {
                Result cairn = results.get(systems.indexOf(Systems.CAIRN));
                Result flink = results.get(systems.indexOf(Systems.FLINK));
                out.println("{\"ratio\":\"cairn/flink\",\"workload\":" + quote(workload.id()) + ",\"value\":"
                        + String.format(Locale.ROOT, "%.3f", cairn.opsPerSec() / flink.opsPerSec()) + "}");
            }
            out.flush();
            return results;
        } finally {
            for (StateBenchmark benchmark : benchmarks) {
                benchmark.close();
            }
        }
    }

    /**
     * Runs operations for about {@code seconds}, continuing the sequence where the system's cursor
     * left it.
     *
     * @return operations per second
     */
    private static double measure(
            StateBenchmark benchmark, Workload.Operations operations, int[] cursors, int index, double seconds)
            throws Exception {
        settleHeap();
        int size = operations.size();
        int position = cursors[index];
        long sink = 0;
        long count = 0;
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long now;
        do {
            int to = Math.min(position + CHUNK, size);
            sink += benchmark.run(operations, position, to);
            count += to - position;
            position = to == size ? 0 : to;
            now = System.nanoTime();
        } while (now < deadline);
        cursors[index] = position;
        blackhole = sink;
        return count * 1e9 / (now - start);
    }

    /**
     * Runs a full collection before every warm-up and round (not timed), so each starts from the
     * same heap: all state promoted to the old generation, as in a long-running job. Without it the
     * system populated last keeps its state in young regions, where G1's write barrier is nearly
     * free, and wins write-heavy workloads such as {@code map-put} by a factor of three or more.
     */
    static void settleHeap() {
        System.gc();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String toJson(Result result) {
        return "{\"system\":" + quote(result.system()) + ",\"backend\":" + quote(result.backend())
                + ",\"workload\":" + quote(result.workload().id()) + ",\"keys\":" + result.keys()
                + ",\"ops_per_sec\":" + Math.round(result.opsPerSec()) + ",\"rounds\":["
                + Arrays.stream(result.rounds()).mapToObj(round -> Long.toString(Math.round(round)))
                        .collect(Collectors.joining(","))
                + "]}";
    }

    /**
     * @param workload the workload
     * @param metric what was divided, e.g. {@code restore_ms}
     * @param value Cairn's figure divided by Flink's; printed as {@code null} if not finite
     * @param goal the goal for the ratio, or NaN for none
     * @return the ratio line {@code {"ratio":"cairn/flink","workload":...,"metric":...,"value":...,"goal":...}}
     */
    static String ratioLine(Workload workload, String metric, double value, double goal) {
        return "{\"ratio\":\"cairn/flink\",\"workload\":" + quote(workload.id()) + ",\"metric\":" + quote(metric)
                + ",\"value\":" + (Double.isFinite(value) ? fmt(value, 3) : "null") + (Double.isNaN(goal) ? "" : ",\"goal\":" + fmt(goal, 2)) + "}";
    }

    /** @return {@code value} with {@code decimals} decimals, in the root locale */
    static String fmt(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** @return the values as a JSON array with one decimal each */
    static String jsonList(double[] values) {
        return Arrays.stream(values).mapToObj(v -> fmt(v, 1)).collect(Collectors.joining(",", "[", "]"));
    }

    static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    /**
     * Parses the command line; flags take {@code --flag value} or {@code --flag=value}.
     *
     * @throws IllegalArgumentException naming the bad flag or value
     */
    static Options parse(String[] args) {
        List<String> systems = Systems.ALL;
        String backend = Systems.HEAP;
        List<Workload> workloads = List.of(Workload.values());
        double seconds = 3;
        double warmup = 2;
        int rounds = 3;
        double keysScale = 1;
        Path dir = null;
        boolean savepoint = false;
        boolean list = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = null;
            int equals = flag.indexOf('=');
            if (flag.startsWith("--") && equals > 0) {
                value = flag.substring(equals + 1);
                flag = flag.substring(0, equals);
            }
            if (flag.equals("--list")) {
                list = true;
                continue;
            }
            if (flag.equals("--help") || flag.equals("-h")) {
                help = true;
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                value = args[++i];
            }
            switch (flag) {
                case "--system":
                    systems = systems(value);
                    break;
                case "--backend":
                    if (!value.equals(Systems.HEAP) && !value.equals(Systems.ROCKSDB)) {
                        throw new IllegalArgumentException("--backend: '" + value + "' is not one of heap, rocksdb");
                    }
                    backend = value;
                    break;
                case "--workload":
                    workloads = value.equals("all") ? List.of(Workload.values()) : List.of(Workload.byId(value));
                    break;
                case "--seconds":
                    seconds = positive(flag, value);
                    break;
                case "--warmup":
                    warmup = positive(flag, value);
                    break;
                case "--rounds":
                    rounds = (int) positive(flag, value);
                    if (rounds != Double.parseDouble(value)) {
                        throw new IllegalArgumentException("--rounds: '" + value + "' is not a whole number");
                    }
                    break;
                case "--keys-scale":
                    keysScale = positive(flag, value);
                    break;
                case "--dir":
                    dir = Path.of(value);
                    break;
                case "--snapshot":
                    if (!value.equals("checkpoint") && !value.equals("savepoint")) {
                        throw new IllegalArgumentException("--snapshot: '" + value + "' is not one of checkpoint, savepoint");
                    }
                    savepoint = value.equals("savepoint");
                    break;
                default:
                    throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        return new Options(systems, backend, workloads, seconds, warmup, rounds, keysScale, dir, savepoint, list, help);
    }

    /**
     * @param value {@code cairn}, {@code flink}, {@code both} (cairn first), or both in a chosen order
     *     ({@code flink,cairn})
     * @return the systems in the order they run
     */
    private static List<String> systems(String value) {
        if (value.equals("both")) {
            return Systems.ALL;
        }
        List<String> systems = List.of(value.split(",", -1));
        if (!Systems.ALL.containsAll(systems) || systems.size() != new java.util.HashSet<>(systems).size()) {
            throw new IllegalArgumentException("--system: '" + value + "' is not one of cairn, flink, both, flink,cairn");
        }
        return systems;
    }

    private static double positive(String flag, String value) {
        double number;
        try {
            number = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": '" + value + "' is not a number", e);
        }
        if (!(number > 0) || Double.isInfinite(number)) {
            throw new IllegalArgumentException(flag + ": '" + value + "' is not a positive number");
        }
        return number;
    }

    private static String usage() {
        return String.join("\n",
                "usage: state-bench [--system cairn|flink|both|flink,cairn] [--backend heap|rocksdb] [--workload NAME|all]",
                "                   [--seconds S] [--warmup S] [--rounds N] [--keys-scale F] [--dir DIR]",
                "                   [--snapshot checkpoint|savepoint] [--list]",
                "  --system      which systems to run (default both = cairn,flink; interleaved A B A B)",
                "  --backend     heap (default) or rocksdb",
                "  --workload    " + String.join(", ", Workload.ids()) + ", or all (default)",
                "  --seconds     length of each timed round of an access workload (default 3)",
                "  --warmup      warm-up per system before the rounds (default 2); snapshot-restore repeats",
                "                whole cycles for this long, at least one",
                "  --rounds      timed rounds (snapshot-restore: cycles; memory: measurements); the median",
                "                is reported (default 3)",
                "  --keys-scale  multiplies every workload's key count (default 1)",
                "  --dir         where the rocksdb backends create their database directories and",
                "                snapshot-restore its snapshots, deleted after each workload (default: a new",
                "                temporary directory, deleted after the run)",
                "  --snapshot    what snapshot-restore takes: checkpoint (default; Flink's RocksDB backend then",
                "                copies its SST files) or savepoint (both systems write the canonical format)",
                "  --list        print the selected workloads' names and exit");
    }
}
