package io.cairn.state.rocksdb;

import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.fs.FSDataInputStream;
import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.StreamStateHandle;
import io.cairn.state.keyed.KeyedSnapshotFormat;
import io.cairn.state.keyed.StateMetaInfo;
import io.cairn.state.keygroup.KeyGroupRange;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The meta stream of a native RocksDB snapshot (an incremental or native full checkpoint, or a native
 * savepoint): the
 * states, so that restore can rebuild the column families and check the serializers, and every file
 * of the RocksDB checkpoint with its size and CRC32C, so that restore rejects a truncated or
 * corrupt download naming its path. Big-endian throughout.
 *
 * <pre>
 *   int    MAGIC = 0x43415249 ("CARI")
 *   short  VERSION = 1
 *   the header of a canonical keyed snapshot (KeyedSnapshotFormat: its own magic, version, length,
 *          key serializer snapshot, per state name, kind, namespace and value serializer snapshots,
 *          CRC32C); the column family of state s is "state:" + s
 *   int    bodyLength, bytes body, int CRC32C(body)
 *   body:  int firstKeyGroup, int numberOfKeyGroups   the key groups of the backend that wrote it
 *          int numFiles, numFiles x { UTF name, long size, int crc32c }
 * </pre>
 *
 * <p>The files' data are the named pieces of the {@code IncrementalKeyedStateHandle}; an empty file
 * (a write-ahead log, as writes skip the log) has no piece and is recreated empty.
 *
 * @param range the key groups of the backend that took the snapshot (a handle may be narrowed to fewer)
 * @param header the key serializer snapshot and the states
 * @param files every file of the RocksDB checkpoint
 */
record RocksDBSnapshotMeta(KeyGroupRange range, KeyedSnapshotFormat.Header header, List<FileInfo> files) {

    /** The magic number at offset 0: "CARI". */
    static final int MAGIC = 0x43415249;
    /** The only version this build writes and reads. */
    static final short VERSION = 1;
    /** The magic of the hashmap backend's incremental manifest, recognised to give a clear error. */
    private static final int HEAP_MANIFEST_MAGIC = 0x4341484D;
    private static final int MAX_BODY = 64 << 20;

    /**
     * One file of a RocksDB checkpoint.
     *
     * @param name the file name in the database directory
     * @param size its length in bytes
     * @param crc32c the CRC32C of its bytes
     */
    record FileInfo(String name, long size, int crc32c) {}

    /**
     * Writes a meta stream.
     *
     * @param out the stream
     * @param range the writing backend's key groups
     * @param keySerializer the key serializer
     * @param states the states, whose column families the checkpoint holds
     * @param files every file of the checkpoint
     * @throws IOException if writing fails
     */
    static void write(OutputStream out, KeyGroupRange range, TypeSerializer<?> keySerializer, List<StateMetaInfo> states,
            List<FileInfo> files) throws IOException {
        DataOutputSerializer scratch = new DataOutputSerializer(4096);
        scratch.writeInt(MAGIC);
        scratch.writeShort(VERSION);
        scratch.writeTo(out);
        KeyedSnapshotFormat.writeHeader(out, keySerializer, states, scratch);
        scratch.clear();
        scratch.writeInt(range.getStartKeyGroup());
        scratch.writeInt(range.getNumberOfKeyGroups());
        scratch.writeInt(files.size());
        for (FileInfo f : files) {
            scratch.writeUTF(f.name());
            scratch.writeLong(f.size());
            scratch.writeInt(f.crc32c());
        }
        CRC32C crc = new CRC32C();
        crc.update(scratch.getSharedBuffer(), 0, scratch.length());
        DataOutputSerializer frame = new DataOutputSerializer(8);
        frame.writeInt(scratch.length());
        frame.writeTo(out);
        scratch.writeTo(out);
        frame.clear();
        frame.writeInt((int) crc.getValue());
        frame.writeTo(out);
    }

    /**
     * Reads and verifies the meta stream of a handle.
     *
     * @param handle the meta stream
     * @param classLoader loads serializer snapshot classes
     * @return the meta
     * @throws CorruptCheckpointException naming the stream if it is not a RocksDB meta stream, has an
     *     unknown version, is truncated or fails a checksum
     * @throws IOException if reading fails
     */
    static RocksDBSnapshotMeta read(StreamStateHandle handle, ClassLoader classLoader) throws IOException {
        String source = describe(handle);
        try (FSDataInputStream in = handle.openInputStream()) {
            DataInputDeserializer prefix = new DataInputDeserializer(readExactly(in, 6, source));
            int magic = prefix.readInt();
            if (magic == HEAP_MANIFEST_MAGIC) {
                throw new CorruptCheckpointException("the incremental snapshot " + source + " was written by the hashmap"
                        + " backend; the rocksdb backend restores its own native snapshots and canonical ones (take a"
                        + " canonical savepoint to switch backends)");
            }
            if (magic != MAGIC) {
                throw new CorruptCheckpointException(String.format(
                        "not a RocksDB native snapshot meta stream: %s starts with 0x%08X, expected magic 0x%08X",
                        source, magic, MAGIC));
            }
            int version = prefix.readUnsignedShort();
            if (version != VERSION) {
                throw new CorruptCheckpointException("unsupported RocksDB snapshot meta version " + version + " in "
                        + source + " (this build reads version " + VERSION + ")");
            }
            KeyedSnapshotFormat.Header header = KeyedSnapshotFormat.readHeader(in, source, classLoader);
            int length = new DataInputDeserializer(readExactly(in, 4, source)).readInt();
            if (length < 0 || length > MAX_BODY) {
                throw new CorruptCheckpointException("impossible length " + length + " of the file list in " + source);
            }
            byte[] body = readExactly(in, length + 4, source);
            CRC32C crc = new CRC32C();
            crc.update(body, 0, length);
            int stored = new DataInputDeserializer(body, length, 4).readInt();
            if (stored != (int) crc.getValue()) {
                throw new CorruptCheckpointException(String.format(
                        "checksum mismatch in the file list of %s: stored 0x%08X, computed 0x%08X", source, stored,
                        (int) crc.getValue()));
            }
            if (in.read() != -1) {
                throw new CorruptCheckpointException("unexpected bytes after the file list of " + source);
            }
            return decode(new DataInputDeserializer(body, 0, length), header, source);
        }
    }

    private static RocksDBSnapshotMeta decode(DataInputDeserializer in, KeyedSnapshotFormat.Header header, String source)
            throws IOException {
        try {
            int first = in.readInt();
            int count = in.readInt();
            if (first < 0 || count < 1 || (long) first + count > Short.MAX_VALUE + 1L) {
                throw new CorruptCheckpointException("impossible key-group range (first " + first + ", " + count
                        + " groups) in " + source);
            }
            int n = in.readInt();
            if (n < 0) {
                throw new CorruptCheckpointException("negative file count " + n + " in " + source);
            }
            List<FileInfo> files = new ArrayList<>(Math.min(n, 4096));
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                long size = in.readLong();
                if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".") || size < 0) {
                    throw new CorruptCheckpointException("bad file entry '" + name + "' (" + size + " bytes) in " + source);
                }
                files.add(new FileInfo(name, size, in.readInt()));
            }
            if (in.available() != 0) {
                throw new CorruptCheckpointException(in.available() + " unexpected trailing bytes in the file list of "
                        + source);
            }
            return new RocksDBSnapshotMeta(KeyGroupRange.of(first, first + count - 1), header, List.copyOf(files));
        } catch (CorruptCheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CorruptCheckpointException("cannot decode the file list of " + source + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readExactly(FSDataInputStream in, int n, String source) throws IOException {
        byte[] b = new byte[n];
        int read = 0;
        while (read < n) {
            int r = in.read(b, read, n - read);
            if (r < 0) {
                throw new CorruptCheckpointException("truncated: " + source + " ends early (" + (n - read)
                        + " more bytes expected)", new EOFException());
            }
            read += r;
        }
        return b;
    }

    /**
     * @param handle a stream handle
     * @return its file path, or a description of the in-memory stream, for error messages
     */
    static String describe(StreamStateHandle handle) {
        return handle instanceof FileStateHandle f ? f.getFilePath().toString() : handle.toString();
    }
}
