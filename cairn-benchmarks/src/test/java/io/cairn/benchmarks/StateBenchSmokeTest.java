package io.cairn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every workload on both systems with tiny key counts and short rounds, in this JVM, so the
 * benchmark code keeps compiling and working. The numbers mean nothing.
 */
class StateBenchSmokeTest {

    private static final Pattern RESULT = Pattern.compile(
            "\\{\"system\":\"([^\"]+)\",\"backend\":\"(?:heap|rocksdb)\",\"workload\":\"([^\"]+)\",\"keys\":(\\d+),"
                    + "\"ops_per_sec\":(\\d+),\"rounds\":\\[(\\d+),(\\d+),(\\d+)]}");

    private static final Pattern RATIO = Pattern.compile(
            "\\{\"ratio\":\"cairn/flink\",\"workload\":\"([^\"]+)\",\"value\":(\\d+\\.\\d{3})}");

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
            assertThat(left).as("the database directories are deleted").isEmpty();
        }
    }

    private static void assertEveryWorkloadOnBothSystems(List<String> lines, String backend, double keysScale) {
        List<String> expectedResults = new ArrayList<>();
        List<String> results = new ArrayList<>();
        List<String> ratios = new ArrayList<>();
        for (Workload workload : Workload.values()) {
            expectedResults.add(Systems.displayName(Systems.CAIRN) + " " + workload.id());
            expectedResults.add(Systems.displayName(Systems.FLINK) + " " + workload.id());
        }
        for (String line : lines) {
            Matcher result = RESULT.matcher(line);
            Matcher ratio = RATIO.matcher(line);
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
            } else {
                throw new AssertionError("unexpected output line: " + line);
            }
        }
        assertThat(results).containsExactlyElementsOf(expectedResults);
        assertThat(ratios).containsExactlyElementsOf(Workload.ids());
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
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown workload 'value-put'").contains("--system: 'spark'");
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
