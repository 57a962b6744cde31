package io.cairn.runtime.connectors;

import io.cairn.fs.FSDataInputStream;
import io.cairn.fs.FileStatus;
import io.cairn.fs.FileSystem;
import io.cairn.fs.Path;
import io.cairn.runtime.source.Source;
import io.cairn.runtime.source.SourceOutput;
import io.cairn.runtime.source.SourceReader;
import io.cairn.serialization.DataInputView;
import io.cairn.serialization.DataOutputView;
import io.cairn.serialization.SimpleTypeSerializerSnapshot;
import io.cairn.serialization.StringSerializer;
import io.cairn.serialization.TypeSerializer;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * A bounded source of the lines of some files, on any {@link FileSystem}. Files are UTF-8 (malformed
 * bytes are an error naming the file and offset); lines end at {@code '\n'}, one trailing
 * {@code '\r'} is stripped (so CRLF files read like LF files), and a last line without a line break
 * is still a line. There is one {@link Split} per file; its state is the byte offset of the next
 * line, so a restore seeks there and no line is lost or repeated.
 *
 * <p>A reader emits at most {@value #MAX_LINES_PER_POLL} lines per {@code pollNext}. Files must not
 * change while the job runs.
 */
public final class FileLineSource implements Source<String, FileLineSource.Split> {

    private static final long serialVersionUID = 1L;

    /** The most lines a reader emits in one {@code pollNext}. */
    public static final int MAX_LINES_PER_POLL = 256;

    private final List<Path> files;

    /**
     * Creates the source.
     *
     * @param files the files, read in this order within a subtask; may be empty
     * @throws NullPointerException if the list or an element is null
     */
    public FileLineSource(List<Path> files) {
        Objects.requireNonNull(files, "files");
        for (int i = 0; i < files.size(); i++) {
            Objects.requireNonNull(files.get(i), "file " + i + " is null");
        }
        this.files = new ArrayList<>(files);
    }

    /** @return the files, in order */
    public List<Path> getFiles() {
        return List.copyOf(files);
    }

    /**
     * One split per file at offset 0, whatever the parallelism (split {@code i} goes to subtask
     * {@code i % parallelism}).
     *
     * @throws IllegalArgumentException if {@code parallelism} is not positive
     */
    @Override
    public List<Split> createInitialSplits(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive: " + parallelism);
        }
        List<Split> splits = new ArrayList<>(files.size());
        for (Path file : files) {
            splits.add(new Split(file.toString(), 0));
        }
        return splits;
    }

    /** @return {@link Split.Serializer#INSTANCE} */
    @Override
    public Split.Serializer getSplitSerializer() {
        return Split.Serializer.INSTANCE;
    }

    /** @return {@link StringSerializer#INSTANCE} */
    @Override
    public StringSerializer getOutputSerializer() {
        return StringSerializer.INSTANCE;
    }

    /**
     * Creates a reader with no splits.
     *
     * @throws IllegalArgumentException if the subtask index is not in {@code [0, parallelism)}
     */
    @Override
    public SourceReader<String, Split> createReader(int subtaskIndex, int parallelism) {
        if (parallelism < 1 || subtaskIndex < 0 || subtaskIndex >= parallelism) {
            throw new IllegalArgumentException(
                    "subtask index " + subtaskIndex + " is not within parallelism " + parallelism);
        }
        return new Reader();
    }

    /**
     * One file and the byte offset of its next unread line.
     *
     * @param path the file, as {@link Path#toString()}
     * @param offset the byte offset where the next line starts, not negative
     */
    public record Split(String path, long offset) {

        /**
         * Checks the fields.
         *
         * @throws NullPointerException if {@code path} is null
         * @throws IllegalArgumentException if {@code offset} is negative or {@code path} is not a valid path
         */
        public Split {
            Objects.requireNonNull(path, "path");
            if (offset < 0) {
                throw new IllegalArgumentException("offset in " + path + " must not be negative: " + offset);
            }
            Path.of(path);
        }

        /** @return the file as a {@link Path} */
        public Path toPath() {
            return Path.of(path);
        }

        /**
         * @param newOffset the new offset
         * @return this split at another offset
         */
        public Split withOffset(long newOffset) {
            return new Split(path, newOffset);
        }

        /** Serializes splits as the path string and the offset. Stateless; use {@link #INSTANCE}. */
        public static final class Serializer extends TypeSerializer<Split> {

            /** The shared instance. */
            public static final Serializer INSTANCE = new Serializer();

            private Serializer() {}

            /** @return true: splits are immutable */
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

            /** @return -1: the path has variable length */
            @Override
            public int getLength() {
                return -1;
            }

            /** Writes the path and the offset. */
            @Override
            public void serialize(Split record, DataOutputView target) throws IOException {
                Objects.requireNonNull(record, "FileLineSource.Split.Serializer cannot serialize null");
                StringSerializer.writeString(record.path, target);
                target.writeLong(record.offset);
            }

            /**
             * Reads a split written by {@link #serialize}.
             *
             * @throws IOException if reading fails or the fields are invalid
             */
            @Override
            public Split deserialize(DataInputView source) throws IOException {
                String path = StringSerializer.readString(source);
                long offset = source.readLong();
                try {
                    return new Split(path, offset);
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw new IOException("malformed file split (path " + path + ", offset " + offset + "): "
                            + e.getMessage(), e);
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

    /** Reads the splits one after another, in the order they were added. */
    private static final class Reader implements SourceReader<String, Split> {

        private final Deque<Split> splits = new ArrayDeque<>();
        /** Reads the head split; null until it is opened. */
        private LineReader current;

        @Override
        public void addSplits(List<Split> newSplits) {
            splits.addAll(newSplits);
        }

        @Override
        public InputStatus pollNext(SourceOutput<String> output) throws IOException {
            int budget = MAX_LINES_PER_POLL;
            while (budget > 0 && !splits.isEmpty()) {
                if (current == null) {
                    current = LineReader.open(splits.peekFirst());
                }
                String line = current.readLine();
                if (line == null) {
                    current.close();
                    current = null;
                    splits.removeFirst();
                    continue;
                }
                budget--;
                output.collect(line);
            }
            return splits.isEmpty() ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
        }

        /** @return the unread splits, the one being read at the offset of its next line */
        @Override
        public List<Split> snapshotState(long checkpointId) {
            List<Split> result = new ArrayList<>(splits);
            if (current != null) {
                result.set(0, result.get(0).withOffset(current.offset()));
            }
            return result;
        }

        @Override
        public void close() throws IOException {
            if (current != null) {
                LineReader reader = current;
                current = null;
                reader.close();
            }
        }
    }

    /** Splits a file into lines, tracking the byte offset of the next line. */
    private static final class LineReader implements AutoCloseable {

        private static final int BUFFER_SIZE = 64 * 1024;

        private final Path path;
        private final FSDataInputStream in;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        private final byte[] buffer = new byte[BUFFER_SIZE];
        private int position;
        private int limit;
        /** Bytes of a line that spans buffer refills. */
        private byte[] line = new byte[256];
        /** Byte offset in the file of the next unread line. */
        private long offset;

        private LineReader(Path path, FSDataInputStream in, long offset) {
            this.path = path;
            this.in = in;
            this.offset = offset;
        }

        static LineReader open(Split split) throws IOException {
            Path path = split.toPath();
            FileSystem fs = FileSystem.get(path);
            FileStatus status;
            try {
                status = fs.getFileStatus(path);
            } catch (FileNotFoundException e) {
                FileNotFoundException error = new FileNotFoundException("source file not found: " + path);
                error.initCause(e);
                throw error;
            }
            if (status.isDirectory()) {
                throw new IOException("source file is a directory: " + path);
            }
            if (split.offset() > status.length()) {
                throw new IOException("split offset " + split.offset() + " is past the end of " + path + " ("
                        + status.length() + " bytes); did the file change?");
            }
            FSDataInputStream in = fs.open(path);
            try {
                in.seek(split.offset());
            } catch (IOException | RuntimeException e) {
                in.close();
                throw new IOException("cannot seek to offset " + split.offset() + " in " + path, e);
            }
            return new LineReader(path, in, split.offset());
        }

        long offset() {
            return offset;
        }

        /** @return the next line without its line break, or null at the end of the file */
        String readLine() throws IOException {
            int length = 0;
            while (true) {
                if (position == limit && !fill()) {
                    if (length == 0) {
                        return null;
                    }
                    return finishLine(length, length);
                }
                int start = position;
                int newline = -1;
                for (int i = start; i < limit; i++) {
                    if (buffer[i] == '\n') {
                        newline = i;
                        break;
                    }
                }
                int end = newline < 0 ? limit : newline;
                int chunk = end - start;
                if (length + chunk > line.length) {
                    line = Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
                }
                System.arraycopy(buffer, start, line, length, chunk);
                length += chunk;
                if (newline >= 0) {
                    position = newline + 1;
                    return finishLine(length, length + 1);
                }
                position = limit;
            }
        }

        /** Decodes {@code line[0, length)} and advances the offset by {@code consumed} bytes. */
        private String finishLine(int length, int consumed) throws IOException {
            int textLength = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
            String text;
            try {
                text = decoder.decode(ByteBuffer.wrap(line, 0, textLength)).toString();
            } catch (CharacterCodingException e) {
                throw new IOException("malformed UTF-8 in " + path + " in the line starting at byte " + offset, e);
            }
            offset += consumed;
            return text;
        }

        private boolean fill() throws IOException {
            int n;
            do {
                n = in.read(buffer, 0, buffer.length);
            } while (n == 0);
            if (n < 0) {
                position = 0;
                limit = 0;
                return false;
            }
            position = 0;
            limit = n;
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
