package io.cairn.checkpoint.inspect;

import io.cairn.checkpoint.CompletedCheckpoint;
import io.cairn.checkpoint.metadata.OperatorState;
import io.cairn.checkpoint.metadata.OperatorSubtaskState;
import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.checkpoint.storage.FsCompletedCheckpointStorageLocation;
import io.cairn.fs.FSDataInputStream;
import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.handle.ByteStreamStateHandle;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.handle.StreamStateHandle;
import io.cairn.state.keyed.KeyedSnapshotFormat;
import io.cairn.state.keyed.StateMetaInfo;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import io.cairn.state.operator.OperatorSnapshotFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Shared reading code of the inspection tools: loading a checkpoint, grouping its handles by the
 * stream they read, and walking keyed and operator snapshot streams record by record with every
 * check a restore makes.
 */
final class SnapshotStreams {

    private SnapshotStreams() {}

    /** A loaded checkpoint with facts about its metadata file. */
    record Loaded(CompletedCheckpoint checkpoint, String metadataFile, int metadataVersion, long metadataSize) {}

    /**
     * Loads a checkpoint or savepoint.
     *
     * @param path a checkpoint directory or its {@code _metadata} file
     * @return the checkpoint
     * @throws java.io.FileNotFoundException if there is nothing at {@code path}
     * @throws CorruptCheckpointException if the metadata fails a check
     * @throws IOException if reading fails
     */
    static Loaded load(String path) throws IOException {
        FsCompletedCheckpointStorageLocation location = FileSystemCheckpointStorage.resolveCheckpointPointer(path);
        CompletedCheckpoint checkpoint = CompletedCheckpoint.fromLocation(location);
        StreamStateHandle metadata = location.getMetadataHandle();
        int version;
        try (FSDataInputStream in = metadata.openInputStream()) {
            byte[] prefix = in.readNBytes(6);
            version = prefix.length < 6 ? -1 : ((prefix[4] & 0xFF) << 8) | (prefix[5] & 0xFF);
        }
        String file = metadata instanceof FileStateHandle f ? f.getFilePath().toString() : location.getExternalPointer();
        return new Loaded(checkpoint, file, version, metadata.getStateSize());
    }

    /** @return the class loader for serializer snapshot classes: the context class loader, else this one */
    static ClassLoader classLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : SnapshotStreams.class.getClassLoader();
    }

    /**
     * @param stream a stream handle
     * @return the file path, or a description of inline bytes, for error messages
     */
    static String describe(StreamStateHandle stream) {
        if (stream instanceof FileStateHandle f) {
            return f.getFilePath().toString();
        }
        if (stream instanceof ByteStreamStateHandle b) {
            return "inline stream '" + b.getHandleName() + "' (" + b.getData().length + " bytes)";
        }
        return String.valueOf(stream);
    }

    /**
     * @param stream a stream handle
     * @return the file path, or {@code inline (N bytes)}
     */
    static String location(StreamStateHandle stream) {
        if (stream instanceof FileStateHandle f) {
            return f.getFilePath().toString();
        }
        if (stream instanceof ByteStreamStateHandle b) {
            return "inline (" + b.getData().length + " bytes)";
        }
        return String.valueOf(stream);
    }

    /** One keyed snapshot stream and the key-group blocks the checkpoint's handles point into. */
    static final class KeyedStream {
        final StreamStateHandle stream;
        final TreeMap<Integer, Long> offsets = new TreeMap<>();
        final SortedSet<Integer> subtasks = new TreeSet<>();

        KeyedStream(StreamStateHandle stream) {
            this.stream = stream;
        }

        /** @return "first..last" of the key groups, or "none" */
        String keyGroups() {
            return offsets.isEmpty() ? "none" : rangeText(offsets.firstKey(), offsets.lastKey(), offsets.size());
        }
    }

    /** One operator snapshot stream: the states the handles list in it, with their modes and offsets. */
    static final class OperatorStream {
        final StreamStateHandle stream;
        final Map<String, OperatorStateHandle.Mode> modes = new LinkedHashMap<>();
        final Map<String, TreeSet<Long>> offsets = new LinkedHashMap<>();
        final SortedSet<Integer> subtasks = new TreeSet<>();

        OperatorStream(StreamStateHandle stream) {
            this.stream = stream;
        }
    }

    static String rangeText(int first, int last, int count) {
        String text = first + ".." + last;
        return count == last - first + 1 ? text : text + " (" + count + " groups)";
    }

    /**
     * @param op an operator's state
     * @return its canonical keyed streams, one per distinct stream, in subtask order
     */
    static List<KeyedStream> keyedStreams(OperatorState op) {
        Map<StreamStateHandle, KeyedStream> streams = new LinkedHashMap<>();
        for (Map.Entry<Integer, OperatorSubtaskState> e : op.getSubtaskStates().entrySet()) {
            for (KeyedStateHandle h : e.getValue().getManagedKeyedState()) {
                if (h instanceof KeyGroupsStateHandle k) {
                    KeyedStream s = streams.computeIfAbsent(k.getDelegateStateHandle(), KeyedStream::new);
                    s.subtasks.add(e.getKey());
                    for (int g : k.getKeyGroupRange()) {
                        s.offsets.putIfAbsent(g, k.getGroupRangeOffsets().getKeyGroupOffset(g));
                    }
                }
            }
        }
        return new ArrayList<>(streams.values());
    }

    /**
     * @param op an operator's state
     * @return its incremental (native) keyed handles
     */
    static List<IncrementalKeyedStateHandle> incrementalHandles(OperatorState op) {
        List<IncrementalKeyedStateHandle> result = new ArrayList<>();
        for (OperatorSubtaskState s : op.getSubtaskStates().values()) {
            for (KeyedStateHandle h : s.getManagedKeyedState()) {
                if (h instanceof IncrementalKeyedStateHandle inc) {
                    result.add(inc);
                }
            }
        }
        return result;
    }

    /**
     * @param op an operator's state
     * @return its operator state streams, one per distinct stream, in subtask order
     */
    static List<OperatorStream> operatorStreams(OperatorState op) {
        Map<StreamStateHandle, OperatorStream> streams = new LinkedHashMap<>();
        for (Map.Entry<Integer, OperatorSubtaskState> e : op.getSubtaskStates().entrySet()) {
            for (OperatorStateHandle h : e.getValue().getManagedOperatorState()) {
                OperatorStream s = streams.computeIfAbsent(h.getDelegateStateHandle(), OperatorStream::new);
                s.subtasks.add(e.getKey());
                for (Map.Entry<String, OperatorStateHandle.StateMetaInfo> st : h.getStateNameToPartitionOffsets().entrySet()) {
                    s.modes.putIfAbsent(st.getKey(), st.getValue().getDistributionMode());
                    TreeSet<Long> offsets = s.offsets.computeIfAbsent(st.getKey(), k -> new TreeSet<>());
                    for (long o : st.getValue().getOffsets()) {
                        offsets.add(o);
                    }
                }
            }
        }
        return new ArrayList<>(streams.values());
    }

    /** Receives what a keyed stream holds. */
    interface KeyedVisitor {
        /**
         * Called once, after the header was read and its serializers created.
         *
         * @param header the header
         * @param keySerializer the key serializer recorded in the header
         */
        default void header(KeyedSnapshotFormat.Header header, TypeSerializer<?> keySerializer) {}

        /**
         * Called for every verified key-group block, before its entries.
         *
         * @param keyGroup the key group
         */
        default void keyGroup(int keyGroup) {}

        /**
         * Called for every entry, decoded only if {@link #decode} says so.
         *
         * @param stateIndex the state's index in the header
         * @param key the key, or null if not decoded
         * @param namespace the namespace, or null if not decoded
         * @param value the value, or null if not decoded
         */
        void entry(int stateIndex, Object key, Object namespace, Object value);
    }

    /**
     * Reads a keyed stream: the header, then every key-group block the handles point to, verifying
     * checksums, decoding every entry with the recorded serializers and checking that every key
     * hashes to the key group it is stored in.
     *
     * @param s the stream
     * @param maxParallelism the operator's max parallelism, to check key groups
     * @param visitor receives the content
     * @throws CorruptCheckpointException naming the stream and offset if anything fails a check
     * @throws IOException if reading fails
     */
    @SuppressWarnings("unchecked")
    static void scanKeyed(KeyedStream s, int maxParallelism, KeyedVisitor visitor) throws IOException {
        String source = describe(s.stream);
        try (FSDataInputStream in = s.stream.openInputStream()) {
            KeyedSnapshotFormat.Header header = KeyedSnapshotFormat.readHeader(in, source, classLoader());
            List<StateMetaInfo> states = header.states();
            TypeSerializer<Object> keySerializer;
            TypeSerializer<Object>[] namespaceSerializers = (TypeSerializer<Object>[]) new TypeSerializer<?>[states.size()];
            TypeSerializer<Object>[] valueSerializers = (TypeSerializer<Object>[]) new TypeSerializer<?>[states.size()];
            try {
                keySerializer = (TypeSerializer<Object>) header.keySerializerSnapshot().restoreSerializer();
                for (int i = 0; i < states.size(); i++) {
                    namespaceSerializers[i] = (TypeSerializer<Object>) states.get(i).namespaceSerializerSnapshot().restoreSerializer();
                    valueSerializers[i] = (TypeSerializer<Object>) states.get(i).valueSerializerSnapshot().restoreSerializer();
                }
            } catch (RuntimeException e) {
                throw new IOException("cannot create the serializers recorded in the header of " + source + ": " + e, e);
            }
            visitor.header(header, keySerializer);
            for (Map.Entry<Integer, Long> block : s.offsets.entrySet()) {
                int keyGroup = block.getKey();
                long offset = block.getValue();
                in.seek(offset);
                DataInputDeserializer body = KeyedSnapshotFormat.readKeyGroupBlock(in, keyGroup, source, offset);
                visitor.keyGroup(keyGroup);
                long bodyStart = offset + 8;
                int stateIndex = -1;
                int entryPosition = 0;
                try {
                    while (true) {
                        entryPosition = body.getPosition();
                        stateIndex = body.readShort();
                        if (stateIndex == KeyedSnapshotFormat.END_OF_KEY_GROUP) {
                            break;
                        }
                        if (stateIndex < 0 || stateIndex >= states.size()) {
                            throw new CorruptCheckpointException("unknown state index " + stateIndex + " in key group "
                                    + keyGroup + " at offset " + (bodyStart + entryPosition) + " of " + source);
                        }
                        int count = body.readInt();
                        if (count < 0) {
                            throw new CorruptCheckpointException("negative entry count " + count + " of state '"
                                    + states.get(stateIndex).name() + "' in key group " + keyGroup + " at offset "
                                    + (bodyStart + entryPosition) + " of " + source);
                        }
                        for (int i = 0; i < count; i++) {
                            entryPosition = body.getPosition();
                            Object key = keySerializer.deserialize(body);
                            Object namespace = namespaceSerializers[stateIndex].deserialize(body);
                            Object value = valueSerializers[stateIndex].deserialize(body);
                            if (key == null) {
                                throw new CorruptCheckpointException("null key of state '" + states.get(stateIndex).name()
                                        + "' in key group " + keyGroup + " at offset " + (bodyStart + entryPosition) + " of "
                                        + source);
                            }
                            int actual = KeyGroupRangeAssignment.computeKeyGroupForKeyHash(key.hashCode(), maxParallelism);
                            if (actual != keyGroup) {
                                throw new CorruptCheckpointException("key '" + key + "' of state '"
                                        + states.get(stateIndex).name() + "' is stored in key group " + keyGroup
                                        + " at offset " + (bodyStart + entryPosition) + " of " + source
                                        + " but belongs to key group " + actual);
                            }
                            visitor.entry(stateIndex, key, namespace, value);
                        }
                    }
                } catch (CorruptCheckpointException e) {
                    throw e;
                } catch (IOException | RuntimeException e) {
                    String state = stateIndex >= 0 && stateIndex < states.size()
                            ? " of state '" + states.get(stateIndex).name() + "'" : "";
                    throw new CorruptCheckpointException("cannot decode entry" + state + " in key group " + keyGroup
                            + " at offset " + (bodyStart + entryPosition) + " of " + source + ": " + e, e);
                }
                if (body.available() != 0) {
                    throw new CorruptCheckpointException(body.available() + " unexpected trailing bytes in key group "
                            + keyGroup + " at offset " + (bodyStart + body.getPosition()) + " of " + source);
                }
            }
        }
    }

    /**
     * Reads a keyed stream's header.
     *
     * @param s the stream
     * @return the header
     * @throws CorruptCheckpointException naming the stream if it fails a check
     * @throws IOException if reading fails
     */
    static KeyedSnapshotFormat.Header readKeyedHeader(KeyedStream s) throws IOException {
        try (FSDataInputStream in = s.stream.openInputStream()) {
            return KeyedSnapshotFormat.readHeader(in, describe(s.stream), classLoader());
        }
    }

    /**
     * Reads an operator stream's header.
     *
     * @param s the stream
     * @return the header
     * @throws CorruptCheckpointException naming the stream if it fails a check
     * @throws IOException if reading fails
     */
    static OperatorSnapshotFormat.Header readOperatorHeader(OperatorStream s) throws IOException {
        try (FSDataInputStream in = s.stream.openInputStream()) {
            return OperatorSnapshotFormat.readHeader(in, describe(s.stream), s.stream.getStateSize(), classLoader());
        }
    }

    /** Receives what an operator stream holds. */
    interface OperatorVisitor {
        /**
         * Called for every element of a list state (key null) and every entry of a broadcast state.
         *
         * @param stateName the state
         * @param mode its distribution mode
         * @param key the broadcast key, or null for list elements
         * @param value the element or broadcast value
         */
        void element(String stateName, OperatorStateHandle.Mode mode, Object key, Object value);
    }

    /**
     * Reads the records of an operator stream's states, verifying each record and decoding it with
     * the recorded serializers.
     *
     * @param s the stream
     * @param only the one state to read, or null for all states
     * @param visitor receives the content
     * @return the number of records read
     * @throws CorruptCheckpointException naming the stream and offset if anything fails a check
     * @throws IOException if reading fails
     */
    @SuppressWarnings("unchecked")
    static long scanOperator(OperatorStream s, String only, OperatorVisitor visitor) throws IOException {
        String source = describe(s.stream);
        long streamLength = s.stream.getStateSize();
        long records = 0;
        try (FSDataInputStream in = s.stream.openInputStream()) {
            OperatorSnapshotFormat.Header header = OperatorSnapshotFormat.readHeader(in, source, streamLength, classLoader());
            for (int index = 0; index < header.states().size(); index++) {
                OperatorSnapshotFormat.StateInfo info = header.states().get(index);
                TreeSet<Long> offsets = s.offsets.get(info.name());
                if (offsets == null || (only != null && !only.equals(info.name()))) {
                    continue;
                }
                if (s.modes.get(info.name()) != info.mode()) {
                    throw new CorruptCheckpointException("the metadata lists state '" + info.name() + "' as "
                            + s.modes.get(info.name()) + " but the header of " + source + " says " + info.mode());
                }
                List<TypeSerializer<Object>> serializers = new ArrayList<>();
                try {
                    for (var snapshot : info.serializerSnapshots()) {
                        serializers.add((TypeSerializer<Object>) snapshot.restoreSerializer());
                    }
                } catch (RuntimeException e) {
                    throw new IOException("cannot create the serializers of state '" + info.name() + "' recorded in "
                            + source + ": " + e, e);
                }
                for (long offset : offsets) {
                    if (offset < 0 || (streamLength > 0 && offset > streamLength - OperatorSnapshotFormat.RECORD_OVERHEAD)) {
                        throw new CorruptCheckpointException("offset " + offset + " of state '" + info.name()
                                + "' lies outside " + source + " (" + streamLength + " bytes)");
                    }
                    in.seek(offset);
                    DataInputDeserializer payload = OperatorSnapshotFormat.readRecord(in, index, source, offset, streamLength);
                    records++;
                    int position = payload.getPosition();
                    try {
                        if (info.mode() == OperatorStateHandle.Mode.BROADCAST) {
                            int count = payload.readInt();
                            if (count < 0) {
                                throw new CorruptCheckpointException("negative entry count " + count + " of broadcast state '"
                                        + info.name() + "' at offset " + offset + " of " + source);
                            }
                            for (int k = 0; k < count; k++) {
                                position = payload.getPosition();
                                Object key = serializers.get(0).deserialize(payload);
                                boolean isNull = payload.readBoolean();
                                Object value = isNull ? null : serializers.get(1).deserialize(payload);
                                visitor.element(info.name(), info.mode(), key, value);
                            }
                        } else {
                            Object element = serializers.get(0).deserialize(payload);
                            if (element == null) {
                                throw new CorruptCheckpointException("null element of state '" + info.name()
                                        + "' at offset " + offset + " of " + source);
                            }
                            visitor.element(info.name(), info.mode(), null, element);
                        }
                    } catch (CorruptCheckpointException e) {
                        throw e;
                    } catch (IOException | RuntimeException e) {
                        throw new CorruptCheckpointException("cannot decode state '" + info.name() + "' at offset "
                                + (offset + position) + " of " + source + ": " + e, e);
                    }
                    if (payload.available() != 0) {
                        throw new CorruptCheckpointException(payload.available() + " unexpected trailing bytes in the record of state '"
                                + info.name() + "' at offset " + offset + " of " + source);
                    }
                }
            }
            for (String name : s.offsets.keySet()) {
                if (header.states().stream().noneMatch(i -> i.name().equals(name))) {
                    throw new CorruptCheckpointException("the metadata lists state '" + name + "' but the header of "
                            + source + " has no such state");
                }
            }
        }
        return records;
    }
}
