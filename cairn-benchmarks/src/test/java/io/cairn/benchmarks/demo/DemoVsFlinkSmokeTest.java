package io.cairn.benchmarks.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs what {@code bench/demo-vs-flink} runs, at tiny sizes: {@code cairn demo} and the same job on
 * Flink 1.20.0, each in a fresh JVM, on both backends with one injected failure, so that neither
 * side can rot. Every run must verify its committed output exactly-once; the figures mean nothing
 * at this size.
 */
class DemoVsFlinkSmokeTest {

    record Run(int exitCode, List<String> out, String err) {}

    static Run run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DemoVsFlink.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Cairn's class path for the child JVM: the test class path with Cairn's own rocksdbjni (nested
     * in the benchmark classes) in place of Flink's FRocksDB, which shares its package.
     */
    static String cairnClasspath() throws Exception {
        URL nested = DemoVsFlink.class.getResource("/io/cairn/benchmarks/rocksdb/rocksdbjni.jar");
        assertThat(nested).as("rocksdbjni nested in the benchmark classes").isNotNull();
        Stream<String> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !Path.of(e).getFileName().toString().startsWith("frocksdbjni"));
        return Stream.concat(entries, Stream.of(Path.of(nested.toURI()).toString())).collect(Collectors.joining(File.pathSeparator));
    }

    @Test
    void bothSystemsVerifyOnBothBackendsWithAFailure(@TempDir Path dir) throws Exception {
        Run r = run("--cairn-classpath", cairnClasspath(), "--flink-classpath", System.getProperty("java.class.path"),
                "--backends", "hashmap,rocksdb", "--failures", "1", "--rounds", "1", "--events", "4000",
                "--accounts", "150", "--interval", "50", "--java-opts", "-Xmx512m", "--data-dir", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).as(r.err()).hasSize(6);
        for (int i = 0; i < 2; i++) {
            String backend = i == 0 ? "hashmap" : "rocksdb";
            String cairn = r.out().get(3 * i);
            String flink = r.out().get(3 * i + 1);
            String ratio = r.out().get(3 * i + 2);
            assertThat(cairn).startsWith("{\"system\":\"cairn-").contains("\"backend\":\"" + backend + "\"");
            assertThat(flink).startsWith("{\"system\":\"flink-1.20.0\"").contains("\"backend\":\"" + backend + "\"");
            for (String json : List.of(cairn, flink)) {
                assertThat(json).contains("\"verified\":true",
                        "\"verification\":\"exactly-once: verified 4000 events, 150 accounts, 1 failures recovered\"");
                assertThat(JsonFields.number(json, "events")).as(json + "\n" + r.err()).isEqualTo(4000);
                assertThat(JsonFields.number(json, "failures")).as(json + "\n" + r.err()).isEqualTo(1);
                // one injected failure: Cairn restarts exactly once. Flink is only required to recover
                // (it may fail over again on its own, e.g. after a secondary failure during the first
                // failover); its failures are printed as "last failure: ..." in r.err().
                if (json.startsWith("{\"system\":\"cairn-")) {
                    assertThat(JsonFields.number(json, "restarts")).as(json + "\n" + r.err()).isEqualTo(1);
                } else {
                    assertThat(JsonFields.number(json, "restarts")).as(json + "\n" + r.err()).isPositive();
                }
                assertThat(JsonFields.number(json, "events_processed_incl_replays")).as(json + "\n" + r.err()).isGreaterThan(4000);
                assertThat(JsonFields.number(json, "wall_ms")).as(json + "\n" + r.err()).isPositive();
            }
            assertThat(ratio).startsWith("{\"ratio\":\"cairn/flink\",\"backend\":\"" + backend + "\",\"failures\":1,\"rounds\":1,")
                    .contains("\"events_per_sec\":", "\"checkpoint_duration_median\":", "\"extra_replayed_cairn\":",
                            "\"verified_cairn\":true,\"verified_flink\":true}");
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("each run's data directory is deleted after it").isEmpty();
        }
    }

    @Test
    void ratioLineDividesCairnByFlink() {
        String cairn1 = summary(400_000, 200_000, 100, 2_000_500, true);
        String cairn2 = summary(600_000, 300_000, 140, 2_000_700, true);
        String flink1 = summary(100_000, 50_000, 500, 2_010_000, true);
        String flink2 = summary(150_000, 75_000, 700, 2_020_000, true);
        assertThat(DemoVsFlink.ratioLine("hashmap", 2, List.of(cairn1, cairn2), List.of(flink1, flink2))).isEqualTo(
                "{\"ratio\":\"cairn/flink\",\"backend\":\"hashmap\",\"failures\":2,\"rounds\":2,\"events_per_sec\":4.000,"
                        + "\"events_per_cpu_sec\":4.000,\"checkpoint_duration_median\":0.200,\"extra_replayed_cairn\":600,"
                        + "\"extra_replayed_flink\":15000,\"verified_cairn\":true,\"verified_flink\":true}");
        assertThat(DemoVsFlink.ratioLine("rocksdb", 0, List.of(cairn1), List.of(summary(1, 1, 1, 2_000_000, false))))
                .isEqualTo("{\"ratio\":\"cairn/flink\",\"backend\":\"rocksdb\",\"failures\":0,\"rounds\":1,"
                        + "\"verified_cairn\":true,\"verified_flink\":false}");
    }

    static String summary(long eventsPerSec, long eventsPerCpuSec, long medianCheckpointMs, long processed, boolean verified) {
        return "{\"system\":\"x\",\"events\":2000000,\"events_per_sec\":" + eventsPerSec + ",\"events_per_cpu_sec\":" + eventsPerCpuSec
                + ",\"checkpoint_duration_ms\":{\"min\":1,\"median\":" + medianCheckpointMs + ",\"max\":999,\"mean\":5.0}"
                + ",\"events_processed_incl_replays\":" + processed + ",\"verified\":" + verified + "}";
    }

    @Test
    void badFlagsAreUsageErrors() throws Exception {
        Run unknown = run("--cairn-classpath", "x", "--flink-classpath", "y", "--evnts", "5");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown flag '--evnts'");
        Run backend = run("--cairn-classpath", "x", "--flink-classpath", "y", "--backends", "heap");
        assertThat(backend.exitCode()).isEqualTo(2);
        assertThat(backend.err()).contains("unknown backend 'heap'");
        Run missing = run("--flink-classpath", "y");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--cairn-classpath is required");
        Run number = run("--cairn-classpath", "x", "--flink-classpath", "y", "--events", "many");
        assertThat(number.exitCode()).isEqualTo(2);
        assertThat(number.err()).contains("--events must be a whole number: 'many'");
    }
}
