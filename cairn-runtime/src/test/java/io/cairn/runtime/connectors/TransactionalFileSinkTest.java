package io.cairn.runtime.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.fs.Path;
import io.cairn.runtime.connectors.TransactionalFileSink.Committable;
import io.cairn.runtime.sink.SinkContext;
import io.cairn.runtime.source.SourceReader;
import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.StringSerializer;
import io.cairn.serialization.TypeSerializerSnapshot;
import io.cairn.serialization.TypeSerializerSnapshots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionalFileSinkTest {

    @TempDir
    java.nio.file.Path tmp;

    private Path dir() {
        return Path.fromLocal(tmp.resolve("out"));
    }

    private List<String> fileNames() throws IOException {
        java.nio.file.Path local = dir().toLocalPath();
        if (!Files.exists(local)) {
            return List.of();
        }
        try (Stream<java.nio.file.Path> files = Files.list(local)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void linesAreWrittenAsUtf8WhateverTheirCharactersAndLength() throws Exception {
        TransactionalFileSink<String> sink = new TransactionalFileSink<>(dir());
        TransactionalFileSink.Writer<String> writer = sink.createWriter(new SinkContext(0, 1, "att1"));
        String longAscii = "x,".repeat(200);
        List<String> lines = List.of("12,7,-40,3,55", "", "grüße, ünïcödé", "日本語 ✓", longAscii, "a" + "é".repeat(300), "end");
        for (String line : lines) {
            writer.write(line);
        }
        assertThatThrownBy(() -> writer.write("two\nlines")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line break");
        assertThatThrownBy(() -> writer.write("zwei\nZeilen ü")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line break");
        List<Committable> committables = writer.prepareCommit(1);
        sink.commit(committables);
        assertThat(TransactionalFileSink.committedLines(dir())).containsExactlyElementsOf(lines);
        byte[] expected = (String.join("\n", lines) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Files.readAllBytes(dir().child("part-0-att1-0").toLocalPath())).isEqualTo(expected);
        writer.close();
    }

    @Test
    void aRejectedFirstLineWritesNothingAndAnEmptyFileIsNeverPreCommitted() throws Exception {
        TransactionalFileSink.Writer<String> writer = new TransactionalFileSink<String>(dir()).createWriter(new SinkContext(0, 1, "att1"));
        assertThat(fileNames()).containsExactly("part-0-att1-0.inprogress");   // opened with the writer
        assertThatThrownBy(() -> writer.write("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.size(dir().child("part-0-att1-0.inprogress").toLocalPath())).isZero();
        assertThat(writer.prepareCommit(1)).isEmpty();
        assertThat(fileNames()).containsExactly("part-0-att1-0.inprogress");
        writer.close();
        assertThat(fileNames()).isEmpty();
        assertThat(writer.currentInProgressFile()).isNull();
        assertThatThrownBy(() -> writer.write("late")).isInstanceOf(IOException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> writer.prepareCommit(2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        writer.close();                                         // twice: nothing left to do
    }

    @Test
    void aWriterWhoseFileCannotBeCreatedNamesItAtEveryWriteAndPreCommit() throws Exception {
        Files.createDirectories(tmp);
        Files.writeString(tmp.resolve("out"), "a file where the sink's directory should be");
        TransactionalFileSink<String> sink = new TransactionalFileSink<>(dir());
        TransactionalFileSink.Writer<String> writer = sink.createWriter(new SinkContext(1, 2, "att1"));
        String file = dir().child("part-1-att1-0.inprogress").toString();
        assertThatThrownBy(() -> writer.write("x")).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot create in-progress file").hasMessageContaining(file);
        assertThatThrownBy(() -> writer.prepareCommit(1)).isInstanceOf(IOException.class).hasMessageContaining(file);
        writer.close();
        assertThat(Files.readString(tmp.resolve("out"))).isEqualTo("a file where the sink's directory should be");
    }

    @Test
    void aFailedPreCommitStopsTheWriterSoItsLinesAreNotSilentlyLost() throws Exception {
        TransactionalFileSink<String> sink = new TransactionalFileSink<>(dir());
        TransactionalFileSink.Writer<String> writer = sink.createWriter(new SinkContext(0, 1, "att1"));
        writer.write("kept");
        List<Committable> first = writer.prepareCommit(1);
        writer.write("in checkpoint 2");
        // a directory where the pending file must go: the atomic rename fails
        Files.createDirectories(dir().child("part-0-att1-1.pending").toLocalPath().resolve("blocker"));
        assertThatThrownBy(() -> writer.prepareCommit(2)).isInstanceOf(IOException.class);
        String failed = dir().child("part-0-att1-1.inprogress").toString();
        assertThatThrownBy(() -> writer.write("after the failure")).isInstanceOf(IOException.class)
                .hasMessageContaining(failed).hasMessageContaining("checkpoint 2");
        assertThatThrownBy(() -> writer.prepareCommit(3)).isInstanceOf(IOException.class).hasMessageContaining(failed);
        sink.commit(first);
        assertThat(TransactionalFileSink.committedLines(dir())).containsExactly("kept");
        writer.close();
        // the restart's clean-up removes the failed attempt's leftovers; its replay writes the lines again
        sink.abortStale(first, "att2");
        assertThat(fileNames()).containsExactly("part-0-att1-0", "part-0-att1-1.pending");   // the blocking directory
    }

    @Test
    void linesBecomeVisibleOnlyWhenCommitted() throws Exception {
        TransactionalFileSink<String> sink = new TransactionalFileSink<>(dir());
        TransactionalFileSink.Writer<String> writer = sink.createWriter(new SinkContext(2, 3, "att1"));
        assertThat(writer.prepareCommit(1)).isEmpty();
        assertThat(fileNames()).containsExactly("part-2-att1-0.inprogress");   // empty, stays open

        writer.write("a");
        writer.write("b");
        assertThat(fileNames()).containsExactly("part-2-att1-0.inprogress");
        assertThat(TransactionalFileSink.committedLines(dir())).isEmpty();

        List<Committable> first = writer.prepareCommit(2);
        assertThat(first).containsExactly(new Committable(dir().child("part-2-att1-0.pending").toString(),
                dir().child("part-2-att1-0").toString(), 4));
        assertThat(fileNames()).containsExactly("part-2-att1-0.pending", "part-2-att1-1.inprogress");   // next one opened
        assertThat(TransactionalFileSink.committedLines(dir())).isEmpty();
        assertThat(writer.prepareCommit(3)).isEmpty();

        writer.write("c");
        assertThat(fileNames()).containsExactly("part-2-att1-0.pending", "part-2-att1-1.inprogress");
        sink.commit(first);
        assertThat(TransactionalFileSink.committedLines(dir())).containsExactly("a", "b");
        assertThat(TransactionalFileSink.committedFiles(dir())).containsExactly(dir().child("part-2-att1-0"));

        List<Committable> second = writer.prepareCommit(4);
        assertThat(TransactionalFileSink.committedLines(dir())).containsExactly("a", "b");
        sink.commit(second);
        sink.commit(second);
        assertThat(TransactionalFileSink.committedLines(dir())).containsExactly("a", "b", "c");
        assertThat(fileNames()).containsExactly("part-2-att1-0", "part-2-att1-1", "part-2-att1-2.inprogress");
        writer.close();
        assertThat(fileNames()).containsExactly("part-2-att1-0", "part-2-att1-1");
    }

    @Test
    void customFormatterAndUnicodeLines() throws Exception {
        TransactionalFileSink<Integer> sink = new TransactionalFileSink<>(dir(), i -> "n=" + i + " ✓");
        TransactionalFileSink.Writer<Integer> writer = sink.createWriter(new SinkContext(0, 1, "a"));
        writer.write(1);
        writer.write(2);
        sink.commit(writer.prepareCommit(1));
        assertThat(TransactionalFileSink.committedLines(dir())).containsExactly("n=1 ✓", "n=2 ✓");
        TransactionalFileSink<String> plain = new TransactionalFileSink<>(dir());
        TransactionalFileSink.Writer<String> w = plain.createWriter(new SinkContext(1, 2, "a"));
        assertThatThrownBy(() -> w.write("x\ny")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x\ny");
        w.close();
        writer.close();
    }

    @Test
    void closeDeletesTheOpenInProgressFile() throws Exception {
        TransactionalFileSink<String> sink = new TransactionalFileSink<>(dir());
        TransactionalFileSink.Writer<String> writer = sink.createWriter(new SinkContext(0, 1, "a"));
        writer.write("x");
        assertThat(writer.currentInProgressFile()).isEqualTo(dir().child("part-0-a-0.inprogress"));
        writer.close();
        assertThat(fileNames()).isEmpty();
    }

    @Test
    void afterACrashCommitIsIdempotentAndAbortStaleRemovesOnlyTheCrashedAttemptsUncommittedOutput() throws Exception {
        TransactionalFileSink<String> sink = new TransactionalFileSink<>(dir());
        TransactionalFileSink.Writer<String> w0 = sink.createWriter(new SinkContext(0, 2, "old-attempt"));
        TransactionalFileSink.Writer<String> w1 = sink.createWriter(new SinkContext(1, 2, "old-attempt"));
        w0.write("committed");
        List<Committable> cp1 = new ArrayList<>(w0.prepareCommit(1));
        cp1.addAll(w1.prepareCommit(1));
        sink.commit(cp1);                                        // checkpoint 1 completed and committed
        w0.write("in checkpoint 2");
        w1.write("also in checkpoint 2");
        List<Committable> cp2 = new ArrayList<>(w0.prepareCommit(2));
        cp2.addAll(w1.prepareCommit(2));                         // checkpoint 2 completed, not yet committed
        w0.write("in checkpoint 3");
        List<Committable> cp3 = w0.prepareCommit(3);            // checkpoint 3 never completes
        w0.write("after checkpoint 3");
        w1.write("after checkpoint 3 too");
        // crash: the writers are dropped without close
        assertThat(fileNames()).containsExactly("part-0-old-attempt-0", "part-0-old-attempt-1.pending",
                "part-0-old-attempt-2.pending", "part-0-old-attempt-3.inprogress", "part-1-old-attempt-0.pending",
                "part-1-old-attempt-1.inprogress");
        assertThat(cp3).hasSize(1);

        // the new attempt restores checkpoint 2: its writers may already run while subtask 0 cleans up
        TransactionalFileSink.Writer<String> n0 = sink.createWriter(new SinkContext(0, 2, "new-attempt"));
        n0.write("new output");
        List<Committable> kept = List.of(cp2.get(1));
        sink.abortStale(kept, "new-attempt");                   // keep is honoured even before commit
        assertThat(fileNames()).containsExactly("part-0-new-attempt-0.inprogress", "part-0-old-attempt-0",
                "part-1-old-attempt-0.pending");
        sink.commit(kept);
        sink.commit(kept);
        sink.commit(cp1);
        sink.abortStale(kept, "new-attempt");
        assertThat(fileNames()).containsExactly("part-0-new-attempt-0.inprogress", "part-0-old-attempt-0",
                "part-1-old-attempt-0");
        assertThat(TransactionalFileSink.committedLines(dir())).containsExactly("committed", "also in checkpoint 2");
        sink.commit(n0.prepareCommit(3));
        assertThat(TransactionalFileSink.committedLines(dir()))
                .containsExactly("new output", "committed", "also in checkpoint 2");   // files in name order
        // the output of checkpoint 2 that was dropped from keep is gone for good: committing it fails
        assertThatThrownBy(() -> sink.commit(List.of(cp2.get(0))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(cp2.get(0).pendingPath())
                .hasMessageContaining(cp2.get(0).finalPath());
        n0.close();
    }

    @Test
    void recoveringOneSubtaskCommitsAndCleansUpOnlyItsOwnFiles() throws Exception {
        TransactionalFileSink<String> sink = new TransactionalFileSink<>(dir());
        assertThat(sink.supportsSubtaskRecovery()).isTrue();
        TransactionalFileSink.Writer<String> w0 = sink.createWriter(new SinkContext(0, 2, "old"));
        TransactionalFileSink.Writer<String> w1 = sink.createWriter(new SinkContext(1, 2, "old"));
        w0.write("0 in checkpoint 1");
        w1.write("1 in checkpoint 1");
        List<Committable> cp1 = new java.util.ArrayList<>(w0.prepareCommit(1));
        cp1.addAll(w1.prepareCommit(1));
        // checkpoint 1 completed; subtask 0 committed its part, subtask 1 failed before it could
        sink.commit(cp1.subList(0, 1));
        w0.write("0 after checkpoint 1, still running");
        w1.write("1 after checkpoint 1, lost with the failure");
        List<Committable> w0cp2 = w0.prepareCommit(2);  // subtask 0 pre-committed checkpoint 2, which will abort
        w0.write("0 still writing");
        w1.prepareCommit(2);
        w1.write("1 in progress when it failed");
        assertThat(fileNames()).containsExactly("part-0-old-0", "part-0-old-1.pending", "part-0-old-2.inprogress",
                "part-1-old-0.pending", "part-1-old-1.pending", "part-1-old-2.inprogress");

        sink.recoverSubtask(cp1, 1, "recovered");
        // subtask 1's checkpoint-1 output is committed, its later output gone; subtask 0's files are as they were
        assertThat(fileNames()).containsExactly("part-0-old-0", "part-0-old-1.pending", "part-0-old-2.inprogress",
                "part-1-old-0");
        assertThat(TransactionalFileSink.committedLines(dir())).containsExactly("0 in checkpoint 1", "1 in checkpoint 1");
        sink.commit(w0cp2);
        assertThat(TransactionalFileSink.committedLines(dir()))
                .containsExactly("0 in checkpoint 1", "0 after checkpoint 1, still running", "1 in checkpoint 1");
        w0.close();
    }

    @Test
    void abortStaleLeavesForeignFilesAndAMissingDirectoryAlone() throws Exception {
        TransactionalFileSink<String> sink = new TransactionalFileSink<>(dir());
        sink.abortStale(List.of(), "a");
        Files.createDirectories(dir().toLocalPath());
        for (String name : List.of("notes.pending", "part-x-a-0.pending", "part-0-b-0", "part-0-b-zz.inprogress")) {
            Files.writeString(dir().toLocalPath().resolve(name), "keep me\n");
        }
        Files.createDirectories(dir().toLocalPath().resolve("part-0-b-1.pending"));
        sink.abortStale(List.of(), "a");
        assertThat(fileNames()).containsExactly("notes.pending", "part-0-b-0", "part-0-b-1.pending",
                "part-0-b-zz.inprogress", "part-x-a-0.pending");
        assertThat(TransactionalFileSink.committedFiles(dir())).containsExactly(dir().child("part-0-b-0"));
    }

    @Test
    void committingAMissingFileOrAWrongSizeFailsNamingThePaths() throws Exception {
        TransactionalFileSink<String> sink = new TransactionalFileSink<>(dir());
        Committable missing = new Committable(dir().child("part-0-a-0.pending").toString(),
                dir().child("part-0-a-0").toString(), 10);
        assertThatThrownBy(() -> sink.commit(List.of(missing)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(missing.pendingPath())
                .hasMessageContaining(missing.finalPath());

        TransactionalFileSink.Writer<String> writer = sink.createWriter(new SinkContext(0, 1, "a"));
        writer.write("abc");
        Committable real = writer.prepareCommit(1).get(0);
        Committable wrongSize = new Committable(real.pendingPath(), real.finalPath(), 99);
        assertThatThrownBy(() -> sink.commit(List.of(wrongSize)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(real.pendingPath())
                .hasMessageContaining("99");
        sink.commit(List.of(real));
        assertThat(TransactionalFileSink.committedLines(dir())).containsExactly("abc");
        writer.close();
    }

    @Test
    void nonLocalPathsAndBadAttemptIdsAreRejected() {
        assertThatThrownBy(() -> new TransactionalFileSink<String>(Path.of("s3://bucket/out")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s3").hasMessageContaining("bucket/out");
        TransactionalFileSink<String> sink = new TransactionalFileSink<>(dir());
        assertThatThrownBy(() -> sink.commit(List.of(new Committable("s3://b/x.pending", "s3://b/x", 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s3://b/x");
        assertThatThrownBy(() -> sink.createWriter(new SinkContext(0, 1, "a/b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a/b");
        assertThatThrownBy(() -> sink.createWriter(new SinkContext(0, 1, "")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void committableSerializerRoundTripsAndRestoresFromItsSnapshot() throws IOException {
        Committable.Serializer serializer = new TransactionalFileSink<String>(dir()).getCommittableSerializer();
        Committable committable = new Committable("file:/x/part-0-a-0.pending", "file:/x/part-0-a-0", 123);
        DataOutputSerializer out = new DataOutputSerializer(32);
        serializer.serialize(committable, out);
        assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(committable);
        DataOutputSerializer snap = new DataOutputSerializer(64);
        TypeSerializerSnapshots.write(snap, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<Committable> snapshot =
                TypeSerializerSnapshots.read(new DataInputDeserializer(snap.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(snapshot.restoreSerializer()).isEqualTo(serializer);
        assertThat(snapshot.resolveSchemaCompatibility(serializer).isCompatibleAsIs()).isTrue();
        assertThatThrownBy(() -> new Committable("p", "f", -1)).hasMessageContaining("-1");
    }

    /** What a completed checkpoint stores: source positions and the sink's committables. */
    private record CompletedCheckpoint(long id, List<GeneratorSource.Split> sourceState, List<Committable> committables) {}

    /**
     * 10,000 lines from a generator source (3 subtasks) into 3 sink writers, with random
     * checkpoints and crashes: before a checkpoint completes, after it completes but before its
     * commit, between checkpoints, and at end of input. Every restart commits the restored
     * committables, aborts stale output and replays the source from the restored positions.
     */
    @Test
    void endToEndEveryInputLineIsCommittedExactlyOnceDespiteCrashes() throws Exception {
        for (long seed : new long[] {1, 2, 3}) {
            java.nio.file.Path local = tmp.resolve("e2e-" + seed);
            runSimulation(seed, Path.fromLocal(local));
        }
    }

    private static void runSimulation(long seed, Path dir) throws Exception {
        int parallelism = 3;
        int count = 10_000;
        Random random = new Random(seed);
        GeneratorSource<String> source = new GeneratorSource<>(count, seq -> "line-" + seq, StringSerializer.INSTANCE);
        TransactionalFileSink<String> sink = new TransactionalFileSink<>(dir);
        CompletedCheckpoint restored = new CompletedCheckpoint(0, source.createInitialSplits(parallelism), List.of());
        long nextCheckpointId = 1;
        int crashes = 0;
        int completed = 0;
        List<TransactionalFileSink.Writer<String>> dropped = new ArrayList<>();
        attempts:
        for (int attempt = 1; ; attempt++) {
            assertThat(attempt).as("seed %d: too many attempts", seed).isLessThan(10_000);
            String attemptId = "attempt-" + attempt;
            sink.commit(roundTrip(restored.committables()));
            sink.abortStale(restored.committables(), attemptId);

            List<SourceReader<String, GeneratorSource.Split>> readers =
                    GeneratorSourceTest.restoreReaders(source, restored.sourceState(), parallelism);
            List<TransactionalFileSink.Writer<String>> writers = new ArrayList<>();
            for (int i = 0; i < parallelism; i++) {
                writers.add(sink.createWriter(new SinkContext(i, parallelism, attemptId)));
            }
            boolean[] finished = new boolean[parallelism];
            while (true) {
                boolean allFinished = true;
                for (boolean f : finished) {
                    allFinished &= f;
                }
                int dice = random.nextInt(100);
                if (allFinished || (dice >= 70 && dice < 95)) {
                    long checkpointId = allFinished ? Long.MAX_VALUE : nextCheckpointId++;
                    List<GeneratorSource.Split> sourceState = new ArrayList<>();
                    List<Committable> committables = new ArrayList<>();
                    for (int i = 0; i < parallelism; i++) {
                        sourceState.addAll(readers.get(i).snapshotState(checkpointId));
                        committables.addAll(writers.get(i).prepareCommit(checkpointId));
                    }
                    if (random.nextInt(7) == 0) {                // crash before the checkpoint completes
                        crashes++;
                        dropped.addAll(writers);
                        continue attempts;
                    }
                    restored = new CompletedCheckpoint(checkpointId, sourceState, committables);
                    completed++;
                    if (random.nextInt(7) == 0) {                // crash before the commit
                        crashes++;
                        dropped.addAll(writers);
                        continue attempts;
                    }
                    sink.commit(committables);
                    if (allFinished) {
                        for (TransactionalFileSink.Writer<String> writer : writers) {
                            writer.close();                // the finished tasks close their writers
                        }
                        break attempts;
                    }
                } else if (dice < 70) {
                    int i = random.nextInt(parallelism);
                    TransactionalFileSink.Writer<String> writer = writers.get(i);
                    SourceReader.InputStatus status = readers.get(i).pollNext(record -> {
                        try {
                            writer.write(record);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                    finished[i] = status == SourceReader.InputStatus.END_OF_INPUT;
                } else {                                           // crash between checkpoints
                    crashes++;
                    for (TransactionalFileSink.Writer<String> writer : writers) {
                        if (random.nextBoolean()) {
                            writer.close();                        // a cancelled task cleans up
                        } else {
                            dropped.add(writer);                   // a killed one does not
                        }
                    }
                    continue attempts;
                }
            }
        }
        for (TransactionalFileSink.Writer<String> writer : dropped) {
            writer.close();
        }
        List<String> expected = new ArrayList<>();
        for (int seq = 0; seq < count; seq++) {
            expected.add("line-" + seq);
        }
        List<String> lines = TransactionalFileSink.committedLines(dir);
        assertThat(lines).as("seed %d", seed).hasSize(count).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(crashes).as("seed %d: crashes", seed).isGreaterThan(5);
        assertThat(completed).as("seed %d: completed checkpoints", seed).isGreaterThan(5);
        try (Stream<java.nio.file.Path> files = Files.list(dir.toLocalPath())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("seed %d: only committed files remain", seed)
                    .allMatch(name -> !name.endsWith(".pending") && !name.endsWith(".inprogress"));
        }
    }

    private static List<Committable> roundTrip(Collection<Committable> committables) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (Committable committable : committables) {
            Committable.Serializer.INSTANCE.serialize(committable, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        List<Committable> result = new ArrayList<>();
        for (int i = 0; i < committables.size(); i++) {
            result.add(Committable.Serializer.INSTANCE.deserialize(in));
        }
        return result;
    }
}
