package io.cairn.fs;

import io.cairn.common.ClassPreloading;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The local disk. Atomic writes are a temp file in the target's directory, fsync, an atomic rename
 * and an fsync of the directory. Output streams buffer up to 64 KiB (512 bytes at first, doubling at
 * each flush); input streams 64 KiB. Thread-safe and stateless.
 */
public final class LocalFileSystem extends FileSystem {

    /** The single instance. */
    public static final LocalFileSystem INSTANCE = new LocalFileSystem();

    static final int BUFFER_SIZE = 64 * 1024;

    static {
        // this file system's output streams, initialized with it rather than at their first use: a
        // stream class linked while a job runs can make HotSpot throw away compiled code that
        // called the only other FSDataOutputStream (see ClassPreloading)
        ClassPreloading.initialize(LocalOutputStream.class, LocalAtomicOutputStream.class);
    }

    private LocalFileSystem() {}

    @Override
    public FSDataOutputStream create(Path path, boolean overwrite) throws IOException {
        java.nio.file.Path local = path.toLocalPath();
        Files.createDirectories(local.getParent());
        try {
            FileChannel channel = overwrite
                    ? FileChannel.open(local, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING)
                    : FileChannel.open(local, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new LocalOutputStream(channel);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("file already exists: " + path, e);
        }
    }

    @Override
    public AtomicOutputStream createAtomic(Path path) throws IOException {
        java.nio.file.Path target = path.toLocalPath();
        java.nio.file.Path dir = target.getParent();
        Files.createDirectories(dir);
        java.nio.file.Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".inprogress");
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new LocalAtomicOutputStream(channel, temp, target);
    }

    @Override
    public FSDataInputStream open(Path path) throws IOException {
        try {
            return new LocalInputStream(FileChannel.open(path.toLocalPath(), StandardOpenOption.READ));
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException("file not found: " + path);
        }
    }

    @Override
    public FileStatus getFileStatus(Path path) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(path.toLocalPath(), BasicFileAttributes.class);
            return new FileStatus(path, a.isDirectory() ? 0 : a.size(), a.isDirectory(), a.lastModifiedTime().toMillis());
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException("file not found: " + path);
        }
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path.toLocalPath());
    }

    @Override
    public List<FileStatus> listStatus(Path dir) throws IOException {
        List<FileStatus> result = new ArrayList<>();
        Stream<java.nio.file.Path> listing;
        try {
            listing = Files.list(dir.toLocalPath());
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException("directory not found: " + dir);
        }
        try (Stream<java.nio.file.Path> entries = listing) {
            for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) entries::iterator) {
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (NoSuchFileException renamedOrDeleted) {
                    continue; // listed, then renamed or deleted by another writer: not in the directory any more
                }
                result.add(new FileStatus(
                        Path.fromLocal(p), a.isDirectory() ? 0 : a.size(), a.isDirectory(), a.lastModifiedTime().toMillis()));
            }
        }
        return result;
    }

    @Override
    public boolean delete(Path path, boolean recursive) throws IOException {
        java.nio.file.Path local = path.toLocalPath();
        if (!Files.exists(local, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (Files.isDirectory(local, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (recursive) {
                try (Stream<java.nio.file.Path> entries = Files.list(local)) {
                    for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) entries::iterator) {
                        delete(Path.fromLocal(p), true);
                    }
                }
            }
            try {
                Files.deleteIfExists(local);
            } catch (DirectoryNotEmptyException e) {
                throw new IOException("directory not empty: " + path, e);
            }
            return true;
        }
        return Files.deleteIfExists(local);
    }

    @Override
    public void mkdirs(Path dir) throws IOException {
        Files.createDirectories(dir.toLocalPath());
    }

    /** Forces a directory's entries (a rename into it) to disk; ignored where unsupported. */
    static void syncDirectory(java.nio.file.Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some platforms cannot open directories; the rename itself is still atomic
        }
    }

    /**
     * Buffered writes to a file channel. The buffer is a plain array with an index, not a
     * {@code ByteBuffer}: a small write is one comparison and one copy. ({@code ByteBuffer.remaining()}
     * hides a branch for a buffer that is exactly full; a file sink's line fills it exactly every few
     * dozen flushes, and HotSpot's C2, which had compiled that branch as a trap, threw away the
     * compiled keyed path of the demo job each time it was first taken.)
     *
     * <p>The buffer holds {@link #FIRST_LIMIT} bytes at first, and twice as many after each flush, up
     * to {@link #BUFFER_SIZE}. So a stream of small writes (a file sink's lines) takes the flush
     * branch within its first few hundred writes, while the JVM still profiles them: a 64 KiB buffer
     * first fills after thousands of writes, when the caller may already run C1 code that records no
     * branch profile, and C2 then compiled the flush as an uncommon trap; the first full buffer
     * threw away the compiled keyed path of the demo job (2 of 5 runs). The flushes of the smaller
     * fills cost a few extra {@code write} calls per file.
     */
    private static class LocalOutputStream extends FSDataOutputStream {
        /** The bytes a new stream buffers before its first flush. */
        static final int FIRST_LIMIT = 512;

        final FileChannel channel;
        private final byte[] buffer = new byte[BUFFER_SIZE];
        /** Bytes in {@link #buffer}, from index 0. */
        private int count;
        /** How many bytes {@link #buffer} holds before a flush: doubles at each flush up to its length. */
        private int limit = FIRST_LIMIT;
        private long flushed;
        boolean closed;

        LocalOutputStream(FileChannel channel) {
            this.channel = channel;
        }

        private void checkOpen() throws IOException {
            if (closed) {
                throw new IOException("stream is closed");
            }
        }

        @Override
        public void write(int b) throws IOException {
            checkOpen();
            if (count >= limit) {
                flushBuffer();
            }
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            checkOpen();
            Objects.checkFromIndexSize(off, len, b.length);
            if (len <= limit - count) {
                System.arraycopy(b, off, buffer, count, len);
                count += len;
                return;
            }
            flushBuffer();
            if (len < limit) {
                System.arraycopy(b, off, buffer, 0, len);
                count = len;
                return;
            }
            writeFully(ByteBuffer.wrap(b, off, len));
        }

        private void flushBuffer() throws IOException {
            writeFully(ByteBuffer.wrap(buffer, 0, count));
            count = 0;
            limit = Math.min(limit << 1, BUFFER_SIZE);
        }

        private void writeFully(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                flushed += channel.write(bytes);
            }
        }

        @Override
        public void flush() throws IOException {
            flushBuffer();
        }

        @Override
        public long getPos() {
            return flushed + count;
        }

        @Override
        public void sync() throws IOException {
            flushBuffer();
            channel.force(true);
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                flushBuffer();
            } finally {
                channel.close();
            }
        }
    }

    /** Temp file, fsync, atomic rename. */
    private static final class LocalAtomicOutputStream extends AtomicOutputStream {
        private final LocalOutputStream out;
        private final java.nio.file.Path temp;
        private final java.nio.file.Path target;

        LocalAtomicOutputStream(FileChannel channel, java.nio.file.Path temp, java.nio.file.Path target) {
            this.out = new LocalOutputStream(channel);
            this.temp = temp;
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public long getPos() {
            return out.getPos();
        }

        @Override
        public void sync() throws IOException {
            out.sync();
        }

        @Override
        public void commit() throws IOException {
            if (out.closed) {
                throw new IOException("stream already closed, cannot commit " + target);
            }
            try {
                out.sync();
                out.close();
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("file system cannot rename atomically: " + target, e);
                }
                syncDirectory(target.getParent());
            } finally {
                Files.deleteIfExists(temp);
            }
        }

        @Override
        public void close() throws IOException {
            if (!out.closed) {
                try {
                    out.close();
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        }
    }

    /** Buffered, seekable reads from a file channel. */
    private static final class LocalInputStream extends FSDataInputStream {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
        private long bufferStart;
        private boolean closed;

        LocalInputStream(FileChannel channel) {
            this.channel = channel;
            buffer.limit(0);
        }

        private boolean fill() throws IOException {
            bufferStart += buffer.limit();
            buffer.clear();
            int n;
            do {
                n = channel.read(buffer, bufferStart);
            } while (n == 0);
            buffer.flip();
            return n > 0;
        }

        @Override
        public int read() throws IOException {
            if (!buffer.hasRemaining() && !fill()) {
                return -1;
            }
            return buffer.get() & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (buffer.hasRemaining()) {
                int n = Math.min(len, buffer.remaining());
                buffer.get(b, off, n);
                return n;
            }
            if (len >= BUFFER_SIZE) {
                long pos = bufferStart + buffer.limit();
                int n = channel.read(ByteBuffer.wrap(b, off, len), pos);
                if (n > 0) {
                    bufferStart = pos + n;
                    buffer.limit(0);
                }
                return n;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            if (n <= 0) {
                return 0;
            }
            long target = Math.min(getPos() + n, channel.size());
            long skipped = target - getPos();
            seek(target);
            return skipped;
        }

        @Override
        public int available() {
            return buffer.remaining();
        }

        @Override
        public void seek(long position) throws IOException {
            if (position < 0) {
                throw new IOException("cannot seek to a negative position: " + position);
            }
            if (position >= bufferStart && position <= bufferStart + buffer.limit()) {
                buffer.position((int) (position - bufferStart));
            } else {
                bufferStart = position;
                buffer.limit(0);
            }
        }

        @Override
        public long getPos() {
            return bufferStart + buffer.position();
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                channel.close();
            }
        }
    }
}
