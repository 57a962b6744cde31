package io.cairn.runtime.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.runtime.source.SourceReader;
import io.cairn.runtime.source.SourceReader.InputStatus;
import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.StringSerializer;
import io.cairn.serialization.TypeSerializerSnapshot;
import io.cairn.serialization.TypeSerializerSnapshots;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GeneratorSourceTest {

    private static GeneratorSource<Long> source(long count) {
        return new GeneratorSource<>(count, seq -> seq * 3 + 1, LongSerializer.INSTANCE);
    }

    @Test
    void initialSplitsCoverEverySequenceNumberOnceInNearEqualContiguousRanges() {
        long[] counts = {0, 1, 2, 3, 5, 7, 255, 256, 257, 1000, 1001, 10_007, 1L << 40, Long.MAX_VALUE};
        for (long count : counts) {
            for (int p : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 13, 16, 17, 100, 128, 1000}) {
                List<GeneratorSource.Split> splits = source(count).createInitialSplits(p);
                assertThat(splits).as("count %d, p %d", count, p).hasSize(p);
                long expectedStart = 0;
                long min = Long.MAX_VALUE;
                long max = Long.MIN_VALUE;
                for (GeneratorSource.Split split : splits) {
                    assertThat(split.start()).as("count %d, p %d: contiguous", count, p).isEqualTo(expectedStart);
                    assertThat(split.next()).isEqualTo(split.start());
                    long size = split.end() - split.start();
                    min = Math.min(min, size);
                    max = Math.max(max, size);
                    expectedStart = split.end();
                }
                assertThat(expectedStart).as("count %d, p %d: ends at count", count, p).isEqualTo(count);
                assertThat(max - min).as("count %d, p %d: near-equal", count, p).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void everyReaderEmitsItsRangeInBatchesOfAtMost256() throws Exception {
        for (long count : new long[] {0, 1, 255, 256, 257, 1000, 5003}) {
            for (int p : new int[] {1, 2, 3, 7, 11}) {
                GeneratorSource<Long> source = source(count);
                List<GeneratorSource.Split> splits = source.createInitialSplits(p);
                List<Long> all = new ArrayList<>();
                for (int i = 0; i < p; i++) {
                    SourceReader<Long, GeneratorSource.Split> reader = source.createReader(i, p);
                    reader.addSplits(List.of(splits.get(i)));
                    List<Long> out = drain(reader, Integer.MAX_VALUE);
                    List<Long> expected = new ArrayList<>();
                    for (long seq = splits.get(i).start(); seq < splits.get(i).end(); seq++) {
                        expected.add(seq * 3 + 1);
                    }
                    assertThat(out).isEqualTo(expected);
                    assertThat(reader.snapshotState(1)).isEmpty();
                    reader.close();
                    all.addAll(out);
                }
                assertThat(all).hasSize((int) count).doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void pollEmitsAtMost256RecordsAndReportsEndOfInputOnlyWhenDone() throws Exception {
        GeneratorSource<Long> source = source(600);
        SourceReader<Long, GeneratorSource.Split> reader = source.createReader(0, 1);
        reader.addSplits(source.createInitialSplits(1));
        List<Long> out = new ArrayList<>();
        assertThat(reader.pollNext(out::add)).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(out).hasSize(256);
        assertThat(reader.snapshotState(1)).containsExactly(new GeneratorSource.Split(0, 600, 256));
        assertThat(reader.pollNext(out::add)).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(reader.pollNext(out::add)).isEqualTo(InputStatus.END_OF_INPUT);
        assertThat(out).hasSize(600);
        assertThat(reader.pollNext(out::add)).isEqualTo(InputStatus.END_OF_INPUT);
        assertThat(out).hasSize(600);
        reader.close();
    }

    @Test
    void aReaderWithoutSplitsIsAtEndOfInput() throws Exception {
        SourceReader<Long, GeneratorSource.Split> reader = source(10).createReader(0, 1);
        assertThat(reader.pollNext(r -> {})).isEqualTo(InputStatus.END_OF_INPUT);
        reader.close();
    }

    @Test
    void snapshotAndRestoreAtAnotherParallelismLosesAndRepeatsNothing() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            long count = random.nextInt(5000);
            int parallelism = 1 + random.nextInt(8);
            GeneratorSource<Long> source = source(count);
            List<GeneratorSource.Split> state = source.createInitialSplits(parallelism);
            List<Long> emitted = new ArrayList<>();
            // a chain of restores, each at a new parallelism, with random progress in between
            for (int restore = 0; restore < 4; restore++) {
                List<SourceReader<Long, GeneratorSource.Split>> readers = restoreReaders(source, state, parallelism);
                for (SourceReader<Long, GeneratorSource.Split> reader : readers) {
                    emitted.addAll(drain(reader, random.nextInt(4)));
                }
                state = new ArrayList<>();
                for (SourceReader<Long, GeneratorSource.Split> reader : readers) {
                    state.addAll(serializeRoundTrip(reader.snapshotState(restore + 1)));
                    reader.close();
                }
                parallelism = 1 + random.nextInt(8);
            }
            for (SourceReader<Long, GeneratorSource.Split> reader : restoreReaders(source, state, parallelism)) {
                emitted.addAll(drain(reader, Integer.MAX_VALUE));
                reader.close();
            }
            List<Long> expected = new ArrayList<>();
            for (long seq = 0; seq < count; seq++) {
                expected.add(seq * 3 + 1);
            }
            assertThat(emitted).as("round %d, count %d", round, count).hasSize((int) count)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void theSameSequenceNumberAlwaysGivesTheSameRecord() throws Exception {
        GeneratorSource<String> source = new GeneratorSource<>(1000, seq -> "r" + seq, StringSerializer.INSTANCE);
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (List<String> out : List.of(first, second)) {
            SourceReader<String, GeneratorSource.Split> reader = source.createReader(0, 1);
            reader.addSplits(source.createInitialSplits(4));
            drainInto(reader, out);
            reader.close();
        }
        assertThat(first).isEqualTo(second).hasSize(1000).startsWith("r0", "r1");
    }

    @Test
    void invalidArgumentsAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> source(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> source(10).createInitialSplits(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> source(10).createReader(3, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3");
        assertThatThrownBy(() -> new GeneratorSource.Split(5, 4, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start=5").hasMessageContaining("end=4");
        assertThatThrownBy(() -> new GeneratorSource.Split(0, 4, 7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("next=7");
    }

    @Test
    void aNullRecordFailsNamingTheSequenceNumber() {
        GeneratorSource<String> source = new GeneratorSource<>(10, seq -> seq == 7 ? null : "x", StringSerializer.INSTANCE);
        SourceReader<String, GeneratorSource.Split> reader = source.createReader(0, 1);
        reader.addSplits(source.createInitialSplits(1));
        assertThatThrownBy(() -> reader.pollNext(r -> {})).hasMessageContaining("7");
    }

    @Test
    void splitSerializerRoundTripsAndRestoresFromItsSnapshot() throws IOException {
        GeneratorSource.Split.Serializer serializer = source(1).getSplitSerializer();
        for (GeneratorSource.Split split : List.of(new GeneratorSource.Split(0, 0, 0),
                new GeneratorSource.Split(3, 10, 7), new GeneratorSource.Split(0, Long.MAX_VALUE, Long.MAX_VALUE))) {
            DataOutputSerializer out = new DataOutputSerializer(32);
            serializer.serialize(split, out);
            assertThat(out.length()).isEqualTo(serializer.getLength());
            assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(split);
        }
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshots.write(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<GeneratorSource.Split> snapshot =
                TypeSerializerSnapshots.read(new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(snapshot.restoreSerializer()).isEqualTo(serializer);
        assertThat(snapshot.resolveSchemaCompatibility(serializer).isCompatibleAsIs()).isTrue();

        DataOutputSerializer bad = new DataOutputSerializer(32);
        bad.writeLong(5);
        bad.writeLong(4);
        bad.writeLong(5);
        assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(bad.getCopyOfBuffer())))
                .isInstanceOf(IOException.class).hasMessageContaining("end=4");
    }

    @Test
    void theSourceSurvivesJavaSerialization() throws Exception {
        GeneratorSource<Long> source = source(20);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(source);
        }
        Object copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = in.readObject();
        }
        @SuppressWarnings("unchecked")
        GeneratorSource<Long> restored = (GeneratorSource<Long>) copy;
        assertThat(restored.getCount()).isEqualTo(20);
        assertThat(restored.getOutputSerializer()).isEqualTo(LongSerializer.INSTANCE);
        SourceReader<Long, GeneratorSource.Split> reader = restored.createReader(0, 1);
        reader.addSplits(restored.createInitialSplits(1));
        assertThat(drain(reader, Integer.MAX_VALUE)).hasSize(20).startsWith(1L, 4L, 7L);
        reader.close();
    }

    /** Gives the splits to {@code parallelism} new readers, round-robin. */
    static <T> List<SourceReader<T, GeneratorSource.Split>> restoreReaders(
            GeneratorSource<T> source, List<GeneratorSource.Split> splits, int parallelism) {
        List<SourceReader<T, GeneratorSource.Split>> readers = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            List<GeneratorSource.Split> mine = new ArrayList<>();
            for (int j = i; j < splits.size(); j += parallelism) {
                mine.add(splits.get(j));
            }
            SourceReader<T, GeneratorSource.Split> reader = source.createReader(i, parallelism);
            reader.addSplits(mine);
            readers.add(reader);
        }
        return readers;
    }

    private static List<GeneratorSource.Split> serializeRoundTrip(List<GeneratorSource.Split> splits) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (GeneratorSource.Split split : splits) {
            GeneratorSource.Split.Serializer.INSTANCE.serialize(split, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        List<GeneratorSource.Split> result = new ArrayList<>();
        for (int i = 0; i < splits.size(); i++) {
            result.add(GeneratorSource.Split.Serializer.INSTANCE.deserialize(in));
        }
        return result;
    }

    /** Polls at most {@code polls} times or until end of input; checks the batch limit. */
    private static <T> List<T> drain(SourceReader<T, GeneratorSource.Split> reader, int polls) throws Exception {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < polls; i++) {
            int before = out.size();
            InputStatus status = reader.pollNext(out::add);
            assertThat(out.size() - before).isLessThanOrEqualTo(GeneratorSource.MAX_RECORDS_PER_POLL);
            if (status == InputStatus.END_OF_INPUT) {
                break;
            }
        }
        return out;
    }

    private static <T> void drainInto(SourceReader<T, GeneratorSource.Split> reader, List<T> out) throws Exception {
        out.addAll(drain(reader, Integer.MAX_VALUE));
    }
}
