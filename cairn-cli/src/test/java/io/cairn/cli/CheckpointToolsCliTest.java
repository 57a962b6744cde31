package io.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.checkpoint.inspect.CheckpointInspector;
import io.cairn.checkpoint.inspect.CheckpointReport;
import io.cairn.checkpoint.inspect.OperatorReport;
import io.cairn.checkpoint.inspect.StateReport;
import io.cairn.checkpoint.inspect.StreamReport;
import io.cairn.common.OperatorID;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code checkpoints}, {@code checkpoint} and {@code state} commands, run in-process against a
 * savepoint of a real job and against damaged copies of it.
 */
class CheckpointToolsCliTest {

    @TempDir
    static Path shared;

    static String savepoint;

    @TempDir
    Path tmp;

    @BeforeAll
    static void takeSavepoint() throws Exception {
        savepoint = SavepointFixture.takeSavepoint(shared);
    }

    /** What a command printed and returned. */
    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CairnCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String counterId() {
        return OperatorID.fromUid(SavepointFixture.COUNTER_UID).toHexString();
    }

    /** A copy of the savepoint directory under {@code target}. */
    private static Path copySavepoint(Path target) throws IOException {
        Path source = io.cairn.fs.Path.of(savepoint).toLocalPath();
        Path copy = target.resolve(source.getFileName().toString());
        try (Stream<Path> files = Files.walk(source)) {
            files.forEach(p -> {
                try {
                    Files.copy(p, copy.resolve(source.relativize(p).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return copy;
    }

    /** The local file of the savepoint copy's first keyed stream of the counter. */
    private static Path keyedFile(Path copy) throws IOException {
        OperatorReport op = CheckpointInspector.inspect(copy.toString()).operator(counterId());
        String location = op.streams().stream().filter(s -> s.kind().equals("keyed")).findFirst().orElseThrow().location();
        assertThat(location).startsWith("file:");
        return io.cairn.fs.Path.of(location).toLocalPath();
    }

    private static void flip(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x01);
        }
    }

    @Test
    void inspectShowsOperatorsParallelismStatesSerializersAndCounts() throws Exception {
        Run r = run("checkpoint", "inspect", savepoint);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("savepoint ")
                .contains("operator " + counterId() + "  parallelism 2, max parallelism 128")
                .contains("operator " + OperatorID.fromUid(SavepointFixture.SOURCE_UID).toHexString() + "  parallelism 1")
                .contains("key-groups  0..63", "key-groups  64..127")
                .containsPattern("\"tags\" +MAP +namespace VoidNamespaceSerializer value MapSerializer<StringSerializer, LongSerializer>")
                .containsPattern("\"first\" +LIST +namespace VoidNamespaceSerializer value ListSerializer<LongSerializer>")
                .contains("\"source-splits\"", "SPLIT_DISTRIBUTE", "\"sink-committables\"", "UNION")
                .contains("inline (");
        for (String state : List.of("square", "count", "tags", "first")) {
            Matcher m = Pattern.compile("\"" + state + "\" +\\w+ .* (\\d+) entr(y|ies)").matcher(r.out());
            long total = 0;
            while (m.find()) {
                total += Long.parseLong(m.group(1));
            }
            assertThat(total).as(state).isEqualTo(SavepointFixture.KEYS);
        }
    }

    @Test
    void inspectJsonHasTheSameReport() throws Exception {
        Run r = run("checkpoint", "inspect", savepoint, "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        CheckpointReport report = CheckpointInspector.inspect(savepoint);
        assertThat(r.out().strip()).isEqualTo(report.toJson());
        assertThat(r.out()).startsWith("{\"path\":").contains("\"type\":\"savepoint\"", "\"metadataVersion\":1",
                "\"operatorId\":\"" + counterId() + "\",\"parallelism\":2,\"maxParallelism\":128",
                "{\"name\":\"square\",\"kind\":\"VALUE\",\"keySerializer\":null,\"namespaceSerializer\":\"VoidNamespaceSerializer\",\"valueSerializer\":\"LongSerializer\",\"count\":");
        long squares = report.operator(counterId()).streams().stream().flatMap(s -> s.states().stream())
                .filter(s -> s.name().equals("square")).mapToLong(StateReport::count).sum();
        assertThat(squares).isEqualTo(SavepointFixture.KEYS);
        StreamReport keyed = report.operator(counterId()).streams().get(0);
        assertThat(keyed.kind()).isEqualTo("keyed");
        assertThat(keyed.keySerializer()).isEqualTo("LongSerializer");
    }

    @Test
    void verifyPassesOnTheSavepoint() {
        Run r = run("checkpoint", "verify", savepoint);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).startsWith("OK: ").contains("128 key groups", (4 * SavepointFixture.KEYS) + " entries");
    }

    @Test
    void verifyCatchesADeletedFile() throws Exception {
        Path copy = copySavepoint(tmp);
        Path file = keyedFile(copy);
        Files.delete(file);
        Run r = run("checkpoint", "verify", copy.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(r.out()).startsWith("FAILED: missing file ").contains(file.getFileName().toString());
    }

    @Test
    void verifyCatchesATruncatedFile() throws Exception {
        Path copy = copySavepoint(tmp);
        Path file = keyedFile(copy);
        long size = Files.size(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size / 2);
        }
        Run r = run("checkpoint", "verify", copy.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(r.out()).startsWith("FAILED: truncated file ").contains(file.getFileName().toString())
                .contains("offset " + size / 2);
    }

    @Test
    void verifyCatchesAFlippedByteInAStateFile() throws Exception {
        Path copy = copySavepoint(tmp);
        Path file = keyedFile(copy);
        flip(file, Files.size(file) - 6); // in the last key group's body
        Run r = run("checkpoint", "verify", copy.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(r.out()).containsPattern("FAILED: checksum mismatch in key group \\d+ at offset \\d+ of file:\\S*"
                + file.getFileName());
    }

    @Test
    void verifyCatchesAFlippedByteInTheMetadata() throws Exception {
        Path copy = copySavepoint(tmp);
        Path metadata = copy.resolve("_metadata");
        flip(metadata, Files.size(metadata) / 2);
        Run r = run("checkpoint", "verify", copy.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(r.out()).startsWith("FAILED: corrupt metadata: checksum mismatch in ").contains(metadata.toString());
    }

    @Test
    void aMissingPathIsExitCode3() {
        Path missing = tmp.resolve("no-such-savepoint");
        for (String command : List.of("inspect", "verify")) {
            Run r = run("checkpoint", command, missing.toString());
            assertThat(r.exit()).as(command).isEqualTo(ExitCodes.IO_ERROR);
            assertThat(r.err()).as(command).contains("no-such-savepoint");
        }
        assertThat(run("state", "dump", missing.toString(), "--operator", "x", "--state", "y").exit()).isEqualTo(ExitCodes.IO_ERROR);
        assertThat(run("checkpoints", "list", missing.toString()).exit()).isEqualTo(ExitCodes.IO_ERROR);
    }

    @Test
    void inspectOfACorruptCheckpointIsExitCode3() throws Exception {
        Path copy = copySavepoint(tmp);
        flip(keyedFile(copy), 20);
        Run r = run("checkpoint", "inspect", copy.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.IO_ERROR);
        assertThat(r.err()).contains("offset");
    }

    @Test
    void dumpOneKeyOfEachKeyedState() {
        String k = "7";
        assertThat(run("state", "dump", savepoint, "--operator", SavepointFixture.COUNTER_UID, "--state", "square", "--key", k)
                .lines()).containsExactly("{\"key\":7,\"value\":49}");
        Run tags = run("state", "dump", savepoint, "--operator", counterId(), "--state", "tags", "--key", k);
        assertThat(tags.lines()).hasSize(1);
        assertThat(tags.out()).contains("\"mod3\":1", "\"double\":14").startsWith("{\"key\":7,\"value\":{");
        assertThat(run("state", "dump", savepoint, "--operator", counterId(), "--state", "first", "--key", k).lines())
                .containsExactly("{\"key\":7,\"value\":[7," + (7 + SavepointFixture.KEYS) + "]}");
    }

    @Test
    void dumpAllEntriesWithoutKey() {
        Run r = run("state", "dump", savepoint, "--operator", SavepointFixture.COUNTER_UID, "--state", "square");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.lines();
        assertThat(lines).hasSize((int) SavepointFixture.KEYS);
        Pattern p = Pattern.compile("\\{\"key\":(\\d+),\"value\":(\\d+)}");
        for (String line : lines) {
            Matcher m = p.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            long key = Long.parseLong(m.group(1));
            assertThat(Long.parseLong(m.group(2))).isEqualTo(key * key);
        }
        assertThat(lines.stream().map(l -> l.substring(0, l.indexOf(',')))).doesNotHaveDuplicates();
    }

    @Test
    void dumpOperatorState() {
        Run r = run("state", "dump", savepoint, "--operator", SavepointFixture.SOURCE_UID, "--state", "source-splits");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.lines()).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("{\"value\":"));
    }

    @Test
    void unknownOperatorOrStateIsAUsageErrorListingTheChoices() {
        Run op = run("state", "dump", savepoint, "--operator", "nope", "--state", "square");
        assertThat(op.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(op.err()).contains("no operator 'nope'", "operators: [", counterId());
        Run state = run("state", "dump", savepoint, "--operator", SavepointFixture.COUNTER_UID, "--state", "sqare");
        assertThat(state.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(state.err()).contains("no state 'sqare'", "square", "tags", "first", "count");
        Run missingOption = run("state", "dump", savepoint, "--state", "square");
        assertThat(missingOption.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(missingOption.err()).contains("--operator");
    }

    @Test
    void listShowsCompleteAndBrokenCheckpoints() throws Exception {
        Path base = tmp.resolve("all");
        Files.createDirectories(base.resolve("good"));
        Path good = copySavepoint(base.resolve("good"));
        Path broken = base.resolve("job").resolve("chk-9");
        Files.createDirectories(broken);
        Files.write(broken.resolve("_metadata"), new byte[] {1, 2, 3});
        Run r = run("checkpoints", "list", base.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("ID").contains("TYPE", "TIME", "SIZE", "OPERATORS", "STATUS", "PATH");
        long id = CheckpointInspector.inspect(good.toString()).checkpointId();
        String goodLine = lines.stream().filter(l -> l.contains(good.toString())).findFirst().orElseThrow();
        assertThat(goodLine).startsWith(String.valueOf(id)).contains("savepoint", "complete", " 3 ")
                .containsPattern("\\d{4}-\\d{2}-\\d{2}T");
        String brokenLine = lines.stream().filter(l -> l.contains("BROKEN")).findFirst().orElseThrow();
        assertThat(brokenLine).startsWith("9 ").contains("checkpoint", "BROKEN: truncated metadata", broken.toString());
        assertThat(run("checkpoints", "list", tmp.resolve("all/job/chk-9").toString()).out()).contains("BROKEN");
    }

    @Test
    void helpWorksEverywhere() {
        for (String[] args : List.of(new String[] {"checkpoints", "--help"}, new String[] {"checkpoints", "list", "--help"},
                new String[] {"checkpoint", "--help"}, new String[] {"checkpoint", "inspect", "--help"},
                new String[] {"checkpoint", "verify", "--help"}, new String[] {"state", "--help"},
                new String[] {"state", "dump", "--help"})) {
            Run r = run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("Usage: cairn " + args[0]);
        }
        assertThat(run("checkpoint", "inspect", "--help").out()).contains("--json");
        assertThat(run("checkpoint").exit()).isEqualTo(ExitCodes.USAGE);
    }
}
