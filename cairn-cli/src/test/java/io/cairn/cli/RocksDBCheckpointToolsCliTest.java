package io.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.checkpoint.CompletedCheckpoint;
import io.cairn.checkpoint.inspect.CheckpointInspector;
import io.cairn.checkpoint.inspect.CheckpointReport;
import io.cairn.checkpoint.inspect.HandleReport;
import io.cairn.checkpoint.metadata.OperatorState;
import io.cairn.common.OperatorID;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.StatePiece;
import io.cairn.state.handle.StreamStateHandle;
import io.cairn.state.rocksdb.EmbeddedRocksDBStateBackend;
import io.cairn.state.rocksdb.RocksDBCheckpointFormat;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@code checkpoints}, {@code checkpoint} and {@code state} commands on retained checkpoints of a
 * real job on the {@code rocksdb} backend, in each of its checkpoint kinds: native full (the
 * default), native incremental, and canonical. Each case runs the job of {@link SavepointFixture}
 * and damages its own checkpoint.
 */
class RocksDBCheckpointToolsCliTest {

    /** The rocksdb backend's checkpoint kinds. */
    enum Kind {
        NATIVE_FULL, INCREMENTAL, CANONICAL;

        EmbeddedRocksDBStateBackend backend(Path dir) {
            EmbeddedRocksDBStateBackend b = new EmbeddedRocksDBStateBackend().withLocalDirectory(dir.resolve("rocksdb"));
            return switch (this) {
                case NATIVE_FULL -> b;
                case INCREMENTAL -> b.withIncrementalCheckpoints(true);
                case CANONICAL -> b.withCheckpointFormat(RocksDBCheckpointFormat.CANONICAL);
            };
        }
    }

    @TempDir
    Path tmp;

    private static String counterId() {
        return OperatorID.fromUid(SavepointFixture.COUNTER_UID).toHexString();
    }

    private static CheckpointToolsCliTest.Run run(String... args) {
        return CheckpointToolsCliTest.run(args);
    }

    /**
     * @return the local path of a file the counter's first keyed handle refers to: for native
     *     handles its first SST piece (an exclusive file of the checkpoint for a native full one, a
     *     file of the job's {@code shared/} for an incremental one), else its key-group stream
     */
    private static Path keyedFile(Path checkpoint) throws Exception {
        CompletedCheckpoint cp = CompletedCheckpoint.load(checkpoint.toString());
        OperatorState op = cp.getOperatorStates().get(OperatorID.fromUid(SavepointFixture.COUNTER_UID));
        KeyedStateHandle handle = op.getSubtaskStates().get(0).getManagedKeyedState().get(0);
        StreamStateHandle file;
        if (handle instanceof IncrementalKeyedStateHandle inc) {
            List<StatePiece> pieces = new ArrayList<>(inc.getSharedState());
            pieces.addAll(inc.getPrivateState());
            file = pieces.stream().filter(p -> p.name().endsWith(".sst")).findFirst().orElseThrow().handle();
        } else {
            file = ((KeyGroupsStateHandle) handle).getDelegateStateHandle();
        }
        return ((FileStateHandle) file).getFilePath().toLocalPath();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void listInspectVerifyAndDumpWorkOnEveryKindOfRocksDBCheckpoint(Kind kind) throws Exception {
        Path checkpoint = SavepointFixture.takeCheckpoint(tmp, kind.backend(tmp));
        String path = checkpoint.toString();

        CheckpointToolsCliTest.Run list = run("checkpoints", "list", tmp.resolve("chk").toString());
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.lines()).anySatisfy(l -> assertThat(l).contains("checkpoint", "complete", path));

        CheckpointToolsCliTest.Run inspect = run("checkpoint", "inspect", path);
        assertThat(inspect.exit()).as(inspect.err()).isZero();
        assertThat(inspect.out()).startsWith("checkpoint ")
                .contains("operator " + counterId() + "  parallelism 2, max parallelism 128")
                .contains("\"source-splits\"", "SPLIT_DISTRIBUTE");
        CheckpointReport report = CheckpointInspector.inspect(path);
        List<HandleReport> keyed = report.operator(counterId()).subtasks().stream()
                .flatMap(s -> s.handles().stream()).filter(h -> !h.kind().equals("operator")).toList();
        assertThat(keyed).hasSize(2);
        switch (kind) {
            case NATIVE_FULL -> assertThat(keyed).allSatisfy(h -> {
                assertThat(h.kind()).isEqualTo("native");
                assertThat(h.location()).contains(", 0 shared and ").endsWith(" private pieces");
            });
            case INCREMENTAL -> assertThat(keyed).allSatisfy(h -> assertThat(h.kind()).isEqualTo("incremental"));
            case CANONICAL -> assertThat(keyed).allSatisfy(h -> assertThat(h.kind()).isEqualTo("key-groups"));
        }
        assertThat(keyed).extracting(HandleReport::keyGroups).containsExactlyInAnyOrder("0..63", "64..127");
        assertThat(run("checkpoint", "inspect", path, "--json").out().strip()).isEqualTo(report.toJson());

        CheckpointToolsCliTest.Run verify = run("checkpoint", "verify", path);
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).startsWith("OK: ");
        if (kind == Kind.CANONICAL) {
            assertThat(verify.out()).contains("128 key groups").doesNotContain("native handles");
        } else {
            assertThat(verify.out()).contains("; 2 native handles (incremental or full): files checked");
        }

        CheckpointToolsCliTest.Run splits = run("state", "dump", path, "--operator", SavepointFixture.SOURCE_UID,
                "--state", "source-splits");
        assertThat(splits.exit()).as(splits.err()).isZero();
        // operator state is canonical whatever the backend (the finished source may hold no split any more)
        assertThat(splits.lines()).allSatisfy(l -> assertThat(l).startsWith("{\"value\":"));
        CheckpointToolsCliTest.Run square = run("state", "dump", path, "--operator", SavepointFixture.COUNTER_UID,
                "--state", "square", "--key", "7");
        if (kind == Kind.CANONICAL) {
            assertThat(square.exit()).as(square.err()).isZero();
            assertThat(square.lines()).containsExactly("{\"key\":7,\"value\":49}");
        } else {
            assertThat(square.exit()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
            assertThat(square.out()).isEmpty();
            assertThat(square.err()).contains("dump of native snapshots (incremental or full) is not supported yet",
                    "canonical savepoint", "state.backend.rocksdb.checkpoint.format: canonical", "2 native handle(s)");
        }

        // damage: a truncated state file is caught and named
        Path file = keyedFile(checkpoint);
        if (kind == Kind.NATIVE_FULL) {
            assertThat(file).startsWith(checkpoint);
        } else if (kind == Kind.INCREMENTAL) {
            assertThat(file).startsWith(checkpoint.resolveSibling("shared"));
        }
        long size = Files.size(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size / 2);
        }
        CheckpointToolsCliTest.Run damaged = run("checkpoint", "verify", path);
        assertThat(damaged.exit()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(damaged.out()).startsWith("FAILED: truncated file ").contains(file.getFileName().toString())
                .contains("offset " + size / 2);
        Files.delete(file);
        CheckpointToolsCliTest.Run missing = run("checkpoint", "verify", path);
        assertThat(missing.exit()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(missing.out()).startsWith("FAILED: missing file ").contains(file.getFileName().toString());
    }
}
