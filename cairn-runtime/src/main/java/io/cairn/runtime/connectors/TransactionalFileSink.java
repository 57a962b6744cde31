package io.cairn.runtime.connectors;

import io.cairn.common.ClassPreloading;
import io.cairn.fs.FSDataOutputStream;
import io.cairn.fs.FileStatus;
import io.cairn.fs.FileSystem;
import io.cairn.fs.Path;
import io.cairn.runtime.sink.SinkContext;
import io.cairn.runtime.sink.TwoPhaseCommittingSink;
import io.cairn.serialization.DataInputView;
import io.cairn.serialization.DataOutputView;
import io.cairn.serialization.SimpleTypeSerializerSnapshot;
import io.cairn.serialization.StringSerializer;
import io.cairn.serialization.TypeSerializer;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exactly-once sink that writes each record as one UTF-8 line ({@code '\n'}-terminated) into
 * files in one directory, made visible only when the checkpoint that contains them completes.
 *
 * <p><b>Files.</b> With {@code s} the subtask index, {@code a} the attempt id and {@code n} a counter
 * per writer (from 0):
 *
 * <ul>
 *   <li>{@code part-s-a-n.inprogress}: being written; opened when the writer is created and again
 *       each time a checkpoint pre-commits the previous one, so a writer always has one open (an
 *       empty one is deleted when the writer closes);
 *   <li>{@code part-s-a-n.pending}: pre-committed at a checkpoint (flushed, fsynced, closed, renamed);
 *       its {@link Committable} is stored in the checkpoint;
 *   <li>{@code part-s-a-n}: committed, visible. Only these are output ({@link #committedFiles}).
 * </ul>
 *
 * <p><b>Protocol.</b> {@code prepareCommit} turns the in-progress file into a pending one and returns
 * its committable (none if nothing was written since the last checkpoint). {@link #commit} renames
 * pending to final atomically and is idempotent. After a failure the runtime commits the restored
 * committables again and calls {@link #abortStale}, which deletes the in-progress and pending files
 * of earlier attempts that are not among them: output written after the restored checkpoint, which
 * the replay writes again.
 *
 * <p>Renames use {@link Files#move} with {@code ATOMIC_MOVE}, so the directory must be on the local
 * file system ({@code file:}); another scheme is rejected when the sink is created. Attempt ids may
 * contain only letters, digits, {@code '.'}, {@code '_'} and {@code '-'}.
 *
 * @param <T> the record type
 */
public final class TransactionalFileSink<T>
        implements TwoPhaseCommittingSink<T, TransactionalFileSink.Committable> {

    private static final long serialVersionUID = 1L;

    /** Suffix of files being written. */
    public static final String IN_PROGRESS_SUFFIX = ".inprogress";

    /** Suffix of pre-committed files. */
    public static final String PENDING_SUFFIX = ".pending";

    private static final Pattern ATTEMPT_ID = Pattern.compile("[A-Za-z0-9._-]+");

    /** {@code part-<subtask>-<attempt>-<n>} with an optional suffix; the attempt may contain '-'. */
    private static final Pattern PART_FILE =
            Pattern.compile("part-(\\d+)-([A-Za-z0-9._-]+)-(\\d+)(\\.inprogress|\\.pending)?");

    private final Path directory;
    private final LineFormatter<T> formatter;

    /**
     * Creates a sink that writes {@code String.valueOf(record)} lines.
     *
     * @param directory the output directory, a {@code file:} path; created when the first writer opens its first file
     * @throws IllegalArgumentException if the directory is not on the local file system
     */
    public TransactionalFileSink(Path directory) {
        this(directory, LineFormatter.toStringFormatter());
    }

    /**
     * Creates a sink.
     *
     * @param directory the output directory, a {@code file:} path; created when the first writer opens its first file
     * @param formatter turns a record into its line
     * @throws IllegalArgumentException if the directory is not on the local file system
     */
    public TransactionalFileSink(Path directory, LineFormatter<T> formatter) {
        this.directory = requireLocal(Objects.requireNonNull(directory, "directory"));
        this.formatter = Objects.requireNonNull(formatter, "formatter");
    }

    /** @return the output directory */
    public Path getDirectory() {
        return directory;
    }

    /**
     * Creates the writer of one subtask, which opens its first in-progress file at once (if that
     * fails, its first write or pre-commit throws, naming the file).
     *
     * @throws IllegalArgumentException if the attempt id is empty or has characters other than
     *     letters, digits, {@code '.'}, {@code '_'} and {@code '-'}
     */
    @Override
    public Writer<T> createWriter(SinkContext context) {
        Objects.requireNonNull(context, "context");
        String attemptId = context.attemptId();
        if (attemptId == null || !ATTEMPT_ID.matcher(attemptId).matches()) {
            throw new IllegalArgumentException("attempt id must be non-empty and contain only letters, digits,"
                    + " '.', '_' and '-': '" + attemptId + "'");
        }
        if (context.subtaskIndex() < 0) {
            throw new IllegalArgumentException("subtask index must not be negative: " + context.subtaskIndex());
        }
        return new Writer<>(directory, formatter, context.subtaskIndex(), attemptId);
    }

    /** @return {@link Committable.Serializer#INSTANCE} */
    @Override
    public Committable.Serializer getCommittableSerializer() {
        return Committable.Serializer.INSTANCE;
    }

    /**
     * Makes each committable's file visible: if the final file exists it was committed before
     * (nothing to do); otherwise the pending file is renamed atomically to the final name and the
     * directory is fsynced.
     *
     * @throws IllegalStateException if neither the pending nor the final file exists (the data is
     *     lost), or the pending file's size differs from the committable's; the message names the paths
     * @throws IllegalArgumentException if a path is not on the local file system
     * @throws IOException if a rename fails
     */
    @Override
    public void commit(Collection<Committable> committables) throws IOException {
        Set<java.nio.file.Path> renamedInto = new HashSet<>();
        for (Committable committable : committables) {
            java.nio.file.Path pending = localPath(committable.pendingPath());
            java.nio.file.Path target = localPath(committable.finalPath());
            if (Files.exists(target)) {
                continue;
            }
            long size;
            try {
                size = Files.size(pending);
            } catch (NoSuchFileException e) {
                throw new IllegalStateException("cannot commit: neither the pending file " + committable.pendingPath()
                        + " nor the final file " + committable.finalPath() + " exists; the data is lost", e);
            }
            if (size != committable.size()) {
                throw new IllegalStateException("cannot commit " + committable.pendingPath() + ": it has " + size
                        + " bytes but the checkpoint recorded " + committable.size());
            }
            try {
                Files.move(pending, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename " + committable.pendingPath() + " to "
                        + committable.finalPath() + " atomically", e);
            }
            renamedInto.add(target.getParent());
        }
        for (java.nio.file.Path dir : renamedInto) {
            syncDirectory(dir);
        }
    }

    /**
     * Deletes every {@code .inprogress} and {@code .pending} file in the directory that belongs to an
     * attempt other than {@code currentAttemptId} and whose path is not the pending path of one of
     * {@code keep}. Committed files and files not named by this sink are never touched. The runtime
     * must pass as {@code keep} every committable that may still need committing (those of the
     * restored checkpoint, including any it carried over uncommitted).
     *
     * @throws IOException if the directory cannot be listed or a file cannot be deleted
     */
    @Override
    public void abortStale(Collection<Committable> keep, String currentAttemptId) throws IOException {
        deleteStale(keep, currentAttemptId, -1);
    }

    /** @return true: files name their subtask, so one subtask's output can be told from the others' */
    @Override
    public boolean supportsSubtaskRecovery() {
        return true;
    }

    /**
     * Commits the restored committables whose files subtask {@code subtask} wrote, then deletes that
     * subtask's {@code .inprogress} and {@code .pending} files of attempts other than
     * {@code currentAttemptId} that are not among them. Files of other subtasks are never touched.
     *
     * @throws IOException if the directory cannot be listed or a file cannot be committed or deleted
     */
    @Override
    public void recoverSubtask(Collection<Committable> restored, int subtask, String currentAttemptId) throws IOException {
        Objects.requireNonNull(currentAttemptId, "currentAttemptId");
        List<Committable> own = new ArrayList<>();
        for (Committable c : restored) {
            Matcher m = PART_FILE.matcher(Path.of(c.pendingPath()).getName());
            if (m.matches() && m.group(1).equals(Integer.toString(subtask))) {
                own.add(c);
            }
        }
        commit(own);
        deleteStale(own, currentAttemptId, subtask);
    }

    /** Deletes stale files of attempts other than {@code currentAttemptId}: of one subtask, or of all with -1. */
    private void deleteStale(Collection<Committable> keep, String currentAttemptId, int subtask) throws IOException {
        Objects.requireNonNull(currentAttemptId, "currentAttemptId");
        FileSystem fs = FileSystem.get(directory);
        if (!fs.exists(directory)) {
            return;
        }
        Set<Path> kept = new HashSet<>();
        for (Committable committable : keep) {
            kept.add(Path.of(committable.pendingPath()));
        }
        for (FileStatus status : fs.listStatus(directory)) {
            if (status.isDirectory()) {
                continue;
            }
            String name = status.path().getName();
            Matcher m = PART_FILE.matcher(name);
            if (!m.matches() || m.group(4) == null || m.group(2).equals(currentAttemptId)
                    || (subtask >= 0 && !m.group(1).equals(Integer.toString(subtask)))) {
                continue;
            }
            Path file = directory.child(name);
            if (!kept.contains(file)) {
                fs.delete(file, false);
            }
        }
    }

    /**
     * Lists the committed files of a directory written by this sink.
     *
     * @param dir the directory
     * @return the final files ({@code part-s-a-n}), sorted by name; empty if the directory does not exist
     * @throws IOException if the directory cannot be listed
     */
    public static List<Path> committedFiles(Path dir) throws IOException {
        FileSystem fs = FileSystem.get(dir);
        if (!fs.exists(dir)) {
            return List.of();
        }
        List<Path> result = new ArrayList<>();
        for (FileStatus status : fs.listStatus(dir)) {
            String name = status.path().getName();
            Matcher m = PART_FILE.matcher(name);
            if (!status.isDirectory() && m.matches() && m.group(4) == null) {
                result.add(dir.child(name));
            }
        }
        result.sort(Comparator.comparing(Path::getName));
        return result;
    }

    /**
     * Reads the lines of every committed file of a directory, file by file in name order.
     *
     * @param dir the directory
     * @return the lines, without their {@code '\n'}
     * @throws IOException if a file cannot be read
     */
    public static List<String> committedLines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path file : committedFiles(dir)) {
            byte[] bytes;
            try (InputStream in = FileSystem.get(file).open(file)) {
                bytes = in.readAllBytes();
            }
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    lines.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (start < bytes.length) {
                throw new IOException("committed file " + file + " does not end with a line break");
            }
        }
        return lines;
    }

    private static Path requireLocal(Path path) {
        if (!"file".equals(path.getScheme())) {
            throw new IllegalArgumentException("TransactionalFileSink supports only local (file:) paths, not scheme '"
                    + path.getScheme() + "' in " + path);
        }
        return path;
    }

    private static java.nio.file.Path localPath(String path) {
        return requireLocal(Path.of(path)).toLocalPath();
    }

    /** Forces a directory's entries (renames into it) to disk; ignored where directories cannot be opened. */
    private static void syncDirectory(java.nio.file.Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // some platforms cannot open directories; the rename itself is still atomic
        }
    }

    /**
     * A pre-committed file: pending, to be renamed to its final name when its checkpoint completes.
     *
     * @param pendingPath the pending file ({@code part-s-a-n.pending}), as {@link Path#toString()}
     * @param finalPath the committed file ({@code part-s-a-n}), as {@link Path#toString()}
     * @param size the file's size in bytes
     */
    public record Committable(String pendingPath, String finalPath, long size) {

        /**
         * Checks the fields.
         *
         * @throws NullPointerException if a path is null
         * @throws IllegalArgumentException if {@code size} is negative
         */
        public Committable {
            Objects.requireNonNull(pendingPath, "pendingPath");
            Objects.requireNonNull(finalPath, "finalPath");
            if (size < 0) {
                throw new IllegalArgumentException("size of " + pendingPath + " must not be negative: " + size);
            }
        }

        /** Serializes committables as both paths and the size. Stateless; use {@link #INSTANCE}. */
        public static final class Serializer extends TypeSerializer<Committable> {

            /** The shared instance. */
            public static final Serializer INSTANCE = new Serializer();

            private Serializer() {}

            /** @return true: committables are immutable */
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
            public Committable copy(Committable from) {
                return from;
            }

            /** @return -1: paths have variable length */
            @Override
            public int getLength() {
                return -1;
            }

            /** Writes the pending path, the final path and the size. */
            @Override
            public void serialize(Committable record, DataOutputView target) throws IOException {
                Objects.requireNonNull(record, "TransactionalFileSink.Committable.Serializer cannot serialize null");
                StringSerializer.writeString(record.pendingPath, target);
                StringSerializer.writeString(record.finalPath, target);
                target.writeLong(record.size);
            }

            /**
             * Reads a committable written by {@link #serialize}.
             *
             * @throws IOException if reading fails or the fields are invalid
             */
            @Override
            public Committable deserialize(DataInputView source) throws IOException {
                String pendingPath = StringSerializer.readString(source);
                String finalPath = StringSerializer.readString(source);
                long size = source.readLong();
                try {
                    return new Committable(pendingPath, finalPath, size);
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw new IOException("malformed committable (" + pendingPath + ", " + finalPath + ", " + size
                            + "): " + e.getMessage(), e);
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
            public static final class Snapshot extends SimpleTypeSerializerSnapshot<Committable> {

                /** Creates the snapshot; used reflectively when restoring. */
                public Snapshot() {
                    super(() -> INSTANCE);
                }
            }
        }
    }

    /**
     * The writer of one subtask: appends lines to its current in-progress file and pre-commits it
     * at checkpoints. Task thread only.
     *
     * @param <T> the record type
     */
    public static final class Writer<T> implements PrecommittingSinkWriter<T, Committable> {

        static {
            // loaded with the writer, not at a failure or at close, for the reason given at ClassPreloading
            ClassPreloading.initialize(FailedStream.class);
        }

        private final Path directory;
        private final LineFormatter<T> formatter;
        private final int subtask;
        private final String attemptId;
        /** The number of the next file to open. */
        private long counter;
        /**
         * The open in-progress file; never null, so that {@link #write} has no branch for "no file
         * yet" (HotSpot's C2 compiled such a branch, taken only at the first record after each
         * checkpoint, as a trap that threw away the compiled keyed path of the demo job). If the
         * file could not be created it is a {@link FailedStream} that throws the cause.
         */
        private FSDataOutputStream out;
        private Path inProgress;
        private String currentName;
        /** The current line and its newline, encoded; reused so an ASCII line costs no allocation. */
        private byte[] lineBytes = new byte[128];

        private Writer(Path directory, LineFormatter<T> formatter, int subtask, String attemptId) {
            this.directory = directory;
            this.formatter = formatter;
            this.subtask = subtask;
            this.attemptId = attemptId;
            openNext();
        }

        /**
         * Opens in-progress file number {@link #counter}. If it cannot be created, {@link #out} is a
         * stream that throws why at the next write or pre-commit.
         */
        private void openNext() {
            currentName = "part-" + subtask + "-" + attemptId + "-" + counter;
            inProgress = directory.child(currentName + IN_PROGRESS_SUFFIX);
            try {
                out = FileSystem.get(inProgress).create(inProgress, false);
            } catch (IOException e) {
                out = new FailedStream(new IOException("cannot create in-progress file " + inProgress + ": " + e, e));
            }
        }

        /** @return the in-progress file being written (it may still be empty), or null once closed */
        public Path currentInProgressFile() {
            return inProgress;
        }

        /**
         * Appends the record's line to the open in-progress file.
         *
         * @throws IllegalArgumentException if the formatted line contains {@code '\n'}
         * @throws IOException if the file cannot be created or written
         */
        @Override
        public void write(T element) throws IOException {
            String line = formatter.format(element);
            if (line == null) {
                throw new NullPointerException("line formatter returned null for record " + element);
            }
            int length = encodeAscii(line); // may grow lineBytes
            byte[] bytes = lineBytes;
            if (length < 0) {
                if (line.indexOf('\n') >= 0) {
                    throw lineBreak(line);
                }
                bytes = (line + '\n').getBytes(StandardCharsets.UTF_8);
                length = bytes.length;
            }
            out.write(bytes, 0, length);
        }

        /**
         * Encodes an all-ASCII line and its newline into {@link #lineBytes}; the bytes are what UTF-8
         * gives for such a line.
         *
         * @return the encoded length, or -1 if the line has a non-ASCII character (the caller encodes it)
         * @throws IllegalArgumentException if the line contains {@code '\n'}
         */
        private int encodeAscii(String line) {
            int n = line.length();
            if (lineBytes.length < n + 1) {
                lineBytes = new byte[Math.max(n + 1, 2 * lineBytes.length)];
            }
            byte[] b = lineBytes;
            for (int i = 0; i < n; i++) {
                char c = line.charAt(i);
                if (c >= 0x80) {
                    return -1;
                }
                if (c == '\n') {
                    throw lineBreak(line);
                }
                b[i] = (byte) c;
            }
            b[n] = '\n';
            return n + 1;
        }

        private static IllegalArgumentException lineBreak(String line) {
            return new IllegalArgumentException("formatted line contains a line break: '" + line + "'");
        }

        /**
         * Pre-commits the open file: flush, fsync, close, rename to {@code .pending}; then opens the
         * file with the next number. A file with nothing written stays open for the next checkpoint.
         *
         * @return the file's committable, or an empty list if nothing was written since the last call
         * @throws IllegalStateException if the writer is closed
         * @throws IOException if the in-progress file could not be created, or syncing, closing or
         *     renaming fails; then every later write and pre-commit fails too, naming the file, since
         *     its lines are in no committable and only a restart writes them again
         */
        @Override
        public List<Committable> prepareCommit(long checkpointId) throws IOException {
            if (inProgress == null) {
                throw new IllegalStateException("writer of subtask " + subtask + " is closed");
            }
            if (out instanceof FailedStream failed) {
                throw failed.failure();
            }
            if (out.getPos() == 0) {
                return List.of();
            }
            FSDataOutputStream stream = out;
            Path from = inProgress;
            String name = currentName;
            Path pending = directory.child(name + PENDING_SUFFIX);
            long size;
            try {
                stream.sync();
                size = stream.getPos();
                stream.close();
                java.nio.file.Path source = from.toLocalPath();
                try {
                    Files.move(source, pending.toLocalPath(), StandardCopyOption.ATOMIC_MOVE);
                } catch (NoSuchFileException e) {
                    FileNotFoundException error = new FileNotFoundException("in-progress file vanished before checkpoint "
                            + checkpointId + ": " + from);
                    error.initCause(e);
                    throw error;
                }
                syncDirectory(source.getParent());
            } catch (IOException | RuntimeException e) {
                // The lines in this file are in no committable: only a restart from an earlier
                // checkpoint writes them again. So the writer refuses to go on, and the task fails
                // at its next record or pre-commit instead of committing later output without them.
                try {
                    stream.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
                out = new FailedStream(new IOException("pre-committing " + from + " for checkpoint " + checkpointId
                        + " failed, so its lines are in no checkpoint; the writer of subtask " + subtask
                        + " stops until the job restarts: " + e, e));
                throw e;
            }
            counter++;
            openNext();
            return List.of(new Committable(pending.toString(), directory.child(name).toString(), size));
        }

        /**
         * Closes and deletes the open in-progress file, if any: it was never pre-committed. After a
         * failed pre-commit nothing is open; what that left is deleted by the restart's clean-up
         * ({@link TransactionalFileSink#abortStale}, {@link TransactionalFileSink#recoverSubtask}).
         */
        @Override
        public void close() throws IOException {
            if (inProgress != null) {
                FSDataOutputStream stream = out;
                Path file = inProgress;
                out = new FailedStream(new IOException("writer of subtask " + subtask + " is closed"));
                inProgress = null;
                currentName = null;
                if (stream instanceof FailedStream) {
                    // nothing open: the file was never created, or a failed pre-commit closed it
                    // (the restart's clean-up deletes what it left)
                    return;
                }
                try {
                    stream.close();
                } finally {
                    FileSystem.get(file).delete(file, false);
                }
            }
        }
    }

    /**
     * The {@link Writer}'s stream when it has no file to write to (it could not be created, a
     * pre-commit failed, or the writer is closed): every call throws the saved reason.
     */
    private static final class FailedStream extends FSDataOutputStream {
        private final IOException failure;

        FailedStream(IOException failure) {
            this.failure = failure;
        }

        /** @return a new exception with the saved one as its cause, so each throw has its own stack */
        IOException failure() {
            return new IOException(failure.getMessage(), failure);
        }

        @Override
        public void write(int b) throws IOException {
            throw failure();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            throw failure();
        }

        @Override
        public long getPos() {
            return 0;
        }

        @Override
        public void sync() throws IOException {
            throw failure();
        }

        @Override
        public void close() {
            // nothing open
        }
    }
}
