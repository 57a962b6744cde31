package io.cairn.benchmarks;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs {@link Workload#MEMORY}: the heap bytes per entry of a heap backend holding a
 * {@code ValueState<Long>} over N keys, measured as the used heap after a full collection with the
 * populated backend alive, minus the used heap after a full collection before the backend was
 * created, divided by N. Two states are measured:
 *
 * <ul>
 *   <li>{@code bytes_per_entry}: the state of {@link Workload#VALUE_UPDATE} after its population, every
 *       key set to 1. Both systems then share one cached {@code Long} value object, so the figure is
 *       the key object ({@code Long}, 16 bytes for keys from 128 on) plus what the map spends per
 *       entry.</li>
 *   <li>{@code bytes_per_entry_distinct_values}: the same keys, key {@code k} holding {@code k}, so
 *       each entry also holds its own 16-byte {@code Long} value.</li>
 * </ul>
 *
 * <p>Each system is measured {@code --rounds} times, interleaved (A B A B ...), each time in a fresh
 * backend that is disposed afterwards; the median is reported. Heap backends only.
 */
final class MemoryRunner {

    /** The goal: Cairn's bytes per entry at most this fraction of Flink's. */
    static final double GOAL_RATIO = 0.7;

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    /** What one system measured, bytes per entry per round. */
    record Result(String system, int keys, double[] sharedValueRounds, double[] distinctValueRounds) {

        double bytesPerEntry() {
            return StateBench.median(sharedValueRounds);
        }

        double bytesPerEntryDistinctValues() {
            return StateBench.median(distinctValueRounds);
        }
    }

    private MemoryRunner() {}

    /**
     * Runs the workload for the selected systems and prints the results; with a RocksDB backend
     * prints a skipped line per system instead.
     *
     * @param options the command line
     * @param workload {@link Workload#MEMORY}
     * @param out receives the JSON lines
     * @param err receives progress
     * @return one result per system, empty for RocksDB
     * @throws Exception if a backend cannot be created
     */
    static List<Result> run(StateBench.Options options, Workload workload, PrintStream out, PrintStream err)
            throws Exception {
        if (!Systems.HEAP.equals(options.backend())) {
            for (String system : options.systems()) {
                out.println("{\"system\":" + StateBench.quote(Systems.displayName(system)) + ",\"backend\":"
                        + StateBench.quote(options.backend()) + ",\"workload\":" + StateBench.quote(workload.id())
                        + ",\"skipped\":\"measures heap bytes per entry; run it with --backend heap\"}");
            }
            out.flush();
            return List.of();
        }
        int keys = workload.keys(options.keysScale());
        int n = options.systems().size();
        double[][] shared = new double[n][options.rounds()];
        double[][] distinct = new double[n][options.rounds()];
        for (int r = 0; r < options.rounds(); r++) {
            for (int s = 0; s < n; s++) {
                String system = options.systems().get(s);
                shared[s][r] = sharedValues(system, workload, keys);
                distinct[s][r] = distinctValues(system, keys);
                err.printf(Locale.ROOT, "%s %s: round %d %.1f bytes per entry (distinct values %.1f)%n",
                        workload.id(), Systems.displayName(system), r + 1, shared[s][r], distinct[s][r]);
            }
        }
        List<Result> results = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            Result result = new Result(Systems.displayName(options.systems().get(s)), keys, shared[s], distinct[s]);
            results.add(result);
            out.println("{\"system\":" + StateBench.quote(result.system()) + ",\"backend\":\"heap\",\"workload\":"
                    + StateBench.quote(workload.id()) + ",\"keys\":" + keys
                    + ",\"bytes_per_entry\":" + StateBench.fmt(result.bytesPerEntry(), 1)
                    + ",\"rounds\":" + StateBench.jsonList(shared[s])
                    + ",\"bytes_per_entry_distinct_values\":" + StateBench.fmt(result.bytesPerEntryDistinctValues(), 1)
                    + ",\"distinct_values_rounds\":" + StateBench.jsonList(distinct[s]) + "}");
        }
        if (n == 2) {
            Result cairn = results.get(options.systems().indexOf(Systems.CAIRN));
            Result flink = results.get(options.systems().indexOf(Systems.FLINK));
            out.println(StateBench.ratioLine(workload, "bytes_per_entry",
                    cairn.bytesPerEntry() / flink.bytesPerEntry(), GOAL_RATIO));
            out.println(StateBench.ratioLine(workload, "bytes_per_entry_distinct_values",
                    cairn.bytesPerEntryDistinctValues() / flink.bytesPerEntryDistinctValues(), GOAL_RATIO));
        }
        out.flush();
        return results;
    }

    /** Bytes per entry of the {@code value-update} state (every key set to 1). */
    private static double sharedValues(String system, Workload workload, int keys) throws Exception {
        long before = usedAfterFullGc();
        StateBenchmark benchmark = Systems.create(system, Systems.HEAP, null);
        try {
            benchmark.setUp(workload, keys);
            long after = usedAfterFullGc();
            Reference.reachabilityFence(benchmark);
            return (double) (after - before) / keys;
        } finally {
            benchmark.close();
        }
    }

    /** Bytes per entry with key {@code k} holding {@code k}. */
    private static double distinctValues(String system, int keys) throws Exception {
        long before = usedAfterFullGc();
        SnapshotBenchmark benchmark = Systems.createSnapshot(system, Systems.HEAP, null);
        try {
            benchmark.populate(keys, 0);
            long after = usedAfterFullGc();
            Reference.reachabilityFence(benchmark);
            return (double) (after - before) / keys;
        } finally {
            benchmark.close();
        }
    }

    /** Two full collections (the second collects what the first's reference processing freed). */
    private static long usedAfterFullGc() {
        System.gc();
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
