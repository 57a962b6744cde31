package io.cairn.state.rocksdb;

import io.cairn.checkpoint.storage.CheckpointStateOutputStream;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.checkpoint.storage.CheckpointedStateScope;
import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.fs.FSDataInputStream;
import io.cairn.state.handle.StreamStateHandle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Copies the files of a RocksDB checkpoint to checkpoint streams and back, computing each file's
 * size and CRC32C on the way up and verifying them on the way down. Both directions check between
 * chunks whether they should stop (cancellation, a closing backend). Stateless; any thread.
 */
final class RocksDBFileTransfer {

    /** Bytes copied between two stop checks. */
    static final int CHUNK = 64 * 1024;

    /** Says whether a transfer must stop. */
    @FunctionalInterface
    interface StopCheck {
        /**
         * @throws IOException if the transfer must stop; the message says why
         */
        void check() throws IOException;
    }

    /**
     * One uploaded file.
     *
     * @param handle its bytes, or null for an empty file (nothing is uploaded)
     * @param info its name, size and CRC32C
     */
    record Uploaded(StreamStateHandle handle, RocksDBSnapshotMeta.FileInfo info) {}

    private RocksDBFileTransfer() {}

    /**
     * Uploads one local file into a new stream of {@code streams}. A failed or stopped upload leaves
     * nothing behind.
     *
     * @param file the local file
     * @param streams where to write
     * @param scope shared (SST files of checkpoints) or exclusive
     * @param stop checked between chunks
     * @return the handle and the file's size and CRC32C
     * @throws IOException naming the file if reading or writing fails, or the stop check's reason
     */
    static Uploaded upload(Path file, CheckpointStreamFactory streams, CheckpointedStateScope scope, StopCheck stop)
            throws IOException {
        CRC32C crc = new CRC32C();
        long size = 0;
        byte[] buffer = new byte[CHUNK];
        CheckpointStateOutputStream out = streams.createCheckpointStateOutputStream(scope);
        boolean done = false;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                stop.check();
                out.write(buffer, 0, n);
                crc.update(buffer, 0, n);
                size += n;
            }
            stop.check();
            StreamStateHandle handle = out.closeAndGetHandle();
            done = true;
            return new Uploaded(handle, new RocksDBSnapshotMeta.FileInfo(file.getFileName().toString(), size,
                    (int) crc.getValue()));
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains(file.toString())) {
                throw e;
            }
            throw new IOException("cannot upload " + file + ": " + e.getMessage(), e);
        } finally {
            if (!done) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the stream deletes what it wrote; a failure to do so leaves a file no handle names
                }
            }
        }
    }

    /**
     * Writes one piece into a local file and checks its size and CRC32C against the meta stream.
     *
     * @param handle the piece, or null for a file recorded as empty
     * @param expected the file as the meta stream records it
     * @param target the local file to create
     * @param stop checked between chunks
     * @throws CorruptCheckpointException naming the piece's path if it is shorter, longer or different
     *     from what the meta stream records
     * @throws IOException naming the piece if reading or writing fails, or the stop check's reason
     */
    static void download(StreamStateHandle handle, RocksDBSnapshotMeta.FileInfo expected, Path target, StopCheck stop)
            throws IOException {
        if (handle == null) {
            if (expected.size() != 0) {
                throw new CorruptCheckpointException("no piece for file " + expected.name() + " (" + expected.size()
                        + " bytes)");
            }
            Files.createFile(target);
            return;
        }
        String source = RocksDBSnapshotMeta.describe(handle);
        CRC32C crc = new CRC32C();
        long size = 0;
        byte[] buffer = new byte[CHUNK];
        FSDataInputStream in;
        try {
            in = handle.openInputStream();
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot read " + source + " (file " + expected.name() + "): " + e.getMessage(), e);
        }
        try (in; OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            int n;
            while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                stop.check();
                size += n;
                if (size > expected.size()) {
                    throw new CorruptCheckpointException("too long: " + source + " (file " + expected.name()
                            + ") has more than the " + expected.size() + " bytes its snapshot records");
                }
                out.write(buffer, 0, n);
                crc.update(buffer, 0, n);
            }
        }
        if (size != expected.size()) {
            throw new CorruptCheckpointException("truncated: " + source + " (file " + expected.name() + ") has " + size
                    + " bytes, its snapshot records " + expected.size());
        }
        if ((int) crc.getValue() != expected.crc32c()) {
            throw new CorruptCheckpointException(String.format(
                    "checksum mismatch in %s (file %s): stored CRC32C 0x%08X, computed 0x%08X", source, expected.name(),
                    expected.crc32c(), (int) crc.getValue()));
        }
    }
}
