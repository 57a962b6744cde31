package io.cairn.runtime.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.fs.Path;
import io.cairn.runtime.source.SourceReader;
import io.cairn.runtime.source.SourceReader.InputStatus;
import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.TypeSerializerSnapshot;
import io.cairn.serialization.TypeSerializerSnapshots;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLineSourceTest {

    @TempDir
    java.nio.file.Path tmp;

    private Path write(String name, String content) throws IOException {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, byte[] content) throws IOException {
        java.nio.file.Path file = tmp.resolve(name);
        Files.write(file, content);
        return Path.fromLocal(file);
    }

    @Test
    void readsLfCrlfEmptyLinesMultiByteTextAndALastLineWithoutNewline() throws Exception {
        Path file = write("a.txt", "one\r\ntwo\n\nthree\r\n\r\nünïcödé €𝄞\nlast");
        assertThat(readAll(new FileLineSource(List.of(file)), 1))
                .containsExactly("one", "two", "", "three", "", "ünïcödé €𝄞", "last");
        assertThat(readAll(new FileLineSource(List.of(write("b.txt", "x\r"))), 1)).containsExactly("x");
        assertThat(readAll(new FileLineSource(List.of(write("c.txt", "x\n"))), 1)).containsExactly("x");
        assertThat(readAll(new FileLineSource(List.of(write("d.txt", "\n"))), 1)).containsExactly("");
        assertThat(readAll(new FileLineSource(List.of(write("e.txt", ""))), 1)).isEmpty();
        assertThat(readAll(new FileLineSource(List.of()), 3)).isEmpty();
    }

    @Test
    void aRestoredSplitSeeksToItsOffset() throws Exception {
        String content = "alpha\r\nbeta\ngamma\r\ndelta";
        Path file = write("a.txt", content);
        FileLineSource source = new FileLineSource(List.of(file));
        int[] starts = {0, 7, 12, 19};
        String[] lines = {"alpha", "beta", "gamma", "delta"};
        for (int i = 0; i < starts.length; i++) {
            SourceReader<String, FileLineSource.Split> reader = source.createReader(0, 1);
            reader.addSplits(List.of(new FileLineSource.Split(file.toString(), starts[i])));
            List<String> out = new ArrayList<>();
            reader.pollNext(out::add);
            assertThat(out).containsExactly(java.util.Arrays.copyOfRange(lines, i, lines.length));
            reader.close();
        }
        SourceReader<String, FileLineSource.Split> atEnd = source.createReader(0, 1);
        atEnd.addSplits(List.of(new FileLineSource.Split(file.toString(), content.length())));
        assertThat(atEnd.pollNext(line -> {
            throw new AssertionError("no line expected, got " + line);
        })).isEqualTo(InputStatus.END_OF_INPUT);
        atEnd.close();
    }

    @Test
    void snapshotsRecordTheOffsetOfTheNextLine() throws Exception {
        StringBuilder content = new StringBuilder();
        List<Long> lineStarts = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            lineStarts.add((long) content.toString().getBytes(StandardCharsets.UTF_8).length);
            content.append("line ").append(i).append(i % 2 == 0 ? "\r\n" : "\n");
        }
        Path file = write("a.txt", content.toString());
        FileLineSource source = new FileLineSource(List.of(file));
        SourceReader<String, FileLineSource.Split> reader = source.createReader(0, 1);
        reader.addSplits(source.createInitialSplits(1));
        assertThat(reader.snapshotState(0)).containsExactly(new FileLineSource.Split(file.toString(), 0));
        List<String> out = new ArrayList<>();
        assertThat(reader.pollNext(out::add)).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(out).hasSize(256).endsWith("line 255");
        assertThat(reader.snapshotState(1)).containsExactly(new FileLineSource.Split(file.toString(), lineStarts.get(256)));
        reader.pollNext(out::add);
        reader.pollNext(out::add);
        assertThat(out).hasSize(600);
        assertThat(reader.snapshotState(2)).isEmpty();
        reader.close();
    }

    @Test
    void restoringAfterEveryPollAtChangingParallelismLosesAndRepeatsNoLine() throws Exception {
        Random random = new Random(7);
        List<Path> files = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int f = 0; f < 5; f++) {
            StringBuilder content = new StringBuilder();
            int lines = random.nextInt(900);
            for (int i = 0; i < lines; i++) {
                String line = "f" + f + "-" + i + "-" + "é".repeat(random.nextInt(5));
                expected.add(line);
                content.append(line).append(random.nextBoolean() ? "\r\n" : "\n");
            }
            if (random.nextBoolean() && lines > 0) {
                content.setLength(content.length() - (content.charAt(content.length() - 2) == '\r' ? 2 : 1));
            }
            files.add(write("f" + f + ".txt", content.toString()));
        }
        FileLineSource source = new FileLineSource(files);
        int parallelism = 2;
        List<FileLineSource.Split> state = source.createInitialSplits(parallelism);
        assertThat(state).hasSize(5);
        List<String> emitted = new ArrayList<>();
        int guard = 0;
        while (!state.isEmpty()) {
            assertThat(guard++).isLessThan(1000);
            List<FileLineSource.Split> next = new ArrayList<>();
            for (int i = 0; i < parallelism; i++) {
                List<FileLineSource.Split> mine = new ArrayList<>();
                for (int j = i; j < state.size(); j += parallelism) {
                    mine.add(state.get(j));
                }
                SourceReader<String, FileLineSource.Split> reader = source.createReader(i, parallelism);
                reader.addSplits(mine);
                int before = emitted.size();
                reader.pollNext(emitted::add);
                assertThat(emitted.size() - before).isLessThanOrEqualTo(FileLineSource.MAX_LINES_PER_POLL);
                next.addAll(roundTrip(reader.snapshotState(guard)));
                reader.close();
            }
            state = next;
            parallelism = 1 + random.nextInt(4);
        }
        assertThat(emitted).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aLineLongerThanTheReadBufferIsReadWhole() throws Exception {
        String longLine = "ab€".repeat(50_000);
        Path file = write("long.txt", longLine + "\r\nshort\n" + longLine);
        FileLineSource source = new FileLineSource(List.of(file));
        assertThat(readAll(source, 1)).containsExactly(longLine, "short", longLine);
        SourceReader<String, FileLineSource.Split> reader = source.createReader(0, 1);
        long secondLine = longLine.getBytes(StandardCharsets.UTF_8).length + 2;
        reader.addSplits(List.of(new FileLineSource.Split(file.toString(), secondLine)));
        List<String> out = new ArrayList<>();
        reader.pollNext(out::add);
        assertThat(out).containsExactly("short", longLine);
        reader.close();
    }

    @Test
    void aMissingFileFailsNamingThePath() throws Exception {
        Path present = write("present.txt", "a\n");
        Path missing = Path.fromLocal(tmp.resolve("missing.txt"));
        FileLineSource source = new FileLineSource(List.of(present, missing));
        SourceReader<String, FileLineSource.Split> reader = source.createReader(0, 1);
        reader.addSplits(source.createInitialSplits(1));
        List<String> out = new ArrayList<>();
        assertThatThrownBy(() -> reader.pollNext(out::add))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining(missing.toString());
        assertThat(out).containsExactly("a");
        reader.close();
    }

    @Test
    void anOffsetPastTheEndAndMalformedUtf8FailNamingThePath() throws Exception {
        Path file = write("short.txt", "abc\n");
        FileLineSource source = new FileLineSource(List.of(file));
        SourceReader<String, FileLineSource.Split> reader = source.createReader(0, 1);
        reader.addSplits(List.of(new FileLineSource.Split(file.toString(), 99)));
        assertThatThrownBy(() -> reader.pollNext(line -> {}))
                .isInstanceOf(IOException.class).hasMessageContaining(file.toString()).hasMessageContaining("99");
        reader.close();

        Path bad = write("bad.txt", new byte[] {'o', 'k', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
        SourceReader<String, FileLineSource.Split> badReader = new FileLineSource(List.of(bad)).createReader(0, 1);
        badReader.addSplits(List.of(new FileLineSource.Split(bad.toString(), 0)));
        assertThatThrownBy(() -> badReader.pollNext(line -> {}))
                .isInstanceOf(IOException.class).hasMessageContaining(bad.toString()).hasMessageContaining("byte 3");
        badReader.close();
    }

    @Test
    void invalidSplitsAndArgumentsAreRejected() {
        assertThatThrownBy(() -> new FileLineSource.Split("/x", -5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5").hasMessageContaining("/x");
        assertThatThrownBy(() -> new FileLineSource(List.of()).createInitialSplits(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }

    @Test
    void splitSerializerRoundTripsAndRestoresFromItsSnapshot() throws IOException {
        FileLineSource.Split.Serializer serializer = new FileLineSource(List.of()).getSplitSerializer();
        FileLineSource.Split split = new FileLineSource.Split(Path.fromLocal(java.nio.file.Path.of("/data/ä b.txt")).toString(), 12345);
        DataOutputSerializer out = new DataOutputSerializer(32);
        serializer.serialize(split, out);
        assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(split);
        DataOutputSerializer snap = new DataOutputSerializer(64);
        TypeSerializerSnapshots.write(snap, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<FileLineSource.Split> snapshot =
                TypeSerializerSnapshots.read(new DataInputDeserializer(snap.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(snapshot.restoreSerializer()).isEqualTo(serializer);
        assertThat(snapshot.resolveSchemaCompatibility(serializer).isCompatibleAsIs()).isTrue();
    }

    private static List<FileLineSource.Split> roundTrip(List<FileLineSource.Split> splits) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (FileLineSource.Split split : splits) {
            FileLineSource.Split.Serializer.INSTANCE.serialize(split, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        List<FileLineSource.Split> result = new ArrayList<>();
        for (int i = 0; i < splits.size(); i++) {
            result.add(FileLineSource.Split.Serializer.INSTANCE.deserialize(in));
        }
        return result;
    }

    private static List<String> readAll(FileLineSource source, int parallelism) throws Exception {
        List<FileLineSource.Split> splits = source.createInitialSplits(parallelism);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            SourceReader<String, FileLineSource.Split> reader = source.createReader(i, parallelism);
            List<FileLineSource.Split> mine = new ArrayList<>();
            for (int j = i; j < splits.size(); j += parallelism) {
                mine.add(splits.get(j));
            }
            reader.addSplits(mine);
            while (reader.pollNext(out::add) != InputStatus.END_OF_INPUT) {
                // keep polling
            }
            reader.close();
        }
        return out;
    }
}
