package io.cairn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart drawn from {@code bench/state-bench} output: bars, goals, geometric mean, bad input. */
class RatioChartTest {

    private static final List<String> HEAP_RUN = List.of(
            "{\"system\":\"cairn-0.1.0\",\"backend\":\"heap\",\"workload\":\"value-get\",\"keys\":1000,\"ops_per_sec\":8,\"rounds\":[8,8,8]}",
            "{\"ratio\":\"cairn/flink\",\"workload\":\"value-get\",\"value\":2.000}",
            "{\"ratio\":\"cairn/flink\",\"workload\":\"map-get\",\"value\":1.000}",
            "{\"ratio\":\"cairn/flink\",\"workload\":\"snapshot-restore\",\"metric\":\"snapshot_ms\",\"value\":0.400,\"goal\":0.50}",
            "{\"ratio\":\"cairn/flink\",\"workload\":\"snapshot-restore\",\"metric\":\"restore_ms\",\"value\":0.300,\"goal\":0.20}",
            "{\"disk\":\"/tmp/x\",\"system\":\"cairn-0.1.0\",\"backend\":\"heap\",\"method\":\"dd\",\"bytes\":5}");

    @Test
    void barsCarryTheirGoalsAndDirectionAndTheGeometricMeanFollowsTheThroughputBars() {
        List<RatioChart.Bar> bars = RatioChart.bars(HEAP_RUN, RatioChart.backend(HEAP_RUN));
        assertThat(bars).extracting(RatioChart.Bar::label)
                .containsExactly("value-get", "map-get", "geometric mean", "snapshot time", "restore time");
        assertThat(bars.get(0).goal()).isEqualTo(RatioChart.HEAP_GOAL);
        assertThat(bars.get(0).meetsGoal()).isTrue();
        assertThat(bars.get(1).meetsGoal()).isFalse();
        assertThat(bars.get(2).value()).isCloseTo(Math.sqrt(2), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(bars.get(2).goal()).isEqualTo(RatioChart.HEAP_GEOMEAN_GOAL);
        assertThat(bars.get(3).higherIsBetter()).isFalse();
        assertThat(bars.get(3).meetsGoal()).as("0.4 <= 0.5").isTrue();
        assertThat(bars.get(4).meetsGoal()).as("0.3 > 0.2").isFalse();
    }

    @Test
    void aLaterRunReplacesTheSameWorkloadAndRocksDbHasItsOwnGoals() {
        List<String> lines = List.of(
                "{\"system\":\"flink-1.20.0\",\"backend\":\"rocksdb\",\"workload\":\"list-get\",\"keys\":1,\"ops_per_sec\":1,\"rounds\":[1,1,1]}",
                "{\"ratio\":\"cairn/flink\",\"workload\":\"list-get\",\"value\":0.640}",
                "{\"ratio\":\"cairn/flink\",\"workload\":\"list-get\",\"value\":1.310}",
                "{\"ratio\":\"cairn/flink\",\"workload\":\"snapshot-restore\",\"metric\":\"restore_ms\",\"value\":0.900}");
        List<RatioChart.Bar> bars = RatioChart.bars(lines, RatioChart.backend(lines));
        assertThat(bars).hasSize(2);
        assertThat(bars.get(0).value()).isEqualTo(1.31);
        assertThat(bars.get(0).goal()).isEqualTo(RatioChart.ROCKSDB_GOAL);
        assertThat(bars.get(0).meetsGoal()).isTrue();
        assertThat(bars.get(1).goal()).as("no goal for rocksdb restore").isNaN();
        assertThat(bars.get(1).meetsGoal()).isFalse();
    }

    @Test
    void writesAnSvgWithOneBarPerRatioAndTheParityLine(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("docs/chart.svg");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RatioChart.run(new String[] {"--out", out.toString(), "--title", "a <test> run", "-"},
                new ByteArrayInputStream(String.join("\n", HEAP_RUN).getBytes(StandardCharsets.UTF_8)),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String svg = Files.readString(out);
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n");
        assertThat(svg).contains("heap backend").contains("a &lt;test&gt; run").contains("1.0 = Flink");
        assertThat(svg.split("<rect x=", -1)).as("one bar per ratio plus the geometric mean").hasSize(6);
        assertThat(svg).contains(">2.00<").contains(">1.41<").contains(">0.30<").contains("\u22640.2");
    }

    @Test
    void rejectsMixedBackendsMissingRatiosAndBadFlags(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> RatioChart.backend(List.of("{\"backend\":\"heap\"}", "{\"backend\":\"rocksdb\"}")))
                .hasMessageContaining("mixes the backends heap and rocksdb");
        Path input = Files.writeString(dir.resolve("in.jsonl"), HEAP_RUN.get(0) + "\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(RatioChart.run(new String[] {"--out", dir.resolve("c.svg").toString(), input.toString()},
                new ByteArrayInputStream(new byte[0]), errStream)).isEqualTo(1);
        assertThat(RatioChart.run(new String[] {"--width", "3"}, new ByteArrayInputStream(new byte[0]), errStream))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no cairn/flink ratio lines in " + input)
                .contains("unknown flag or missing value: --width");
        assertThat(dir.resolve("c.svg")).doesNotExist();
    }
}
