package io.cairn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the three incremental-checkpoint experiments with 10,000 keys, in this JVM, so the runner
 * keeps working. The runner itself throws if a restored value differs from its model; the numbers
 * mean nothing at this size.
 */
class HeapCheckpointBenchSmokeTest {

    @Test
    void allThreeExperimentsRunAndRestoreTheRightValues(@TempDir Path dir) throws IOException {
        List<String> lines = run("--keys", "10000", "--seconds", "0.2", "--warmup", "0.1", "--incrementals", "12",
                "--dir", dir.toString());
        assertThat(lines).hasSize(4);

        String first = lines.get(0);
        assertThat(first).startsWith("{\"experiment\":\"incremental-vs-full\",\"keys\":10000,\"changed_keys\":100,");
        long fullBytes = number(first, "full_bytes");
        long incBytes = number(first, "incremental_bytes");
        assertThat(fullBytes).isPositive();
        assertThat(incBytes).isPositive().isLessThan(fullBytes);
        assertThat(number(first, "removed_keys")).isPositive();
        assertThat(decimal(first, "full_ms")).isPositive();
        assertThat(decimal(first, "incremental_ms")).isPositive();
        assertThat(decimal(first, "bytes_ratio")).isPositive().isLessThan(1.0);

        String second = lines.get(1);
        assertThat(second).startsWith("{\"experiment\":\"throughput-during-snapshot\",\"keys\":10000,");
        assertThat(number(second, "ops_per_sec_no_snapshot")).isPositive();
        assertThat(number(second, "ops_per_sec_during_snapshots")).isPositive();
        assertThat(number(second, "snapshots_completed")).isPositive();
        assertThat(decimal(second, "ratio")).isPositive();

        assertThat(second).contains("\"snapshot_busy_fraction\":1.0,");
        assertThat(lines.get(2)).startsWith("{\"experiment\":\"throughput-during-snapshot\",\"keys\":10000,")
                .contains("\"snapshot_busy_fraction\":0.25,");
        assertThat(number(lines.get(2), "snapshots_completed")).isPositive();

        String third = lines.get(3);
        assertThat(third).startsWith("{\"experiment\":\"restore-after-incrementals\",\"keys\":10000,\"incrementals\":12,");
        assertThat(number(third, "verified_values")).isEqualTo(1000);
        assertThat(number(third, "present_keys")).isPositive().isLessThan(10000);
        assertThat(decimal(third, "restore_incremental_ms")).isPositive();
        assertThat(decimal(third, "restore_full_ms")).isPositive();
        assertThat(decimal(third, "ratio")).isPositive();

        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("checkpoint files are deleted").isEmpty();
        }
    }

    @Test
    void usageErrorsExitWithTwo() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(HeapCheckpointBench.run(new String[] {"--experiment", "nope"}, sink, sink)).isEqualTo(2);
        assertThat(HeapCheckpointBench.run(new String[] {"--keys", "-5"}, sink, sink)).isEqualTo(2);
        assertThat(HeapCheckpointBench.run(new String[] {"--changed", "2"}, sink, sink)).isEqualTo(2);
        assertThat(HeapCheckpointBench.run(new String[] {"--busy-fractions", "1,1.5"}, sink, sink)).isEqualTo(2);
    }

    private static long number(String line, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)[,}]").matcher(line);
        assertThat(m.find()).as(field + " in " + line).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static double decimal(String line, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+(?:\\.\\d+)?)[,}]").matcher(line);
        assertThat(m.find()).as(field + " in " + line).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static List<String> run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = HeapCheckpointBench.run(args,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
