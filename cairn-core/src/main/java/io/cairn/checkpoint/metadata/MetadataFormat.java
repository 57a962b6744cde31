package io.cairn.checkpoint.metadata;

import io.cairn.checkpoint.storage.CheckpointProperties;
import io.cairn.checkpoint.storage.CheckpointRetentionPolicy;
import io.cairn.checkpoint.storage.CheckpointType;
import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.common.OperatorID;
import io.cairn.fs.Path;
import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.state.handle.ByteStreamStateHandle;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.handle.OperatorStreamStateHandle;
import io.cairn.state.handle.PlaceholderStreamStateHandle;
import io.cairn.state.handle.SharedStateRegistryKey;
import io.cairn.state.handle.StatePiece;
import io.cairn.state.handle.StreamStateHandle;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keygroup.KeyGroupRangeOffsets;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The layout of a checkpoint's {@code _metadata} file. All integers big-endian; strings are
 * {@code writeUTF}.
 *
 * <pre>
 *   +0   int    MAGIC = 0x43414D44 ("CAMD")
 *   +4   short  VERSION = 1
 *   +6   int    bodyLength
 *   +10  bytes  body:
 *          long   checkpointId
 *          long   timestamp (trigger), long completionTimestamp
 *          byte   checkpoint type (CheckpointType ordinal), byte retention policy ordinal, boolean forced
 *          int    numMasterStates, then each: UTF name, int version, int length, bytes
 *          int    numOperators, then each:
 *                   long upper, long lower (operator id), int parallelism, int maxParallelism
 *                   int numSubtasks, then each:
 *                     int subtaskIndex
 *                     int numKeyed,    each a handle
 *                     int numOperator, each a handle
 *        int    CRC32C of body
 *
 *   handle := byte tag, then
 *     0 NULL
 *     1 KEY_GROUPS      int firstKeyGroup, int numKeyGroups, numKeyGroups x long offset, handle (the stream)
 *     2 BYTES           UTF name, int length, bytes                       (state inlined in the metadata)
 *     3 FILE            UTF absolute URI, long size
 *     4 RELATIVE_FILE   UTF path relative to the metadata's directory, long size
 *     5 OPERATOR        int numStates, each: UTF name, byte mode, int numOffsets, longs; then handle (the stream)
 *     6 INCREMENTAL     int firstKeyGroup, int numKeyGroups, long checkpointId,
 *                       long backend UUID most significant bits, long least significant bits,
 *                       long checkpointedSize (bytes uploaded by that checkpoint),
 *                       handle (the meta stream),
 *                       int numShared,  each: UTF piece name, handle   (files under shared/: absolute)
 *                       int numPrivate, each: UTF piece name, handle
 *     7 PLACEHOLDER     UTF shared state registry key, long size        (an earlier upload, not yet resolved)
 * </pre>
 *
 * <p>Files inside the metadata's own directory are written relative to it, so a savepoint (or a
 * retained checkpoint's exclusive part) can be moved as a directory and still restores. Readers reject
 * a wrong magic, an unknown version, a bad checksum, truncation and unknown tags, naming the file.
 */
public final class MetadataFormat {

    /** "CAMD". */
    public static final int MAGIC = 0x43414D44;
    /** The only version this build writes and reads. */
    public static final short VERSION = 1;

    static final byte NULL = 0;
    static final byte KEY_GROUPS = 1;
    static final byte BYTES = 2;
    static final byte FILE = 3;
    static final byte RELATIVE_FILE = 4;
    static final byte OPERATOR = 5;
    static final byte INCREMENTAL = 6;
    static final byte PLACEHOLDER = 7;

    private MetadataFormat() {}

    /**
     * Serializes metadata.
     *
     * @param metadata the metadata
     * @param metadataDirectory the directory the file will be written to, for relative paths; null for none
     * @return the complete file content
     * @throws IOException if a handle cannot be encoded
     */
    public static byte[] serialize(CheckpointMetadata metadata, Path metadataDirectory) throws IOException {
        DataOutputSerializer body = new DataOutputSerializer(4096);
        body.writeLong(metadata.checkpointId());
        body.writeLong(metadata.timestamp());
        body.writeLong(metadata.completionTimestamp());
        CheckpointProperties p = metadata.properties();
        body.writeByte(p.getCheckpointType().ordinal());
        body.writeByte(p.getRetentionPolicy().ordinal());
        body.writeBoolean(p.isForced());
        body.writeInt(metadata.masterStates().size());
        for (MasterState m : metadata.masterStates()) {
            body.writeUTF(m.name());
            body.writeInt(m.version());
            byte[] b = m.bytes();
            body.writeInt(b.length);
            body.write(b);
        }
        body.writeInt(metadata.operatorStates().size());
        String prefix = metadataDirectory == null ? null : metadataDirectory.toString() + "/";
        for (OperatorState op : metadata.operatorStates()) {
            body.writeLong(op.getOperatorID().getUpperPart());
            body.writeLong(op.getOperatorID().getLowerPart());
            body.writeInt(op.getParallelism());
            body.writeInt(op.getMaxParallelism());
            body.writeInt(op.getSubtaskStates().size());
            for (Map.Entry<Integer, OperatorSubtaskState> e : op.getSubtaskStates().entrySet()) {
                body.writeInt(e.getKey());
                List<KeyedStateHandle> keyed = e.getValue().getManagedKeyedState();
                body.writeInt(keyed.size());
                for (KeyedStateHandle h : keyed) {
                    writeHandle(h, body, prefix);
                }
                List<OperatorStateHandle> operator = e.getValue().getManagedOperatorState();
                body.writeInt(operator.size());
                for (OperatorStateHandle h : operator) {
                    writeHandle(h, body, prefix);
                }
            }
        }
        DataOutputSerializer out = new DataOutputSerializer(body.length() + 16);
        out.writeInt(MAGIC);
        out.writeShort(VERSION);
        out.writeInt(body.length());
        out.write(body.getSharedBuffer(), 0, body.length());
        CRC32C crc = new CRC32C();
        crc.update(body.getSharedBuffer(), 0, body.length());
        out.writeInt((int) crc.getValue());
        return out.getCopyOfBuffer();
    }

    private static void writeHandle(Object handle, DataOutputSerializer out, String dirPrefix) throws IOException {
        if (handle == null) {
            out.writeByte(NULL);
        } else if (handle instanceof KeyGroupsStateHandle k) {
            out.writeByte(KEY_GROUPS);
            KeyGroupRange range = k.getKeyGroupRange();
            out.writeInt(range.getStartKeyGroup());
            out.writeInt(range.getNumberOfKeyGroups());
            for (int g : range) {
                out.writeLong(k.getGroupRangeOffsets().getKeyGroupOffset(g));
            }
            writeHandle(k.getDelegateStateHandle(), out, dirPrefix);
        } else if (handle instanceof ByteStreamStateHandle b) {
            out.writeByte(BYTES);
            out.writeUTF(b.getHandleName());
            out.writeInt(b.getData().length);
            out.write(b.getData());
        } else if (handle instanceof FileStateHandle f) {
            String uri = f.getFilePath().toString();
            if (dirPrefix != null && uri.startsWith(dirPrefix)) {
                out.writeByte(RELATIVE_FILE);
                out.writeUTF(uri.substring(dirPrefix.length()));
            } else {
                out.writeByte(FILE);
                out.writeUTF(uri);
            }
            out.writeLong(f.getStateSize());
        } else if (handle instanceof OperatorStreamStateHandle o) {
            out.writeByte(OPERATOR);
            Map<String, OperatorStateHandle.StateMetaInfo> states = o.getStateNameToPartitionOffsets();
            out.writeInt(states.size());
            for (Map.Entry<String, OperatorStateHandle.StateMetaInfo> e : states.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeByte(e.getValue().getDistributionMode().ordinal());
                long[] offsets = e.getValue().getOffsets();
                out.writeInt(offsets.length);
                for (long off : offsets) {
                    out.writeLong(off);
                }
            }
            writeHandle(o.getDelegateStateHandle(), out, dirPrefix);
        } else if (handle instanceof IncrementalKeyedStateHandle inc) {
            out.writeByte(INCREMENTAL);
            KeyGroupRange range = inc.getKeyGroupRange();
            out.writeInt(range.getStartKeyGroup());
            out.writeInt(range.getNumberOfKeyGroups());
            out.writeLong(inc.getCheckpointId());
            out.writeLong(inc.getBackendIdentifier().getMostSignificantBits());
            out.writeLong(inc.getBackendIdentifier().getLeastSignificantBits());
            out.writeLong(inc.getCheckpointedSize());
            writeHandle(inc.getMetaStateHandle(), out, dirPrefix);
            for (List<StatePiece> pieces : List.of(inc.getSharedState(), inc.getPrivateState())) {
                out.writeInt(pieces.size());
                for (StatePiece p : pieces) {
                    out.writeUTF(p.name());
                    writeHandle(p.handle(), out, dirPrefix);
                }
            }
        } else if (handle instanceof PlaceholderStreamStateHandle p) {
            out.writeByte(PLACEHOLDER);
            out.writeUTF(p.getRegistryKey().keyString());
            out.writeLong(p.getStateSize());
        } else {
            throw new IOException("cannot write state handle of type " + handle.getClass().getName() + " to metadata: "
                    + handle);
        }
    }

    /**
     * Parses and verifies a metadata file.
     *
     * @param bytes the file content
     * @param source names the file in error messages
     * @param metadataDirectory the directory the file was read from, to resolve relative paths; null if none
     * @return the metadata
     * @throws CorruptCheckpointException if the content fails any check; the message names {@code source}
     */
    public static CheckpointMetadata deserialize(byte[] bytes, String source, Path metadataDirectory)
            throws CorruptCheckpointException {
        if (bytes.length < 14) {
            throw new CorruptCheckpointException("truncated metadata: " + source + " has only " + bytes.length + " bytes");
        }
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        try {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new CorruptCheckpointException(String.format(
                        "not a Cairn checkpoint metadata file: %s starts with 0x%08X, expected magic 0x%08X", source, magic, MAGIC));
            }
            int version = in.readUnsignedShort();
            if (version != VERSION) {
                throw new CorruptCheckpointException("unsupported metadata version " + version + " in " + source
                        + " (this build reads version " + VERSION + ")");
            }
            int length = in.readInt();
            if (length < 0 || length != bytes.length - 14) {
                throw new CorruptCheckpointException("truncated or padded metadata: " + source + " declares a body of "
                        + length + " bytes but holds " + (bytes.length - 14));
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes, 10, length);
            int stored = ((bytes[10 + length] & 0xFF) << 24) | ((bytes[11 + length] & 0xFF) << 16)
                    | ((bytes[12 + length] & 0xFF) << 8) | (bytes[13 + length] & 0xFF);
            if (stored != (int) crc.getValue()) {
                throw new CorruptCheckpointException(String.format(
                        "checksum mismatch in %s: stored 0x%08X, computed 0x%08X", source, stored, (int) crc.getValue()));
            }
            return readBody(new DataInputDeserializer(bytes, 10, length), source, metadataDirectory);
        } catch (CorruptCheckpointException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptCheckpointException("cannot decode metadata " + source + ": " + e, e);
        }
    }

    private static CheckpointMetadata readBody(DataInputDeserializer in, String source, Path dir) throws IOException {
        long checkpointId = in.readLong();
        long timestamp = in.readLong();
        long completion = in.readLong();
        CheckpointType type = enumAt(CheckpointType.values(), in.readUnsignedByte(), "checkpoint type", source);
        CheckpointRetentionPolicy retention =
                enumAt(CheckpointRetentionPolicy.values(), in.readUnsignedByte(), "retention policy", source);
        boolean forced = in.readBoolean();
        int numMaster = count(in.readInt(), "master states", source);
        List<MasterState> masters = new ArrayList<>(numMaster);
        for (int i = 0; i < numMaster; i++) {
            String name = in.readUTF();
            int version = in.readInt();
            byte[] b = new byte[count(in.readInt(), "master state bytes", source)];
            in.readFully(b);
            masters.add(new MasterState(name, version, b));
        }
        int numOps = count(in.readInt(), "operators", source);
        List<OperatorState> ops = new ArrayList<>(numOps);
        for (int i = 0; i < numOps; i++) {
            OperatorID id = new OperatorID(in.readLong(), in.readLong());
            int parallelism = in.readInt();
            int maxParallelism = in.readInt();
            int numSubtasks = count(in.readInt(), "subtasks", source);
            Map<Integer, OperatorSubtaskState> subtasks = new HashMap<>();
            for (int s = 0; s < numSubtasks; s++) {
                int index = in.readInt();
                int numKeyed = count(in.readInt(), "keyed handles", source);
                List<KeyedStateHandle> keyed = new ArrayList<>(numKeyed);
                for (int k = 0; k < numKeyed; k++) {
                    keyed.add((KeyedStateHandle) readHandle(in, source, dir, KeyedStateHandle.class));
                }
                int numOperator = count(in.readInt(), "operator handles", source);
                List<OperatorStateHandle> operator = new ArrayList<>(numOperator);
                for (int k = 0; k < numOperator; k++) {
                    operator.add((OperatorStateHandle) readHandle(in, source, dir, OperatorStateHandle.class));
                }
                subtasks.put(index, new OperatorSubtaskState(keyed, operator));
            }
            try {
                ops.add(new OperatorState(id, parallelism, maxParallelism, subtasks));
            } catch (IllegalArgumentException e) {
                throw new CorruptCheckpointException("invalid operator " + id + " in " + source + ": " + e.getMessage(), e);
            }
        }
        if (in.available() != 0) {
            throw new CorruptCheckpointException(in.available() + " unexpected trailing bytes in " + source);
        }
        return new CheckpointMetadata(checkpointId, timestamp, completion, CheckpointProperties.of(type, retention, forced),
                ops, masters);
    }

    private static Object readHandle(DataInputDeserializer in, String source, Path dir, Class<?> expected)
            throws IOException {
        int tag = in.readUnsignedByte();
        Object handle;
        switch (tag) {
            case NULL:
                return null;
            case KEY_GROUPS: {
                int first = in.readInt();
                int n = count(in.readInt(), "key groups", source);
                long[] offsets = new long[n];
                for (int i = 0; i < n; i++) {
                    offsets[i] = in.readLong();
                }
                StreamStateHandle delegate = (StreamStateHandle) readHandle(in, source, dir, StreamStateHandle.class);
                handle = new KeyGroupsStateHandle(
                        new KeyGroupRangeOffsets(KeyGroupRange.of(first, first + n - 1), offsets), delegate);
                break;
            }
            case BYTES: {
                String name = in.readUTF();
                byte[] data = new byte[count(in.readInt(), "inline state bytes", source)];
                in.readFully(data);
                handle = new ByteStreamStateHandle(name, data);
                break;
            }
            case FILE:
                handle = new FileStateHandle(Path.of(in.readUTF()), in.readLong());
                break;
            case RELATIVE_FILE: {
                String relative = in.readUTF();
                if (dir == null) {
                    throw new CorruptCheckpointException("relative file '" + relative + "' in " + source
                            + " but the metadata has no directory");
                }
                handle = new FileStateHandle(dir.child(relative), in.readLong());
                break;
            }
            case OPERATOR: {
                int n = count(in.readInt(), "operator states", source);
                Map<String, OperatorStateHandle.StateMetaInfo> states = new LinkedHashMap<>();
                OperatorStateHandle.Mode[] modes = OperatorStateHandle.Mode.values();
                for (int i = 0; i < n; i++) {
                    String name = in.readUTF();
                    OperatorStateHandle.Mode mode = enumAt(modes, in.readUnsignedByte(), "distribution mode", source);
                    long[] offsets = new long[count(in.readInt(), "offsets", source)];
                    for (int o = 0; o < offsets.length; o++) {
                        offsets[o] = in.readLong();
                    }
                    states.put(name, new OperatorStateHandle.StateMetaInfo(offsets, mode));
                }
                StreamStateHandle delegate = (StreamStateHandle) readHandle(in, source, dir, StreamStateHandle.class);
                handle = new OperatorStreamStateHandle(states, delegate);
                break;
            }
            case INCREMENTAL: {
                int first = in.readInt();
                int n = count(in.readInt(), "key groups", source);
                KeyGroupRange range = KeyGroupRange.of(first, first + n - 1);
                long checkpointId = in.readLong();
                UUID backendId = new UUID(in.readLong(), in.readLong());
                long checkpointedSize = in.readLong();
                if (checkpointedSize < 0) {
                    throw new CorruptCheckpointException("negative checkpointed size " + checkpointedSize
                            + " of an incremental handle in " + source);
                }
                StreamStateHandle meta = (StreamStateHandle) readHandle(in, source, dir, StreamStateHandle.class);
                List<StatePiece> shared = readPieces(in, source, dir, "shared pieces");
                List<StatePiece> privatePieces = readPieces(in, source, dir, "private pieces");
                handle = new IncrementalKeyedStateHandle(
                        backendId, range, checkpointId, meta, shared, privatePieces, checkpointedSize);
                break;
            }
            case PLACEHOLDER:
                handle = new PlaceholderStreamStateHandle(SharedStateRegistryKey.of(in.readUTF()), in.readLong());
                break;
            default:
                throw new CorruptCheckpointException("unknown state handle tag " + tag + " in " + source);
        }
        if (!expected.isInstance(handle)) {
            throw new CorruptCheckpointException("expected a " + expected.getSimpleName() + " but found tag " + tag
                    + " in " + source);
        }
        return handle;
    }

    private static List<StatePiece> readPieces(DataInputDeserializer in, String source, Path dir, String what)
            throws IOException {
        int n = count(in.readInt(), what, source);
        List<StatePiece> pieces = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            StreamStateHandle h = (StreamStateHandle) readHandle(in, source, dir, StreamStateHandle.class);
            if (h == null) {
                throw new CorruptCheckpointException("piece '" + name + "' without a handle in " + source);
            }
            pieces.add(new StatePiece(name, h));
        }
        return pieces;
    }

    private static int count(int n, String what, String source) throws CorruptCheckpointException {
        if (n < 0) {
            throw new CorruptCheckpointException("negative number of " + what + " (" + n + ") in " + source);
        }
        return n;
    }

    private static <E> E enumAt(E[] values, int ordinal, String what, String source) throws CorruptCheckpointException {
        if (ordinal >= values.length) {
            throw new CorruptCheckpointException("unknown " + what + " " + ordinal + " in " + source);
        }
        return values[ordinal];
    }

}
