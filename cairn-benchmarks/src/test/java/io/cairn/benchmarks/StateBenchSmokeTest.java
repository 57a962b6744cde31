package io.cairn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every workload (the access workloads, snapshot-restore with its disk measurement, and the
 * memory footprint) on both systems with tiny key counts and short rounds, in this JVM, so the
 * benchmark code keeps compiling and working. The numbers mean nothing.
 */
class StateBenchSmokeTest {

    private static final Pattern RESULT = Pattern.compile(
            "\\{\"system\":\"([^\"]+)\",\"backend\":\"(?:heap|rocksdb)\",\"workload\":\"([^\"]+)\",\"keys\":(\\d+),"
                    + "\"ops_per_sec\":(\\d+),\"rounds\":\\[(\\d+),(\\d+),(\\d+)]}");

    private static final Pattern RATIO = Pattern.compile(
            "\\{\"ratio\":\"cairn/flink\",\"workload\":\"([^\"]+)\",\"value\":(\\d+\\.\\d{3})}");

    private static final Pattern SNAPSHOT = Pattern.compile(
            "\\{\"system\":\"([^\"]+)\",\"backend\":\"(?:heap|rocksdb)\",\"workload\":\"snapshot-restore\",\"keys\":(\\d+),"
                    + "\"map_keys\":(\\d+),\"map_entries_per_key\":100,\"snapshot_type\":\"(?:checkpoint|savepoint)\","
                    + "\"snapshot_ms\":(\\d+\\.\\d),"
                    + "\"snapshot_sync_ms\":(\\d+\\.\\d\\d),\"snapshot_bytes\":(\\d+),\"restore_ms\":(\\d+\\.\\d),"
                    + "\"restore_cold_ms\":(\\d+\\.\\d),"
                    + "\"snapshot_ms_rounds\":\\[[0-9.]+,[0-9.]+,[0-9.]+],\"restore_ms_rounds\":\\[[0-9.]+,[0-9.]+,[0-9.]+],"
                    + "\"restore_cold_ms_rounds\":\\[[0-9.]+,[0-9.]+,[0-9.]+],\"cache_evicted\":(true|false),"
                    + "\"verified_values\":(\\d+)}");

    private static final Pattern METRIC_RATIO = Pattern.compile(
            "\\{\"ratio\":\"cairn/flink\",\"workload\":\"([^\"]+)\",\"metric\":\"([a-z_]+)\","
                    + "\"value\":(-?\\d+\\.\\d{3}|null)(?:,\"goal\":(\\d\\.\\d\\d))?}");

    private static final Pattern DISK = Pattern.compile(
            "\\{\"disk\":\"([^\"]+)\",\"system\":\"([^\"]+)\",\"backend\":\"(?:heap|rocksdb)\",\"method\":\"(dd|java)\","
                    + "\"bytes\":(\\d+),\"write_fsync_ms\":(\\d+\\.\\d),\"read_ms\":(\\d+\\.\\d),\"read_cold_ms\":(\\d+\\.\\d),"
                    + "\"snapshot_vs_write\":(\\d+\\.\\d\\d|null),\"restore_vs_read\":(\\d+\\.\\d\\d|null),"
                    + "\"restore_cold_vs_read_cold\":(\\d+\\.\\d\\d|null),\"goal\":3\\.0}");

    private static final Pattern MEMORY = Pattern.compile(
            "\\{\"system\":\"([^\"]+)\",\"backend\":\"heap\",\"workload\":\"memory\",\"keys\":(\\d+),"
                    + "\"bytes_per_entry\":(-?\\d+\\.\\d),\"rounds\":\\[[-0-9.,]+],"
                    + "\"bytes_per_entry_distinct_values\":(-?\\d+\\.\\d),\"distinct_values_rounds\":\\[[-0-9.,]+]}");

    private static final Pattern SKIPPED = Pattern.compile(
            "\\{\"system\":\"([^\"]+)\",\"backend\":\"rocksdb\",\"workload\":\"memory\",\"skipped\":\"[^\"]+\"}");

    @Test
    void everyWorkloadRunsOnBothSystems() {
        List<String> lines = run("--system", "both", "--backend", "heap", "--workload", "all",
                "--seconds", "0.2", "--warmup", "0.2", "--keys-scale", "0.001");
        assertEveryWorkloadOnBothSystems(lines, "heap", 0.001);
        assertThat(Systems.displayName(Systems.CAIRN)).startsWith("cairn-0.");
        assertThat(Systems.displayName(Systems.FLINK)).isEqualTo("flink-1.20.0");
    }

    @Test
    void everyWorkloadRunsOnBothRocksDbBackends(@TempDir Path dir) throws IOException {
        List<String> lines = run("--system", "both", "--backend", "rocksdb", "--workload", "all",
                "--dir", dir.toString(),
                "--seconds", "0.1", "--warmup", "0.1", "--keys-scale", "0.0001");
        assertEveryWorkloadOnBothSystems(lines, "rocksdb", 0.0001);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("the database directories and snapshots are deleted").isEmpty();
        }
    }

    /**
     * Checks that every line is one of the runner's kinds, that every system ran every workload (the
     * memory workload only on heap), and the figures that must hold at any size: positive rates and
     * times, snapshots the same size as the disk measurement of their bytes, every sampled value
     * verified after each restore (the runner throws on a wrong one).
     */
    private static void assertEveryWorkloadOnBothSystems(List<String> lines, String backend, double keysScale) {
        List<String> expectedResults = new ArrayList<>();
        List<String> expectedRatios = new ArrayList<>();
        for (Workload workload : Workload.values()) {
            expectedResults.add(Systems.displayName(Systems.CAIRN) + " " + workload.id());
            expectedResults.add(Systems.displayName(Systems.FLINK) + " " + workload.id());
            switch (workload.measure()) {
                case OPS -> expectedRatios.add(workload.id());
                case SNAPSHOT_RESTORE -> {
                    expectedRatios.add(workload.id() + " snapshot_ms");
                    expectedRatios.add(workload.id() + " restore_ms");
                    expectedRatios.add(workload.id() + " restore_cold_ms");
                }
                case MEMORY -> {
                    if (backend.equals("heap")) {
                        expectedRatios.add(workload.id() + " bytes_per_entry");
                        expectedRatios.add(workload.id() + " bytes_per_entry_distinct_values");
                    }
                }
                default -> throw new IllegalStateException(workload.measure().name());
            }
        }
        List<String> results = new ArrayList<>();
        List<String> ratios = new ArrayList<>();
        Map<String, Long> snapshotBytes = new HashMap<>();
        List<String> disks = new ArrayList<>();
        for (String line : lines) {
            Matcher result = RESULT.matcher(line);
            Matcher ratio = RATIO.matcher(line);
            Matcher snapshot = SNAPSHOT.matcher(line);
            Matcher metricRatio = METRIC_RATIO.matcher(line);
            Matcher disk = DISK.matcher(line);
            Matcher memory = MEMORY.matcher(line);
            Matcher skipped = SKIPPED.matcher(line);
            if (result.matches()) {
                assertThat(line).contains("\"backend\":\"" + backend + "\"");
                results.add(result.group(1) + " " + result.group(2));
                Workload workload = Workload.byId(result.group(2));
                assertThat(Integer.parseInt(result.group(3))).as(line).isEqualTo(workload.keys(keysScale));
                for (int group = 4; group <= 7; group++) {
                    assertThat(Long.parseLong(result.group(group))).as(line).isPositive();
                }
            } else if (ratio.matches()) {
                ratios.add(ratio.group(1));
                assertThat(Double.parseDouble(ratio.group(2))).as(line).isPositive();
            } else if (snapshot.matches()) {
                assertThat(line).contains("\"backend\":\"" + backend + "\"");
                results.add(snapshot.group(1) + " snapshot-restore");
                assertThat(Integer.parseInt(snapshot.group(2))).as(line).isEqualTo(Workload.SNAPSHOT_RESTORE.keys(keysScale));
                assertThat(Integer.parseInt(snapshot.group(3))).as(line).isEqualTo(Workload.SNAPSHOT_RESTORE.mapKeys(keysScale));
                assertThat(Double.parseDouble(snapshot.group(4))).as("snapshot_ms " + line).isPositive();
                long bytes = Long.parseLong(snapshot.group(6));
                assertThat(bytes).as(line).isGreaterThan(8L * Workload.SNAPSHOT_RESTORE.keys(keysScale));
                snapshotBytes.put(snapshot.group(1), bytes);
                assertThat(Double.parseDouble(snapshot.group(7))).as("restore_ms " + line).isPositive();
                assertThat(Double.parseDouble(snapshot.group(8))).as("restore_cold_ms " + line).isPositive();
                if (Files.isExecutable(Path.of("/usr/bin/dd")) || Files.isExecutable(Path.of("/bin/dd"))) {
                    assertThat(snapshot.group(9)).as("the snapshot files were evicted from the page cache: " + line)
                            .isEqualTo("true");
                }
                assertThat(Integer.parseInt(snapshot.group(10))).as(line).isEqualTo(2 * SnapshotRestoreRunner.SAMPLE + 1);
            } else if (metricRatio.matches()) {
                ratios.add(metricRatio.group(1) + " " + metricRatio.group(2));
                if (!metricRatio.group(2).startsWith("bytes_per_entry")) {
                    assertThat(Double.parseDouble(metricRatio.group(3))).as(line).isPositive();
                }
            } else if (disk.matches()) {
                disks.add(disk.group(2));
                assertThat(Long.parseLong(disk.group(4))).as("disk bytes = snapshot bytes: " + line)
                        .isEqualTo(snapshotBytes.get(disk.group(2)));
                if (disk.group(3).equals("dd")) {
                    assertThat(Double.parseDouble(disk.group(7))).as("read_cold_ms " + line).isPositive();
                }
            } else if (memory.matches()) {
                results.add(memory.group(1) + " memory");
                assertThat(Integer.parseInt(memory.group(2))).as(line).isEqualTo(Workload.MEMORY.keys(keysScale));
            } else if (skipped.matches() && backend.equals("rocksdb")) {
                results.add(skipped.group(1) + " memory");
            } else {
                throw new AssertionError("unexpected output line: " + line);
            }
        }
        assertThat(results).containsExactlyElementsOf(expectedResults);
        assertThat(ratios).containsExactlyElementsOf(expectedRatios);
        assertThat(disks).containsExactly(Systems.displayName(Systems.CAIRN), Systems.displayName(Systems.FLINK));
    }

    @Test
    void savepointsRestoreOnBothRocksDbBackends(@TempDir Path dir) throws IOException {
        List<String> lines = run("--backend", "rocksdb", "--workload", "snapshot-restore", "--snapshot", "savepoint",
                "--dir", dir.toString(), "--warmup", "0.05", "--rounds", "3", "--keys-scale", "0.0005");
        assertThat(lines).hasSize(7);
        for (int i = 0; i < 2; i++) {
            assertThat(lines.get(i)).matches(SNAPSHOT).contains("\"backend\":\"rocksdb\"")
                    .contains("\"snapshot_type\":\"savepoint\"").contains("\"verified_values\":2001");
        }
        assertThat(lines.get(2)).matches(METRIC_RATIO).contains("snapshot_ms");
        assertThat(lines.get(3)).matches(METRIC_RATIO).contains("\"restore_ms\"");
        assertThat(lines.get(4)).matches(METRIC_RATIO).contains("\"restore_cold_ms\"");
        assertThat(lines.get(5)).matches(DISK);
        assertThat(lines.get(6)).matches(DISK);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void memoryModeMeasuresAPlausibleFootprint() {
        List<String> lines = run("--workload", "memory", "--rounds", "1", "--keys-scale", "0.05");
        assertThat(lines).hasSize(4);
        for (int i = 0; i < 2; i++) {
            Matcher memory = MEMORY.matcher(lines.get(i));
            assertThat(memory.matches()).as(lines.get(i)).isTrue();
            assertThat(Integer.parseInt(memory.group(2))).isEqualTo(50_000);
            // every entry holds at least its 8-byte key; no heap map spends a kilobyte per Long entry
            assertThat(Double.parseDouble(memory.group(3))).as(lines.get(i)).isBetween(8.0, 1024.0);
            assertThat(Double.parseDouble(memory.group(4))).as(lines.get(i)).isBetween(8.0, 1024.0);
        }
        Matcher ratio = METRIC_RATIO.matcher(lines.get(2));
        assertThat(ratio.matches()).as(lines.get(2)).isTrue();
        assertThat(ratio.group(2)).isEqualTo("bytes_per_entry");
        assertThat(ratio.group(4)).isEqualTo("0.70");
        assertThat(lines.get(3)).startsWith("{\"ratio\":\"cairn/flink\",\"workload\":\"memory\","
                + "\"metric\":\"bytes_per_entry_distinct_values\",");
    }

    @Test
    void systemsRunInTheGivenOrder() {
        assertThat(StateBench.parse(new String[] {"--system", "both"}).systems()).containsExactly("cairn", "flink");
        assertThat(StateBench.parse(new String[] {"--system=flink,cairn"}).systems()).containsExactly("flink", "cairn");
        assertThat(StateBench.parse(new String[] {"--system", "flink"}).systems()).containsExactly("flink");

        List<String> lines = run("--system", "flink,cairn", "--workload", "map-get",
                "--seconds", "0.05", "--warmup", "0.05", "--rounds", "1", "--keys-scale", "0.001");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("{\"system\":\"flink-1.20.0\"");
        assertThat(lines.get(1)).startsWith("{\"system\":\"cairn-");
        assertThat(lines.get(2)).matches(RATIO);
    }

    @Test
    void usageErrorsExitWithTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(StateBench.run(new String[] {"--workload", "value-put"}, out, errStream)).isEqualTo(2);
        assertThat(StateBench.run(new String[] {"--system", "spark"}, out, errStream)).isEqualTo(2);
        assertThat(StateBench.run(new String[] {"--seconds", "-1"}, out, errStream)).isEqualTo(2);
        assertThat(StateBench.run(new String[] {"--system", "cairn,cairn"}, out, errStream)).isEqualTo(2);
        assertThat(StateBench.run(new String[] {"--rounds", "1.5"}, out, errStream)).isEqualTo(2);
        assertThat(StateBench.run(new String[] {"--snapshot", "full"}, out, errStream)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown workload 'value-put'").contains("--system: 'spark'")
                .contains("--snapshot: 'full' is not one of checkpoint, savepoint");
    }

    private static List<String> run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = StateBench.run(args,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
