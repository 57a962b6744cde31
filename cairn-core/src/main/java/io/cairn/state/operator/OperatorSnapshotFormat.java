package io.cairn.state.operator;

import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.fs.FSDataInputStream;
import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.TypeSerializerSnapshot;
import io.cairn.serialization.TypeSerializerSnapshots;
import io.cairn.state.handle.OperatorStateHandle;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The layout of an operator state snapshot stream: one stream per subtask and checkpoint, written by
 * {@link DefaultOperatorStateBackend}. All integers are big-endian.
 *
 * <pre>
 * header, at offset 0
 *   +0   int    MAGIC = 0x43414F50 ("CAOP")
 *   +4   short  VERSION = 1
 *   +6   int    bodyLength
 *   +10  bytes  body:
 *                 int                   numStates
 *                 numStates x {
 *                   UTF                 state name (unique in the stream)
 *                   byte                mode (OperatorStateHandle.Mode ordinal)
 *                   serializer snapshot element serializer       (SPLIT_DISTRIBUTE, UNION)
 *                     or 2 snapshots    key, then value serializer (BROADCAST)
 *                 }
 *        int    CRC32C of body
 *
 * records, state by state in header order, at the offsets listed in OperatorStateHandle.StateMetaInfo
 *   +0   short  state index (position in the header)
 *   +2   int    payloadLength
 *   +6   bytes  payload:
 *                 list states:      one element, written by the element serializer
 *                 broadcast state:  int entryCount, entryCount x { key, boolean valueIsNull, [value] }
 *        int    CRC32C of bytes +0 .. +6+payloadLength (index, length and payload)
 * </pre>
 *
 * <p>A list state has one record per element, so a handle repartitioned to a subset of elements
 * reads and verifies exactly those records; a broadcast state has one record (its entry section),
 * since it is never split. The state index in each record catches offsets that point at the wrong
 * state. Every check failure is a {@link CorruptCheckpointException} naming the source and offset.
 */
public final class OperatorSnapshotFormat {

    /** The magic number at offset 0: "CAOP". */
    public static final int MAGIC = 0x43414F50;

    /** The only version this build writes and reads. */
    public static final short VERSION = 1;

    /** The bytes a record adds around its payload: index, length and checksum. */
    public static final int RECORD_OVERHEAD = 10;

    private static final int HEADER_PREFIX = 10;
    private static final int RECORD_PREFIX = 6;
    private static final int MAX_BODY_LENGTH = Integer.MAX_VALUE - 16;

    private OperatorSnapshotFormat() {}

    /**
     * What the header records about one state.
     *
     * @param name the state name
     * @param mode how the state is distributed on rescaling
     * @param serializerSnapshots the element serializer's snapshot (list modes), or the key and value
     *     serializers' snapshots (broadcast)
     */
    public record StateInfo(String name, OperatorStateHandle.Mode mode, List<TypeSerializerSnapshot<?>> serializerSnapshots) {

        /** Checks the components and that the number of snapshots fits the mode. */
        public StateInfo {
            Objects.requireNonNull(name, "name cannot be null");
            Objects.requireNonNull(mode, "mode cannot be null for state '" + name + "'");
            serializerSnapshots = List.copyOf(
                    Objects.requireNonNull(serializerSnapshots, "serializerSnapshots cannot be null for state '" + name + "'"));
            if (serializerSnapshots.size() != snapshotCount(mode)) {
                throw new IllegalArgumentException("state '" + name + "' with mode " + mode + " needs "
                        + snapshotCount(mode) + " serializer snapshots, got " + serializerSnapshots.size());
            }
        }
    }

    /**
     * The decoded header.
     *
     * @param states the states, in index order
     */
    public record Header(List<StateInfo> states) {

        /** Copies the list. */
        public Header {
            states = List.copyOf(states);
        }
    }

    private static int snapshotCount(OperatorStateHandle.Mode mode) {
        return mode == OperatorStateHandle.Mode.BROADCAST ? 2 : 1;
    }

    /**
     * Writes the header.
     *
     * @param out the stream, positioned at offset 0
     * @param states the states, in index order, with unique names
     * @param scratch a reusable buffer; cleared first and left holding the header body
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if a name repeats or there are more than 32767 states
     */
    public static void writeHeader(OutputStream out, List<StateInfo> states, DataOutputSerializer scratch)
            throws IOException {
        if (states.size() > Short.MAX_VALUE) {
            throw new IllegalArgumentException("too many operator states for one stream: " + states.size()
                    + " (at most " + Short.MAX_VALUE + ")");
        }
        Set<String> names = new HashSet<>();
        scratch.clear();
        scratch.writeInt(states.size());
        for (StateInfo s : states) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("duplicate operator state name '" + s.name() + "'");
            }
            scratch.writeUTF(s.name());
            scratch.writeByte(s.mode().ordinal());
            for (TypeSerializerSnapshot<?> snapshot : s.serializerSnapshots()) {
                TypeSerializerSnapshots.write(scratch, snapshot);
            }
        }
        byte[] prefix = new byte[HEADER_PREFIX];
        putInt(prefix, 0, MAGIC);
        prefix[4] = (byte) (VERSION >>> 8);
        prefix[5] = (byte) VERSION;
        putInt(prefix, 6, scratch.length());
        out.write(prefix);
        CRC32C crc = new CRC32C();
        crc.update(scratch.getSharedBuffer(), 0, scratch.length());
        scratch.writeTo(out);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.write(c);
    }

    /**
     * Starts a record in {@code buffer}; the caller then writes the payload and calls
     * {@link #endRecord}.
     *
     * @param buffer where records are assembled
     * @param stateIndex the state's index in the header
     * @return the record's start position in {@code buffer}, to pass to {@link #endRecord}
     */
    public static int beginRecord(DataOutputSerializer buffer, int stateIndex) {
        if (stateIndex < 0 || stateIndex > Short.MAX_VALUE) {
            throw new IllegalArgumentException("state index out of range: " + stateIndex);
        }
        int start = buffer.length();
        buffer.writeShort(stateIndex);
        buffer.writeInt(0);
        return start;
    }

    /**
     * Finishes a record: fills in the payload length and appends the checksum.
     *
     * @param buffer where the record was assembled
     * @param start what {@link #beginRecord} returned
     */
    public static void endRecord(DataOutputSerializer buffer, int start) {
        int payloadLength = buffer.length() - start - RECORD_PREFIX;
        byte[] b = buffer.getSharedBuffer();
        putInt(b, start + 2, payloadLength);
        CRC32C crc = new CRC32C();
        crc.update(b, start, RECORD_PREFIX + payloadLength);
        buffer.writeInt((int) crc.getValue());
    }

    /**
     * Reads and verifies the header.
     *
     * @param in the stream, positioned at offset 0
     * @param source names the stream in error messages (a path or handle)
     * @param streamLength the stream's length in bytes if known, otherwise 0 or less
     * @param classLoader loads serializer snapshot classes
     * @return the header
     * @throws CorruptCheckpointException if the magic, version, length, mode or checksum is wrong, or the data is truncated
     * @throws IOException if reading fails
     */
    public static Header readHeader(FSDataInputStream in, String source, long streamLength, ClassLoader classLoader)
            throws IOException {
        byte[] prefix = readExactly(in, HEADER_PREFIX, source, 0);
        int magic = getInt(prefix, 0);
        if (magic != MAGIC) {
            throw new CorruptCheckpointException(String.format(
                    "not a Cairn operator state snapshot: %s starts with 0x%08X, expected magic 0x%08X", source, magic, MAGIC));
        }
        int version = ((prefix[4] & 0xFF) << 8) | (prefix[5] & 0xFF);
        if (version != VERSION) {
            throw new CorruptCheckpointException("unsupported operator state snapshot version " + version + " in "
                    + source + " (this build reads version " + VERSION + ")");
        }
        int bodyLength = getInt(prefix, 6);
        checkLength(bodyLength, 0, HEADER_PREFIX, streamLength, source, "header");
        byte[] body = readExactly(in, bodyLength + 4, source, HEADER_PREFIX);
        verify(body, 0, bodyLength, getInt(body, bodyLength), source, HEADER_PREFIX, "header");
        DataInputDeserializer view = new DataInputDeserializer(body, 0, bodyLength);
        try {
            int numStates = view.readInt();
            if (numStates < 0 || numStates > Short.MAX_VALUE) {
                throw new CorruptCheckpointException("impossible state count " + numStates + " in header of " + source);
            }
            OperatorStateHandle.Mode[] modes = OperatorStateHandle.Mode.values();
            List<StateInfo> states = new ArrayList<>(numStates);
            Set<String> names = new HashSet<>();
            for (int i = 0; i < numStates; i++) {
                String name = view.readUTF();
                int mode = view.readUnsignedByte();
                if (mode >= modes.length) {
                    throw new CorruptCheckpointException("unknown mode " + mode + " of state '" + name
                            + "' in header of " + source);
                }
                if (!names.add(name)) {
                    throw new CorruptCheckpointException("state '" + name + "' appears twice in header of " + source);
                }
                List<TypeSerializerSnapshot<?>> snapshots = new ArrayList<>(2);
                for (int k = snapshotCount(modes[mode]); k > 0; k--) {
                    snapshots.add(TypeSerializerSnapshots.read(view, classLoader));
                }
                states.add(new StateInfo(name, modes[mode], snapshots));
            }
            if (view.available() != 0) {
                throw new CorruptCheckpointException(view.available() + " unexpected trailing bytes in header of " + source);
            }
            return new Header(states);
        } catch (CorruptCheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CorruptCheckpointException("cannot decode header of " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and verifies one record.
     *
     * @param in the stream, positioned at {@code offset}
     * @param expectedStateIndex the index of the state the offset belongs to
     * @param source names the stream in error messages
     * @param offset the record's offset, for error messages and the length check
     * @param streamLength the stream's length in bytes if known, otherwise 0 or less
     * @return the payload
     * @throws CorruptCheckpointException if the record belongs to another state, is truncated, too long or fails its checksum
     * @throws IOException if reading fails
     */
    public static DataInputDeserializer readRecord(
            FSDataInputStream in, int expectedStateIndex, String source, long offset, long streamLength)
            throws IOException {
        byte[] prefix = readExactly(in, RECORD_PREFIX, source, offset);
        int stateIndex = (short) (((prefix[0] & 0xFF) << 8) | (prefix[1] & 0xFF));
        int length = getInt(prefix, 2);
        checkLength(length, offset, RECORD_PREFIX, streamLength, source, "record");
        byte[] record = new byte[RECORD_PREFIX + length + 4];
        System.arraycopy(prefix, 0, record, 0, RECORD_PREFIX);
        readExactly(in, record, RECORD_PREFIX, length + 4, source, offset);
        verify(record, 0, RECORD_PREFIX + length, getInt(record, RECORD_PREFIX + length), source, offset, "record");
        if (stateIndex != expectedStateIndex) {
            throw new CorruptCheckpointException("expected a record of state index " + expectedStateIndex + " at offset "
                    + offset + " of " + source + " but found state index " + stateIndex);
        }
        return new DataInputDeserializer(record, RECORD_PREFIX, length);
    }

    private static void checkLength(int length, long start, int prefixLength, long streamLength, String source, String what)
            throws CorruptCheckpointException {
        if (length < 0 || length > MAX_BODY_LENGTH || (streamLength > 0 && start + prefixLength + length + 4L > streamLength)) {
            throw new CorruptCheckpointException("impossible length " + length + " of " + what + " at offset " + start
                    + " of " + source + (streamLength > 0 ? " (the stream has " + streamLength + " bytes)" : ""));
        }
    }

    private static void verify(byte[] b, int from, int length, int stored, String source, long offset, String what)
            throws CorruptCheckpointException {
        CRC32C crc = new CRC32C();
        crc.update(b, from, length);
        if ((int) crc.getValue() != stored) {
            throw new CorruptCheckpointException(String.format(
                    "checksum mismatch in %s at offset %d of %s: stored 0x%08X, computed 0x%08X",
                    what, offset, source, stored, (int) crc.getValue()));
        }
    }

    private static byte[] readExactly(FSDataInputStream in, int n, String source, long offset) throws IOException {
        byte[] b = new byte[n];
        readExactly(in, b, 0, n, source, offset);
        return b;
    }

    private static void readExactly(FSDataInputStream in, byte[] b, int from, int n, String source, long offset)
            throws IOException {
        int read = 0;
        while (read < n) {
            int r = in.read(b, from + read, n - read);
            if (r < 0) {
                throw new CorruptCheckpointException("truncated: " + source + " ends after " + (offset + from + read)
                        + " bytes, expected " + (from + n) + " bytes at offset " + offset, new EOFException());
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
