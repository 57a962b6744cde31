package io.cairn.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs {@link Workload#SNAPSHOT_RESTORE}: every selected system is populated (not timed); then each
 * repeats snapshot-restore cycles for the warm-up time (at least one); then the systems run
 * {@code --rounds} cycles interleaved (A B A B ...). A cycle is: a full collection, a full snapshot
 * into a fresh directory (synchronous and asynchronous part on this thread), a full collection, a
 * restore into a fresh backend (warm: the snapshot's files are still in the page cache), a check of
 * sampled values, the restored backend disposed; then a full collection, the snapshot's files
 * evicted from the page cache ({@link DiskBound#evict}), a second restore (cold: it reads from the
 * disk) and check; then the restored backend is disposed and the snapshot deleted. Reported are the
 * medians; then a ratio line per metric and a {@code disk} line per system (see {@link DiskBound}).
 */
final class SnapshotRestoreRunner {

    /** Heap goal: Cairn's snapshot time at most this fraction of Flink's. */
    static final double GOAL_SNAPSHOT_RATIO = 0.5;

    /** Heap goal: Cairn's restore time at most this fraction of Flink's. */
    static final double GOAL_RESTORE_RATIO = 0.2;

    /** Keys of each state checked after every restore. */
    static final int SAMPLE = 1000;

    /** What one system measured. */
    record Result(String system, String backend, int keys, int mapKeys, long bytes, double snapshotMs, double syncMs,
            double restoreMs, double restoreColdMs, double[] snapshotRounds, double[] restoreRounds,
            double[] restoreColdRounds, boolean evicted, int verified) {}

    private SnapshotRestoreRunner() {}

    /**
     * Runs the workload for the selected systems and prints the results.
     *
     * @param options the command line; {@code dir} must be set (snapshots and databases go there)
     * @param workload {@link Workload#SNAPSHOT_RESTORE}
     * @param out receives the JSON lines
     * @param err receives progress
     * @return one result per system
     * @throws Exception if a snapshot, restore or check fails
     */
    static List<Result> run(StateBench.Options options, Workload workload, PrintStream out, PrintStream err)
            throws Exception {
        int keys = workload.keys(options.keysScale());
        int mapKeys = workload.mapKeys(options.keysScale());
        Path dir = Files.createDirectories(options.dir());
        List<SnapshotBenchmark> benchmarks = new ArrayList<>();
        try {
            for (String system : options.systems()) {
                SnapshotBenchmark benchmark = Systems.createSnapshot(system, options.backend(), dir);
                benchmarks.add(benchmark);
                long start = System.nanoTime();
                benchmark.populate(keys, mapKeys);
                err.printf(Locale.ROOT, "%s %s %s: %,d value keys and %,d map keys x %d populated in %d ms%n",
                        workload.id(), benchmark.system(), benchmark.backend(), keys, mapKeys, Workload.ELEMENTS,
                        (System.nanoTime() - start) / 1_000_000);
            }
            int n = benchmarks.size();
            long[] ids = new long[n];
            for (int s = 0; s < n; s++) {
                long end = System.nanoTime() + (long) (options.warmupSeconds() * 1e9);
                int cycles = 0;
                do {
                    cycle(benchmarks.get(s), dir, ++ids[s], keys, mapKeys, options.savepoint());
                    cycles++;
                } while (System.nanoTime() < end);
                err.printf(Locale.ROOT, "%s %s: %d warm-up cycles%n", workload.id(), benchmarks.get(s).system(), cycles);
            }
            double[][] snapshotMs = new double[n][options.rounds()];
            double[][] syncMs = new double[n][options.rounds()];
            double[][] restoreMs = new double[n][options.rounds()];
            double[][] restoreColdMs = new double[n][options.rounds()];
            boolean[] evicted = new boolean[n];
            java.util.Arrays.fill(evicted, true);
            long[] bytes = new long[n];
            int[] verified = new int[n];
            for (int r = 0; r < options.rounds(); r++) {
                for (int s = 0; s < n; s++) {
                    Cycle cycle = cycle(benchmarks.get(s), dir, ++ids[s], keys, mapKeys, options.savepoint());
                    snapshotMs[s][r] = cycle.snapshot().totalNanos() / 1e6;
                    syncMs[s][r] = cycle.snapshot().syncNanos() / 1e6;
                    restoreMs[s][r] = cycle.restoreNanos() / 1e6;
                    restoreColdMs[s][r] = cycle.restoreColdNanos() / 1e6;
                    evicted[s] &= cycle.evicted();
                    bytes[s] = cycle.snapshot().bytes();
                    verified[s] = cycle.verified();
                    err.printf(Locale.ROOT, "%s %s: round %d snapshot %.1f ms (sync %.2f ms, %,d bytes), restore %.1f ms,"
                                    + " cold restore %.1f ms%n",
                            workload.id(), benchmarks.get(s).system(), r + 1, snapshotMs[s][r], syncMs[s][r], bytes[s],
                            restoreMs[s][r], restoreColdMs[s][r]);
                }
            }
            List<Result> results = new ArrayList<>();
            for (int s = 0; s < n; s++) {
                SnapshotBenchmark benchmark = benchmarks.get(s);
                Result result = new Result(benchmark.system(), benchmark.backend(), keys, mapKeys, bytes[s],
                        StateBench.median(snapshotMs[s]), StateBench.median(syncMs[s]), StateBench.median(restoreMs[s]),
                        StateBench.median(restoreColdMs[s]), snapshotMs[s], restoreMs[s], restoreColdMs[s], evicted[s],
                        verified[s]);
                results.add(result);
                out.println(toJson(workload, result, options.savepoint()));
            }
            if (n == 2) {
                Result cairn = results.get(options.systems().indexOf(Systems.CAIRN));
                Result flink = results.get(options.systems().indexOf(Systems.FLINK));
                boolean heap = Systems.HEAP.equals(options.backend());
                out.println(StateBench.ratioLine(workload, "snapshot_ms", cairn.snapshotMs() / flink.snapshotMs(),
                        heap ? GOAL_SNAPSHOT_RATIO : Double.NaN));
                out.println(StateBench.ratioLine(workload, "restore_ms", cairn.restoreMs() / flink.restoreMs(),
                        heap ? GOAL_RESTORE_RATIO : Double.NaN));
                out.println(StateBench.ratioLine(workload, "restore_cold_ms", cairn.restoreColdMs() / flink.restoreColdMs(),
                        heap ? GOAL_RESTORE_RATIO : Double.NaN));
            }
            out.flush();
            for (Result result : results) {
                DiskBound.Result disk = DiskBound.measure(dir, result.bytes(), options.rounds(), true);
                out.println(diskJson(dir, result, disk));
                out.flush();
            }
            return results;
        } finally {
            for (SnapshotBenchmark benchmark : benchmarks) {
                benchmark.close();
            }
        }
    }

    /** What one cycle measured. */
    private record Cycle(SnapshotBenchmark.Snapshot snapshot, long restoreNanos, long restoreColdNanos, boolean evicted,
            int verified) {}

    private static Cycle cycle(
            SnapshotBenchmark benchmark, Path dir, long checkpointId, int keys, int mapKeys, boolean savepoint)
            throws Exception {
        Path snapshotDir = Files.createDirectory(dir.resolve(benchmark.system() + "-snapshot-" + checkpointId));
        try {
            StateBench.settleHeap();
            SnapshotBenchmark.Snapshot snapshot = benchmark.snapshot(snapshotDir, checkpointId, savepoint);
            StateBench.settleHeap();
            long restoreNanos = benchmark.restore();
            int verified = benchmark.verify(keys, mapKeys, SAMPLE);
            benchmark.discardRestored();
            StateBench.settleHeap();
            boolean evicted = DiskBound.evict(snapshotDir);
            long restoreColdNanos = benchmark.restore();
            int verifiedCold = benchmark.verify(keys, mapKeys, SAMPLE);
            if (verifiedCold != verified) {
                throw new IllegalStateException("the cold restore checked " + verifiedCold + " values, the warm one " + verified);
            }
            return new Cycle(snapshot, restoreNanos, restoreColdNanos, evicted, verified);
        } finally {
            benchmark.discard();
        }
    }

    private static String toJson(Workload workload, Result result, boolean savepoint) {
        return "{\"system\":" + StateBench.quote(result.system()) + ",\"backend\":" + StateBench.quote(result.backend())
                + ",\"workload\":" + StateBench.quote(workload.id()) + ",\"keys\":" + result.keys()
                + ",\"map_keys\":" + result.mapKeys() + ",\"map_entries_per_key\":" + Workload.ELEMENTS
                + ",\"snapshot_type\":" + (savepoint ? "\"savepoint\"" : "\"checkpoint\"")
                + ",\"snapshot_ms\":" + StateBench.fmt(result.snapshotMs(), 1)
                + ",\"snapshot_sync_ms\":" + StateBench.fmt(result.syncMs(), 2)
                + ",\"snapshot_bytes\":" + result.bytes()
                + ",\"restore_ms\":" + StateBench.fmt(result.restoreMs(), 1)
                + ",\"restore_cold_ms\":" + StateBench.fmt(result.restoreColdMs(), 1)
                + ",\"snapshot_ms_rounds\":" + StateBench.jsonList(result.snapshotRounds())
                + ",\"restore_ms_rounds\":" + StateBench.jsonList(result.restoreRounds())
                + ",\"restore_cold_ms_rounds\":" + StateBench.jsonList(result.restoreColdRounds())
                + ",\"cache_evicted\":" + result.evicted()
                + ",\"verified_values\":" + result.verified() + "}";
    }

    /** @return {@code ms / diskMs} with two decimals, or {@code null} if the disk took no measurable time */
    private static String factor(double ms, double diskMs) {
        return diskMs > 0 ? StateBench.fmt(ms / diskMs, 2) : "null";
    }

    private static String diskJson(Path dir, Result result, DiskBound.Result disk) {
        double writeMs = disk.writeNanos() / 1e6;
        double readMs = disk.readNanos() / 1e6;
        double readColdMs = disk.readColdNanos() / 1e6;
        return "{\"disk\":" + StateBench.quote(dir.toString()) + ",\"system\":" + StateBench.quote(result.system())
                + ",\"backend\":" + StateBench.quote(result.backend()) + ",\"method\":" + StateBench.quote(disk.method())
                + ",\"bytes\":" + disk.bytes()
                + ",\"write_fsync_ms\":" + StateBench.fmt(writeMs, 1) + ",\"read_ms\":" + StateBench.fmt(readMs, 1)
                + ",\"read_cold_ms\":" + StateBench.fmt(readColdMs, 1)
                + ",\"snapshot_vs_write\":" + factor(result.snapshotMs(), writeMs)
                + ",\"restore_vs_read\":" + factor(result.restoreMs(), readMs)
                + ",\"restore_cold_vs_read_cold\":" + factor(result.restoreColdMs(), readColdMs)
                + ",\"goal\":" + StateBench.fmt(DiskBound.GOAL_FACTOR, 1) + "}";
    }
}
