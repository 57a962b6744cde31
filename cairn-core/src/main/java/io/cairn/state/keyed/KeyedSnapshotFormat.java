package io.cairn.state.keyed;

import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.fs.FSDataInputStream;
import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.serialization.TypeSerializerSnapshot;
import io.cairn.serialization.TypeSerializerSnapshots;
import io.cairn.state.StateDescriptor;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The layout of a full (canonical) keyed snapshot stream, shared by every keyed backend so that a
 * canonical snapshot restores into any of them. All integers are big-endian.
 *
 * <pre>
 * header, at offset 0
 *   +0   int    MAGIC = 0x43414B47 ("CAKG")
 *   +4   short  VERSION = 1
 *   +6   int    bodyLength
 *   +10  bytes  body:
 *                 serializer snapshot   key serializer (see TypeSerializerSnapshots)
 *                 int                   numStates
 *                 numStates x {
 *                   UTF                 state name
 *                   byte                state kind (StateDescriptor.Type ordinal)
 *                   serializer snapshot namespace serializer
 *                   serializer snapshot value serializer
 *                 }
 *        int    CRC32C of body
 *
 * one block per key group of the handle's range, ascending, at the offsets in KeyGroupRangeOffsets
 *   +0   int    keyGroupId
 *   +4   int    bodyLength
 *   +8   bytes  body:
 *                 for each state with entries in this key group {
 *                   short  state index (position in the header)
 *                   int    entryCount
 *                   entryCount x { key, namespace, value }   written by the serializers
 *                 }
 *                 short  -1   end of block
 *        int    CRC32C of body
 * </pre>
 *
 * <p>Each key-group block carries its own checksum so that a restore that reads only some key groups
 * still verifies everything it reads.
 */
public final class KeyedSnapshotFormat {

    /** The magic number at offset 0: "CAKG". */
    public static final int MAGIC = 0x43414B47;

    /** The only version this build writes and reads. */
    public static final short VERSION = 1;

    /** Marks the end of a key-group block's body. */
    public static final short END_OF_KEY_GROUP = -1;

    /** The largest header or block body accepted on read; anything larger is treated as corruption. */
    static final int MAX_BODY_LENGTH = Integer.MAX_VALUE - 16;

    private KeyedSnapshotFormat() {}

    /** The decoded header: the key serializer snapshot and the states, in index order. */
    public record Header(TypeSerializerSnapshot<?> keySerializerSnapshot, List<StateMetaInfo> states) {}

    /**
     * Writes the header.
     *
     * @param out the stream, positioned at offset 0
     * @param keySerializer the key serializer
     * @param states the states, in index order
     * @param scratch a reusable buffer; cleared first
     * @throws IOException if writing fails
     */
    public static void writeHeader(
            OutputStream out, TypeSerializer<?> keySerializer, List<StateMetaInfo> states, DataOutputSerializer scratch)
            throws IOException {
        scratch.clear();
        TypeSerializerSnapshots.write(scratch, keySerializer.snapshotConfiguration());
        scratch.writeInt(states.size());
        for (StateMetaInfo s : states) {
            scratch.writeUTF(s.name());
            scratch.writeByte(s.type().ordinal());
            TypeSerializerSnapshots.write(scratch, s.namespaceSerializerSnapshot());
            TypeSerializerSnapshots.write(scratch, s.valueSerializerSnapshot());
        }
        DataOutputSerializer prefix = new DataOutputSerializer(10);
        prefix.writeInt(MAGIC);
        prefix.writeShort(VERSION);
        prefix.writeInt(scratch.length());
        prefix.writeTo(out);
        writeBodyAndChecksum(out, scratch);
    }

    /**
     * Writes one key-group block whose body the caller has serialized into {@code body}.
     *
     * @param out the stream
     * @param keyGroup the key group
     * @param body the body, ending with {@link #END_OF_KEY_GROUP}
     * @throws IOException if writing fails
     */
    public static void writeKeyGroupBlock(OutputStream out, int keyGroup, DataOutputSerializer body)
            throws IOException {
        byte[] prefix = new byte[8];
        putInt(prefix, 0, keyGroup);
        putInt(prefix, 4, body.length());
        out.write(prefix);
        writeBodyAndChecksum(out, body);
    }

    private static void writeBodyAndChecksum(OutputStream out, DataOutputSerializer body) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(body.getSharedBuffer(), 0, body.length());
        body.writeTo(out);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.write(c);
    }

    /**
     * Reads and verifies the header.
     *
     * @param in the stream, positioned at offset 0
     * @param source names the stream in error messages (a path or handle)
     * @param classLoader loads serializer snapshot classes
     * @return the header
     * @throws CorruptCheckpointException if the magic, version, length or checksum is wrong, or the data is truncated
     * @throws IOException if reading fails
     */
    public static Header readHeader(FSDataInputStream in, String source, ClassLoader classLoader) throws IOException {
        byte[] prefix = readExactly(in, 10, source, 0);
        int magic = getInt(prefix, 0);
        if (magic != MAGIC) {
            throw new CorruptCheckpointException(String.format(
                    "not a Cairn keyed snapshot: %s starts with 0x%08X, expected magic 0x%08X", source, magic, MAGIC));
        }
        int version = ((prefix[4] & 0xFF) << 8) | (prefix[5] & 0xFF);
        if (version != VERSION) {
            throw new CorruptCheckpointException("unsupported keyed snapshot version " + version + " in " + source
                    + " (this build reads version " + VERSION + ")");
        }
        int bodyLength = getInt(prefix, 6);
        DataInputDeserializer body = readVerifiedBody(in, bodyLength, source, 10, "header");
        try {
            TypeSerializerSnapshot<?> keySnapshot = TypeSerializerSnapshots.read(body, classLoader);
            int numStates = body.readInt();
            if (numStates < 0 || numStates > Short.MAX_VALUE) {
                throw new CorruptCheckpointException("impossible state count " + numStates + " in header of " + source);
            }
            List<StateMetaInfo> states = new ArrayList<>(numStates);
            StateDescriptor.Type[] types = StateDescriptor.Type.values();
            for (int i = 0; i < numStates; i++) {
                String name = body.readUTF();
                int kind = body.readUnsignedByte();
                if (kind >= types.length) {
                    throw new CorruptCheckpointException("unknown state kind " + kind + " for state '" + name
                            + "' in header of " + source);
                }
                TypeSerializerSnapshot<?> ns = TypeSerializerSnapshots.read(body, classLoader);
                TypeSerializerSnapshot<?> value = TypeSerializerSnapshots.read(body, classLoader);
                states.add(new StateMetaInfo(name, types[kind], ns, value));
            }
            return new Header(keySnapshot, states);
        } catch (CorruptCheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CorruptCheckpointException("cannot decode header of " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and verifies one key-group block.
     *
     * @param in the stream, positioned at the block's offset
     * @param expectedKeyGroup the key group the offset index says is there
     * @param source names the stream in error messages
     * @param offset the block's offset, for error messages
     * @return the block body, ending with {@link #END_OF_KEY_GROUP}
     * @throws CorruptCheckpointException if the block is for another key group, truncated or fails its checksum
     * @throws IOException if reading fails
     */
    public static DataInputDeserializer readKeyGroupBlock(
            FSDataInputStream in, int expectedKeyGroup, String source, long offset) throws IOException {
        return new BlockReader().read(in, expectedKeyGroup, source, offset);
    }

    /**
     * Reads the entries of one state's section of a key-group block.
     *
     * @param <E> what the reader may throw besides {@link IOException}
     */
    @FunctionalInterface
    public interface SectionReader<E extends Exception> {
        /**
         * Reads exactly {@code count} entries of the state {@code stateIndex} from the block's body.
         *
         * @param stateIndex the state's index in the snapshot's header, checked to be below its state count
         * @param count the number of entries, checked to be non-negative
         * @throws IOException if the entries cannot be read
         * @throws E if the reader's own target fails
         */
        void read(int stateIndex, int count) throws IOException, E;
    }

    /**
     * Walks the sections of a key-group block's body, as {@link #readKeyGroupBlock} returns it: for each
     * section its state index and entry count are read and checked, and {@code reader} reads its
     * entries; after {@link #END_OF_KEY_GROUP} nothing may follow. Every restore of the format (full and
     * incremental, into either backend) reads blocks through this one walker.
     *
     * @param body the block's body
     * @param stateCount the number of states in the snapshot's header
     * @param keyGroup the block's key group, for messages
     * @param offset the block's offset in its file, for messages
     * @param source the file, for messages
     * @param reader reads each section's entries
     * @param <E> what the reader may throw besides {@link IOException}
     * @throws CorruptCheckpointException naming the key group, offset and file for an unknown state
     *     index, a negative entry count or bytes after the end of the block
     * @throws IOException if the body ends early
     * @throws E if the reader throws it
     */
    public static <E extends Exception> void readSections(DataInputDeserializer body, int stateCount, int keyGroup,
            long offset, String source, SectionReader<E> reader) throws IOException, E {
        int stateIndex;
        while ((stateIndex = body.readShort()) != END_OF_KEY_GROUP) {
            if (stateIndex < 0 || stateIndex >= stateCount) {
                throw new CorruptCheckpointException("unknown state index " + stateIndex + " in key group " + keyGroup
                        + " at offset " + offset + " of " + source);
            }
            int count = body.readInt();
            if (count < 0) {
                throw new CorruptCheckpointException("negative entry count " + count + " in key group " + keyGroup
                        + " at offset " + offset + " of " + source);
            }
            reader.read(stateIndex, count);
        }
        if (body.available() != 0) {
            throw new CorruptCheckpointException(body.available() + " unexpected trailing bytes in key group " + keyGroup
                    + " at offset " + offset + " of " + source);
        }
    }

    /**
     * The error for a key that a block of {@code keyGroup} holds but that belongs to another key group.
     *
     * @param key the key, for the message
     * @param hash the key's hash code
     * @param stateName the state whose section held it
     * @param keyGroup the block's key group
     * @param numberOfKeyGroups the job's maximum parallelism
     * @param offset the block's offset in its file
     * @param source the file
     * @return the exception to throw
     */
    public static CorruptCheckpointException misplacedKey(Object key, int hash, String stateName, int keyGroup,
            int numberOfKeyGroups, long offset, String source) {
        return new CorruptCheckpointException("key '" + key + "' of state '" + stateName + "' is stored in key group "
                + keyGroup + " at offset " + offset + " of " + source + " but belongs to key group "
                + KeyGroupRangeAssignment.computeKeyGroupForKeyHash(hash, numberOfKeyGroups));
    }

    private static DataInputDeserializer readVerifiedBody(
            FSDataInputStream in, int length, String source, long offset, String what) throws IOException {
        checkBodyLength(length, what, offset, source);
        byte[] body = readExactly(in, length + 4, source, offset);
        verifyChecksum(body, length, new CRC32C(), what, offset, source);
        return new DataInputDeserializer(body, 0, length);
    }

    private static void checkBodyLength(int length, String what, long offset, String source)
            throws CorruptCheckpointException {
        if (length < 0 || length > MAX_BODY_LENGTH) {
            throw new CorruptCheckpointException("impossible length " + length + " of " + what + " at offset " + offset
                    + " of " + source);
        }
    }

    /** Checks the CRC32C stored after {@code length} bytes of {@code body}; {@code crc} is reset first. */
    private static void verifyChecksum(byte[] body, int length, CRC32C crc, String what, long offset, String source)
            throws CorruptCheckpointException {
        crc.reset();
        crc.update(body, 0, length);
        int expected = getInt(body, length);
        if ((int) crc.getValue() != expected) {
            throw new CorruptCheckpointException(String.format(
                    "checksum mismatch in %s at offset %d of %s: stored 0x%08X, computed 0x%08X",
                    what, offset, source, expected, (int) crc.getValue()));
        }
    }

    /**
     * Reads key-group blocks like {@link #readKeyGroupBlock}, into one buffer it reuses (grown to the
     * largest block read): a restore reading many blocks allocates no buffer per block. A body it
     * returns is valid until its next {@link #read}. Not thread-safe: one per reading thread.
     */
    public static final class BlockReader {

        private final byte[] prefix = new byte[8];
        private final DataInputDeserializer body = new DataInputDeserializer();
        private final CRC32C crc = new CRC32C();
        private byte[] buffer = new byte[0];

        /** Creates a reader with an empty buffer. */
        public BlockReader() {}

        /**
         * Reads and verifies one key-group block.
         *
         * @param in the stream, positioned at the block's offset
         * @param expectedKeyGroup the key group the offset index says is there
         * @param source names the stream in error messages
         * @param offset the block's offset, for error messages
         * @return the block body, ending with {@link #END_OF_KEY_GROUP}; valid until the next call
         * @throws CorruptCheckpointException if the block is for another key group, truncated or fails its checksum
         * @throws IOException if reading fails
         */
        public DataInputDeserializer read(FSDataInputStream in, int expectedKeyGroup, String source, long offset)
                throws IOException {
            readFully(in, prefix, 8, source, offset);
            int keyGroup = getInt(prefix, 0);
            if (keyGroup != expectedKeyGroup) {
                throw new CorruptCheckpointException("expected key group " + expectedKeyGroup + " at offset " + offset
                        + " of " + source + " but found " + keyGroup);
            }
            int length = getInt(prefix, 4);
            long bodyOffset = offset + 8;
            String what = "key group " + keyGroup;
            checkBodyLength(length, what, bodyOffset, source);
            if (buffer.length < length + 4) {
                buffer = new byte[length + 4];
            }
            readFully(in, buffer, length + 4, source, bodyOffset);
            verifyChecksum(buffer, length, crc, what, bodyOffset, source);
            body.setBuffer(buffer, 0, length);
            return body;
        }
    }

    private static byte[] readExactly(FSDataInputStream in, int n, String source, long offset) throws IOException {
        byte[] b = new byte[n];
        readFully(in, b, n, source, offset);
        return b;
    }

    private static void readFully(FSDataInputStream in, byte[] b, int n, String source, long offset) throws IOException {
        int read = 0;
        while (read < n) {
            int r = in.read(b, read, n - read);
            if (r < 0) {
                throw new CorruptCheckpointException("truncated: " + source + " ends after " + (offset + read)
                        + " bytes, expected " + n + " bytes at offset " + offset, new EOFException());
            }
            read += r;
        }
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
