package io.cairn.state.heap;

import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.TypeSerializerSnapshot;
import io.cairn.serialization.TypeSerializerSnapshots;
import io.cairn.state.StateDescriptor;
import io.cairn.state.keyed.StateMetaInfo;
import io.cairn.state.keygroup.KeyGroupRange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The manifest of an incremental heap checkpoint: which pieces, in which order, rebuild each key
 * group. A piece is a shared stream of key-group blocks (base: every entry; delta: puts and
 * tombstones); the manifest itself is private to its checkpoint. Immutable once built.
 *
 * <pre>
 * manifest file
 *   int    MAGIC = 0x4341484D ("CAHM")
 *   short  VERSION = 1
 *   int    bodyLength, body, int CRC32C(body)
 *   body:
 *     serializer snapshot  key serializer
 *     int numStates, per state: UTF name, byte kind, ns serializer snapshot, value serializer snapshot
 *     int numPieces, per piece: UTF name (the piece's name in the checkpoint handle)
 *     int firstKeyGroup, int numKeyGroups
 *     per key group: int numRefs, per ref: int piece, long offset, boolean base, long bytes
 *
 * piece file: int MAGIC = 0x43414850 ("CAHP"), short VERSION = 1, then key-group blocks framed as in
 * KeyedSnapshotFormat (keyGroup, length, body, CRC32C); block body: per state with entries
 *   short stateIndex, int count, count x { byte op (1 put, 0 tombstone), key, namespace, [value] }
 *   short -1
 * </pre>
 */
final class IncrementalManifest {

    static final int MAGIC = 0x4341484D;
    static final int PIECE_MAGIC = 0x43414850;
    static final short VERSION = 1;
    /** The magic of the rocksdb backend's native meta stream ("CARI"), recognised to give a clear error. */
    private static final int ROCKSDB_NATIVE_MAGIC = 0x43415249;

    /** One block of one piece. */
    record Ref(int piece, long offset, boolean base, long bytes) {}

    final TypeSerializerSnapshot<?> keySerializerSnapshot;
    final List<StateMetaInfo> states;
    final List<String> pieceNames;
    final KeyGroupRange range;
    /** Per key group (index relative to the range start), its refs: a base then deltas. */
    final List<List<Ref>> refs;

    IncrementalManifest(TypeSerializerSnapshot<?> keySerializerSnapshot, List<StateMetaInfo> states, List<String> pieceNames,
            KeyGroupRange range, List<List<Ref>> refs) {
        this.keySerializerSnapshot = keySerializerSnapshot;
        this.states = List.copyOf(states);
        this.pieceNames = List.copyOf(pieceNames);
        this.range = range;
        this.refs = refs;
    }

    long baseBytes(int localKeyGroup) {
        long b = 0;
        for (Ref r : refs.get(localKeyGroup)) {
            if (r.base()) {
                b += r.bytes();
            }
        }
        return b;
    }

    long deltaBytes(int localKeyGroup) {
        long b = 0;
        for (Ref r : refs.get(localKeyGroup)) {
            if (!r.base()) {
                b += r.bytes();
            }
        }
        return b;
    }

    byte[] serialize() throws IOException {
        DataOutputSerializer body = new DataOutputSerializer(1024);
        TypeSerializerSnapshots.write(body, keySerializerSnapshot);
        body.writeInt(states.size());
        for (StateMetaInfo s : states) {
            body.writeUTF(s.name());
            body.writeByte(s.type().ordinal());
            TypeSerializerSnapshots.write(body, s.namespaceSerializerSnapshot());
            TypeSerializerSnapshots.write(body, s.valueSerializerSnapshot());
        }
        body.writeInt(pieceNames.size());
        for (String n : pieceNames) {
            body.writeUTF(n);
        }
        body.writeInt(range.getStartKeyGroup());
        body.writeInt(range.getNumberOfKeyGroups());
        for (List<Ref> rs : refs) {
            body.writeInt(rs.size());
            for (Ref r : rs) {
                body.writeInt(r.piece());
                body.writeLong(r.offset());
                body.writeBoolean(r.base());
                body.writeLong(r.bytes());
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

    static IncrementalManifest deserialize(byte[] bytes, String source, ClassLoader classLoader) throws IOException {
        try {
            DataInputDeserializer in = new DataInputDeserializer(bytes);
            int magic = in.readInt();
            if (magic == ROCKSDB_NATIVE_MAGIC) {
                throw new CorruptCheckpointException("the snapshot " + source + " was written by the rocksdb backend in"
                        + " its native format (a native full or incremental checkpoint, or a native savepoint); the hashmap"
                        + " backend restores canonical snapshots and its own incremental ones (to switch backends, take a"
                        + " canonical savepoint, or give the rocksdb backend state.backend.rocksdb.checkpoint.format:"
                        + " canonical)");
            }
            if (magic != MAGIC) {
                throw new CorruptCheckpointException(String.format("not an incremental heap manifest: %s starts with 0x%08X",
                        source, magic));
            }
            int version = in.readUnsignedShort();
            if (version != VERSION) {
                throw new CorruptCheckpointException("unsupported manifest version " + version + " in " + source);
            }
            int length = in.readInt();
            if (length < 0 || length != bytes.length - 14) {
                throw new CorruptCheckpointException("truncated manifest " + source + ": body of " + length + " bytes declared, "
                        + (bytes.length - 14) + " present");
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes, 10, length);
            int stored = ((bytes[10 + length] & 0xFF) << 24) | ((bytes[11 + length] & 0xFF) << 16)
                    | ((bytes[12 + length] & 0xFF) << 8) | (bytes[13 + length] & 0xFF);
            if (stored != (int) crc.getValue()) {
                throw new CorruptCheckpointException("checksum mismatch in manifest " + source);
            }
            DataInputDeserializer b = new DataInputDeserializer(bytes, 10, length);
            TypeSerializerSnapshot<?> key = TypeSerializerSnapshots.read(b, classLoader);
            int numStates = b.readInt();
            List<StateMetaInfo> states = new ArrayList<>();
            for (int i = 0; i < numStates; i++) {
                String name = b.readUTF();
                StateDescriptor.Type type = StateDescriptor.Type.values()[b.readUnsignedByte()];
                states.add(new StateMetaInfo(name, type, TypeSerializerSnapshots.read(b, classLoader),
                        TypeSerializerSnapshots.read(b, classLoader)));
            }
            int numPieces = b.readInt();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < numPieces; i++) {
                names.add(b.readUTF());
            }
            int first = b.readInt();
            int n = b.readInt();
            List<List<Ref>> refs = new ArrayList<>();
            for (int g = 0; g < n; g++) {
                int count = b.readInt();
                List<Ref> rs = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    rs.add(new Ref(b.readInt(), b.readLong(), b.readBoolean(), b.readLong()));
                }
                refs.add(rs);
            }
            return new IncrementalManifest(key, states, names, KeyGroupRange.of(first, first + n - 1), refs);
        } catch (CorruptCheckpointException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptCheckpointException("cannot decode manifest " + source + ": " + e, e);
        }
    }
}
