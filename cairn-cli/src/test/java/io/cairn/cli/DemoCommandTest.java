package io.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.checkpoint.CompletedCheckpoint;
import io.cairn.checkpoint.inspect.CheckpointVerifier;
import io.cairn.checkpoint.metadata.OperatorState;
import io.cairn.checkpoint.metadata.OperatorSubtaskState;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.StatePiece;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code cairn demo} in-process (and once as a killed child process) on small numbers. */
class DemoCommandTest {

    @TempDir
    Path tmp;

    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = CairnCommand.commandLine().execute(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void demoWithTwoFailuresVerifiesExactlyOnce() {
        Run r = run("demo", "--events", "30000", "--accounts", "700", "--failures", "2", "--interval", "50",
                "--data-dir", tmp.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("exactly-once: verified 30000 events, 700 accounts, 2 failures recovered");
        // two failures can hit two subtasks before the job is cancelled: one restart recovers both
        assertThat(r.out()).contains("trigger→done").containsPattern("restarts: [12]\n");
    }

    @Test
    void demoOnRocksDBWithIncrementalCheckpointsKilledResumesFromItsNativeCheckpoint() throws Exception {
        String[] demo = {"demo", "--backend", "rocksdb", "--incremental", "--events", "300000", "--accounts", "20000",
                "--interval", "50", "--data-dir", tmp.toString()};
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                CairnCommand.class.getName()));
        command.addAll(List.of(demo));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("first.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && System.nanoTime() < deadline && latestMetadata(tmp.resolve("checkpoints")) == null) {
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("the first run must still run when it is killed").isTrue();
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);

        // the checkpoint the killed run left: native handles whose files are all there
        Path killed = latestMetadata(tmp.resolve("checkpoints"));
        var verification = CheckpointVerifier.verify(killed.toString());
        assertThat(verification.ok()).as(verification.message()).isTrue();
        assertThat(sharedFiles(killed)).isNotEmpty();

        Run r = run(demo);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("resuming from").contains("exactly-once: verified 300000 events");
        // the finished run retains its last checkpoint; every SST file it names is in shared/
        Path last = latestMetadata(tmp.resolve("checkpoints"));
        verification = CheckpointVerifier.verify(last.toString());
        assertThat(verification.ok()).as(verification.message()).isTrue();
        Set<Path> referenced = sharedFiles(last);
        try (Stream<Path> files = Files.list(last.getParent().resolveSibling("shared"))) {
            assertThat(files.collect(Collectors.toSet())).containsAll(referenced);
        }
    }

    /** @return the local paths of the shared pieces (SST files) of a checkpoint's native keyed handles */
    static Set<Path> sharedFiles(Path metadata) throws Exception {
        Set<Path> referenced = new TreeSet<>();
        for (OperatorState op : CompletedCheckpoint.load(metadata.toString()).getOperatorStates().values()) {
            for (OperatorSubtaskState subtask : op.getSubtaskStates().values()) {
                for (KeyedStateHandle h : subtask.getManagedKeyedState()) {
                    for (StatePiece piece : ((IncrementalKeyedStateHandle) h).getSharedState()) {
                        if (piece.handle() instanceof FileStateHandle f) {
                            referenced.add(f.getFilePath().toLocalPath());
                        }
                    }
                }
            }
        }
        return referenced;
    }

    /** @return the {@code _metadata} of the newest completed checkpoint under {@code checkpoints}, or null */
    static Path latestMetadata(Path checkpoints) {
        Path best = null;
        long bestId = -1;
        try (Stream<Path> jobs = Files.list(checkpoints)) {
            for (Path job : jobs.toList()) {
                try (Stream<Path> dirs = Files.list(job)) {
                    for (Path dir : dirs.toList()) {
                        String name = dir.getFileName().toString();
                        Path metadata = dir.resolve("_metadata");
                        if (name.startsWith("chk-") && Files.exists(metadata)
                                && Long.parseLong(name.substring(4)) > bestId) {
                            bestId = Long.parseLong(name.substring(4));
                            best = metadata;
                        }
                    }
                }
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return best; // not created yet, or a directory went away while we listed: look again later
        }
        return best;
    }

    static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(-?\\d+)").matcher(json);
        assertThat(m.find()).as("field %s in %s", field, json).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void jsonSummaryIsTheLastLineAndConsistent() {
        Run r = run("demo", "--json", "--events", "25000", "--accounts", "300", "--failures", "1", "--interval", "50",
                "--parallelism", "2", "--data-dir", tmp.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        String json = lines[lines.length - 1];
        assertThat(json).startsWith("{").endsWith("}");
        assertThat(json).contains("\"verified\":true", "\"system\":\"cairn-", "\"job\":\"payments\"", "\"backend\":\"hashmap\"");
        assertThat(number(json, "events")).isEqualTo(25000);
        assertThat(number(json, "accounts")).isEqualTo(300);
        assertThat(number(json, "parallelism")).isEqualTo(2);
        assertThat(number(json, "failures")).isEqualTo(1);
        assertThat(number(json, "restarts")).isEqualTo(1);
        assertThat(number(json, "events_processed_incl_replays")).isGreaterThanOrEqualTo(25000);
        assertThat(number(json, "checkpoints_completed")).isPositive();
        assertThat(number(json, "wall_ms")).isPositive();
        assertThat(number(json, "events_per_sec")).isPositive();
        // the human report went to stderr
        assertThat(r.err()).contains("exactly-once: verified 25000 events");
        assertThat(r.out().lines().count()).isEqualTo(1);
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(run("demo", "--events", "-5").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("demo", "--no-such-flag").exitCode()).isEqualTo(ExitCodes.USAGE);
        Run rocks = run("demo", "--backend", "rokcsdb", "--data-dir", tmp.toString());
        assertThat(rocks.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(rocks.err()).contains("rokcsdb");
        assertThat(run("demo", "--resume", "--data-dir", tmp.resolve("empty").toString()).exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void rocksDbMemoryIsParsedAndABadSizeIsAUsageError() {
        Run bad = run("demo", "--backend", "rocksdb", "--rocksdb-memory", "lots", "--data-dir", tmp.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--rocksdb-memory lots", "not a memory size: 'lots'");
        Run tooSmall = run("demo", "--backend", "rocksdb", "--rocksdb-memory", "64kb", "--data-dir", tmp.toString());
        assertThat(tooSmall.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(tooSmall.err()).contains("state.backend.rocksdb.memory.managed-size");
        Run r = run("demo", "--json", "--backend", "rocksdb", "--rocksdb-memory", "16mb", "--events", "6000", "--accounts", "200",
                "--failures", "1", "--interval", "50", "--data-dir", tmp.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"backend\":\"rocksdb\"", "\"verified\":true");
    }

    @Test
    void helpWorks() {
        Run r = run("demo", "--help");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void killedDemoResumesWhenRunAgain() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                CairnCommand.class.getName(), "demo", "--events", "1500000", "--accounts", "20000", "--interval", "100",
                "--data-dir", tmp.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(tmp.resolve("first.log").toFile());
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && System.nanoTime() < deadline && !hasMetadata(tmp.resolve("checkpoints"))) {
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("the first run must still run when it is killed").isTrue();
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        Run r = run("demo", "--events", "1500000", "--accounts", "20000", "--interval", "100", "--data-dir", tmp.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("resuming from").contains("exactly-once: verified 1500000 events");
    }

    @Test
    void interruptTakesASavepointThatTheNextRunResumesFrom() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                CairnCommand.class.getName(), "demo", "--events", "1500000", "--accounts", "20000", "--interval", "100",
                "--data-dir", tmp.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(tmp.resolve("first.log").toFile());
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && System.nanoTime() < deadline && !hasMetadata(tmp.resolve("checkpoints"))) {
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("the first run must still run when it is interrupted").isTrue();
        p.destroy(); // SIGTERM runs the shutdown hook, as Ctrl-C (SIGINT) does
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(tmp.resolve("first.log"));
        assertThat(log).contains("stopped with savepoint");
        Run r = run("demo", "--events", "1500000", "--accounts", "20000", "--interval", "100", "--data-dir", tmp.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("resuming from").contains("savepoints").contains("exactly-once: verified 1500000 events");
    }

    static boolean hasMetadata(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(q -> q.getFileName().toString().equals("_metadata"));
        }
    }
}
