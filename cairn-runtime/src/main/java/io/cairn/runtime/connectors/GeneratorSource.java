package io.cairn.runtime.connectors;

import io.cairn.runtime.source.Source;
import io.cairn.runtime.source.SourceOutput;
import io.cairn.runtime.source.SourceReader;
import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.DataInputView;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.DataOutputView;
import io.cairn.serialization.SimpleTypeSerializerSnapshot;
import io.cairn.serialization.TypeSerializer;
import io.cairn.serialization.TypeSerializerSnapshot;
import io.cairn.serialization.TypeSerializerSnapshots;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * A bounded, deterministic source: the records for the sequence numbers {@code 0 .. count-1}, each
 * made by a {@link SequenceGenerator}. The numbers are cut into one contiguous {@link Split} per
 * subtask; a split's state is its next sequence number, so a restore (at any parallelism) resumes
 * each range exactly where the checkpoint left it: no record is lost or repeated.
 *
 * <p>A reader emits at most {@value #MAX_RECORDS_PER_POLL} records per {@code pollNext}.
 *
 * @param <T> the record type
 */
public final class GeneratorSource<T> implements Source<T, GeneratorSource.Split> {

    private static final long serialVersionUID = 1L;

    /** The most records a reader emits in one {@code pollNext}. */
    public static final int MAX_RECORDS_PER_POLL = 256;

    private final long count;
    private final SequenceGenerator<T> generator;
    /** Not serializable itself; Java serialization writes its {@link TypeSerializerSnapshot}. */
    private transient TypeSerializer<T> outputSerializer;

    /**
     * Creates the source.
     *
     * @param count how many records, not negative
     * @param generator makes the record of each sequence number; deterministic
     * @param outputSerializer the serializer of the records
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public GeneratorSource(long count, SequenceGenerator<T> generator, TypeSerializer<T> outputSerializer) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        this.count = count;
        this.generator = Objects.requireNonNull(generator, "generator");
        this.outputSerializer = Objects.requireNonNull(outputSerializer, "outputSerializer");
    }

    /** @return how many records the source produces in total */
    public long getCount() {
        return count;
    }

    /**
     * Cuts {@code [0, count)} into {@code parallelism} contiguous ranges whose sizes differ by at
     * most one (the first {@code count % parallelism} get the extra record). When {@code count} is
     * smaller than the parallelism, the last splits are empty.
     *
     * @throws IllegalArgumentException if {@code parallelism} is not positive
     */
    @Override
    public List<Split> createInitialSplits(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive: " + parallelism);
        }
        long base = count / parallelism;
        long extra = count % parallelism;
        List<Split> splits = new ArrayList<>(parallelism);
        long start = 0;
        for (int i = 0; i < parallelism; i++) {
            long end = start + base + (i < extra ? 1 : 0);
            splits.add(new Split(start, end, start));
            start = end;
        }
        return splits;
    }

    /** @return {@link Split.Serializer#INSTANCE} */
    @Override
    public Split.Serializer getSplitSerializer() {
        return Split.Serializer.INSTANCE;
    }

    @Override
    public TypeSerializer<T> getOutputSerializer() {
        return outputSerializer;
    }

    /**
     * Creates a reader with no splits.
     *
     * @throws IllegalArgumentException if the subtask index is not in {@code [0, parallelism)}
     */
    @Override
    public SourceReader<T, Split> createReader(int subtaskIndex, int parallelism) {
        if (parallelism < 1 || subtaskIndex < 0 || subtaskIndex >= parallelism) {
            throw new IllegalArgumentException(
                    "subtask index " + subtaskIndex + " is not within parallelism " + parallelism);
        }
        return new Reader<>(generator);
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        DataOutputSerializer snapshot = new DataOutputSerializer(64);
        TypeSerializerSnapshots.write(snapshot, outputSerializer.snapshotConfiguration());
        byte[] bytes = snapshot.getCopyOfBuffer();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        TypeSerializerSnapshot<T> snapshot = TypeSerializerSnapshots.read(new DataInputDeserializer(bytes),
                loader != null ? loader : GeneratorSource.class.getClassLoader());
        outputSerializer = snapshot.restoreSerializer();
    }

    /**
     * A range of sequence numbers and the position reached in it.
     *
     * @param start the first sequence number of the range
     * @param end one past the last sequence number of the range
     * @param next the next sequence number to emit; {@code start <= next <= end}
     */
    public record Split(long start, long end, long next) {

        /**
         * Checks the bounds.
         *
         * @throws IllegalArgumentException unless {@code 0 <= start <= next <= end}
         */
        public Split {
            if (start < 0 || start > next || next > end) {
                throw new IllegalArgumentException(
                        "split needs 0 <= start <= next <= end: start=" + start + ", next=" + next + ", end=" + end);
            }
        }

        /** @return true if every record of the range was emitted */
        public boolean isFinished() {
            return next == end;
        }

        /** @return how many records are left */
        public long remaining() {
            return end - next;
        }

        /**
         * @param newNext the new position
         * @return this split at another position
         */
        public Split withNext(long newNext) {
            return new Split(start, end, newNext);
        }

        /** Serializes splits as three longs: start, end, next. Stateless; use {@link #INSTANCE}. */
        public static final class Serializer extends TypeSerializer<Split> {

            /** The shared instance. */
            public static final Serializer INSTANCE = new Serializer();

            private Serializer() {}

            /** @return true: splits are records of primitives */
            @Override
            public boolean isImmutableType() {
                return true;
            }

            /** @return this stateless serializer */
            @Override
            public Serializer duplicate() {
                return this;
            }

            /** @return {@code from} itself */
            @Override
            public Split copy(Split from) {
                return from;
            }

            /** @return 24, three longs */
            @Override
            public int getLength() {
                return 24;
            }

            /** Writes start, end and next. */
            @Override
            public void serialize(Split record, DataOutputView target) throws IOException {
                Objects.requireNonNull(record, "GeneratorSource.Split.Serializer cannot serialize null");
                target.writeLong(record.start);
                target.writeLong(record.end);
                target.writeLong(record.next);
            }

            /**
             * Reads a split written by {@link #serialize}.
             *
             * @throws IOException if reading fails or the bounds are inconsistent
             */
            @Override
            public Split deserialize(DataInputView source) throws IOException {
                long start = source.readLong();
                long end = source.readLong();
                long next = source.readLong();
                try {
                    return new Split(start, end, next);
                } catch (IllegalArgumentException e) {
                    throw new IOException("malformed generator split: " + e.getMessage(), e);
                }
            }

            /** @return a snapshot compatible only with this serializer */
            @Override
            public Snapshot snapshotConfiguration() {
                return new Snapshot();
            }

            /** @return true for any instance of this class */
            @Override
            public boolean equals(Object obj) {
                return obj instanceof Serializer;
            }

            /** @return a hash code consistent with {@link #equals} */
            @Override
            public int hashCode() {
                return Serializer.class.getName().hashCode();
            }

            /** The snapshot of {@link Serializer}: no configuration beyond the class. */
            public static final class Snapshot extends SimpleTypeSerializerSnapshot<Split> {

                /** Creates the snapshot; used reflectively when restoring. */
                public Snapshot() {
                    super(() -> INSTANCE);
                }
            }
        }
    }

    /** Emits the splits one after another, in the order they were added. */
    private static final class Reader<T> implements SourceReader<T, Split> {

        private final SequenceGenerator<T> generator;
        private final Deque<Split> splits = new ArrayDeque<>();
        /** Position in the head split (kept here so the loop does not allocate a split per record). */
        private long next = -1;

        Reader(SequenceGenerator<T> generator) {
            this.generator = generator;
        }

        @Override
        public void addSplits(List<Split> newSplits) {
            for (Split split : newSplits) {
                if (!split.isFinished()) {
                    splits.addLast(split);
                }
            }
            if (next < 0 && !splits.isEmpty()) {
                next = splits.peekFirst().next();
            }
        }

        @Override
        public InputStatus pollNext(SourceOutput<T> output) {
            int budget = MAX_RECORDS_PER_POLL;
            while (budget > 0 && !splits.isEmpty()) {
                long end = splits.peekFirst().end();
                while (budget > 0 && next < end) {
                    long seq = next;
                    T record = generator.generate(seq);
                    if (record == null) {
                        throw new NullPointerException("generator returned null for sequence number " + seq);
                    }
                    next = seq + 1;
                    budget--;
                    output.collect(record);
                }
                if (next == end) {
                    splits.removeFirst();
                    next = splits.isEmpty() ? -1 : splits.peekFirst().next();
                }
            }
            return splits.isEmpty() ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
        }

        /** @return the unfinished splits, the first at the position reached; finished splits are dropped */
        @Override
        public List<Split> snapshotState(long checkpointId) {
            List<Split> result = new ArrayList<>(splits.size());
            for (Split split : splits) {
                result.add(result.isEmpty() ? split.withNext(next) : split);
            }
            return result;
        }

        /** Nothing to release. */
        @Override
        public void close() {}
    }
}
