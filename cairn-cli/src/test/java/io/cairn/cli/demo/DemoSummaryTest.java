package io.cairn.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoSummaryTest {

    static DemoSummary summary(String sentence) {
        return new DemoSummary("cairn-x", "hashmap", false, 2_000_000, 100_000, 4, 42, 500, 2, 4_000, 8_000, 9, 1,
                new DemoSummary.Stats(10, 200, 900, 250.25), new DemoSummary.Stats(1, 2, 3, 2.0),
                new DemoSummary.Stats(4, 5, 6, 5.0), 2, 2_100_000, true, sentence);
    }

    @Test
    void jsonHasTheIssuesFieldsInOrderAndDerivedRates() {
        assertThat(summary("exactly-once: ok").toJson()).isEqualTo("{\"system\":\"cairn-x\",\"job\":\"payments\","
                + "\"backend\":\"hashmap\",\"incremental\":false,\"events\":2000000,\"accounts\":100000,\"parallelism\":4,"
                + "\"seed\":42,\"interval_ms\":500,\"failures\":2,\"wall_ms\":4000,\"events_per_sec\":500000,"
                + "\"process_cpu_ms\":8000,\"events_per_cpu_sec\":250000,\"checkpoints_completed\":9,\"checkpoints_failed\":1,"
                + "\"checkpoint_duration_ms\":{\"min\":10,\"median\":200,\"max\":900,\"mean\":250.3},"
                + "\"checkpointed_size_bytes\":{\"min\":1,\"median\":2,\"max\":3,\"mean\":2.0},"
                + "\"checkpoint_state_size_bytes\":{\"min\":4,\"median\":5,\"max\":6,\"mean\":5.0},\"restarts\":2,"
                + "\"events_processed_incl_replays\":2100000,\"verified\":true,\"verification\":\"exactly-once: ok\"}");
    }

    @Test
    void theSentenceIsEscaped() {
        assertThat(summary("a \"quoted\" back\\slash\nnew line\u0001").toJson())
                .endsWith("\"verification\":\"a \\\"quoted\\\" back\\\\slash\\nnew line\\u0001\"}");
    }

    @Test
    void injectedFailuresFireOnceEvenAcrossInstances(@TempDir Path dir) throws IOException {
        InjectedFailures first = new InjectedFailures(new long[] {5, 9}, dir.toString());
        first.maybeFail(4, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.maybeFail(5, 3))
                .isInstanceOf(IllegalStateException.class).hasMessage("injected failure at seq 5 (account 3)");
        first.maybeFail(5, 3); // never again, not on replay
        new InjectedFailures(new long[] {5, 9}, dir.toString()).maybeFail(5, 3); // nor in a restarted process
        assertThat(Files.exists(dir.resolve("5"))).isTrue();
        assertThat(Files.exists(dir.resolve("9"))).isFalse();
    }
}
