package io.cairn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RescaleExampleTest {

    @Test
    void writesACheckpointAndRestoresEveryAccountAtParallelismThree(@TempDir Path dir) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            RescaleExample.main(new String[] {dir.toString()});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("OK: 5000 of 5000 accounts restored");
        assertThat(out).contains("subtask 2 owns KeyGroupRange{86..127}");
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.endsWith("_metadata")).count()).isEqualTo(1);
        }
    }
}
