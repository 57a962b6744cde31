package io.cairn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the memory test on 8 MiB of state (32 MiB budget) in this JVM, for both systems, so the runner keeps working:
 * it writes past the target, reads values back and checks them, and reports the fields
 * {@code docs/benchmarks.md} quotes. The RSS figures of a shared test JVM mean nothing; the margin
 * here is so large that only a runaway would exceed it.
 */
class RocksDBMemoryBenchSmokeTest {

    @ParameterizedTest
    @ValueSource(strings = {"cairn", "flink"})
    void fillsTheTargetReadsBackAndReports(String system, @TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RocksDBMemoryBench.run(new String[] {"--system", system, "--target", "8mb", "--managed", "32mb",
                "--margin", "8gb", "--value-bytes", "512", "--read-seconds", "0.2", "--sample-ms", "10",
                "--dir", dir.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String json = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(json).startsWith("{\"benchmark\":\"rocksdb-memory\",\"system\":\"" + system + "-").endsWith("}");
        assertThat(number(json, "managed_bytes")).isEqualTo(32L << 20);
        // the directory reached the target while writing; at the end compaction may have made it smaller
        assertThat(number(json, "values_total_bytes")).isGreaterThanOrEqualTo(8L << 20)
                .isEqualTo(number(json, "keys") * 512);
        assertThat(number(json, "on_disk_bytes")).isPositive();
        assertThat(number(json, "reads")).isPositive();
        assertThat(number(json, "samples")).isPositive();
        assertThat(number(json, "rss_peak_bytes")).isGreaterThanOrEqualTo(number(json, "rss_baseline_bytes"));
        assertThat(json).contains("\"within_limit\":true");
        try (Stream<Path> left = Files.walk(dir)) {
            assertThat(left.filter(Files::isRegularFile)).as("no database file is left behind").isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--system=heap", "--target", "--value-bytes=0"})
    void badArgumentsAreUsageErrors(String bad) {
        String[] args = bad.contains("=") ? bad.split("=", 2) : new String[] {bad};
        assertThat(RocksDBMemoryBench.run(args, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()))).isEqualTo(2);
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(-?\\d+)").matcher(json);
        assertThat(m.find()).as("field %s in %s", field, json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
