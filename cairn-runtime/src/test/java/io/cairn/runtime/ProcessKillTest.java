package io.cairn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.fs.Path;
import io.cairn.runtime.connectors.TransactionalFileSink;
import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the job in a child JVM, kills it with SIGKILL mid-run once a checkpoint is retained, starts
 * it again from the latest retained checkpoint in the directory, and checks that the committed
 * output is exactly-once.
 */
class ProcessKillTest {

    @TempDir
    java.nio.file.Path tmp;

    private Process startChild(String runId, long records, boolean resume) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                ChildJobMain.class.getName(), runId, Long.toString(records), tmp.resolve("out").toString(),
                tmp.resolve("chk").toString(), Boolean.toString(resume));
        pb.redirectErrorStream(true);
        pb.redirectOutput(tmp.resolve(resume ? "second.log" : "first.log").toFile());
        return pb.start();
    }

    private boolean hasCompletedCheckpoint() throws Exception {
        java.nio.file.Path chk = tmp.resolve("chk");
        if (!Files.exists(chk)) {
            return false;
        }
        try (Stream<java.nio.file.Path> files = Files.walk(chk)) {
            return files.anyMatch(p -> p.getFileName().toString().equals("_metadata"));
        }
    }

    @Test
    void killedProcessResumesFromTheLatestRetainedCheckpointExactlyOnce() throws Exception {
        String runId = UUID.randomUUID().toString();
        long records = 300_000;
        Process first = startChild(runId, records, false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!hasCompletedCheckpoint() && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(first.isAlive()).as("the first run must still be running when killed; log: %s",
                Files.exists(tmp.resolve("first.log")) ? Files.readString(tmp.resolve("first.log")) : "").isTrue();
        Thread.sleep(300);
        first.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Path out = Path.fromLocal(tmp.resolve("out"));
        List<String> beforeResume = TransactionalFileSink.committedLines(out);
        assertThat(beforeResume.size()).isLessThan((int) records);
        assertThat(beforeResume).as("the first run committed output before it was killed").isNotEmpty();

        Process second = startChild(runId, records, true);
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(tmp.resolve("second.log"));
        assertThat(second.exitValue()).as(log).isZero();
        assertThat(log).contains("restored from").contains("/chk-");
        assertThat(CounterJob.verify(TransactionalFileSink.committedLines(out), records, 113)).isNull();
    }
}
