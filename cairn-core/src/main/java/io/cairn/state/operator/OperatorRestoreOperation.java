package io.cairn.state.operator;

import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.fs.FSDataInputStream;
import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.serialization.TypeSerializerSnapshot;
import io.cairn.state.StateMigrationException;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.handle.StreamStateHandle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads operator state snapshots ({@link OperatorSnapshotFormat}) into fresh restored states. Handles
 * that share an underlying stream are merged first, so each stream is opened once; within a stream
 * only the records the handles list are read, each one checksummed.
 */
final class OperatorRestoreOperation {

    private final ClassLoader classLoader;
    private final Map<String, AbstractOperatorState> restored = new LinkedHashMap<>();

    OperatorRestoreOperation(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** The handles of one stream, merged. */
    private static final class StreamPart {
        final OperatorStateHandle firstHandle;
        final Map<String, OperatorStateHandle.StateMetaInfo> states = new LinkedHashMap<>();

        StreamPart(OperatorStateHandle firstHandle) {
            this.firstHandle = firstHandle;
        }
    }

    /**
     * Reads all handles.
     *
     * @param handles the handles to restore
     * @return the restored states by name, in the order first met
     * @throws IOException if reading fails or the data is corrupt
     */
    Map<String, AbstractOperatorState> restore(Iterable<OperatorStateHandle> handles) throws IOException {
        Map<StreamStateHandle, StreamPart> streams = new LinkedHashMap<>();
        for (OperatorStateHandle handle : handles) {
            StreamPart part = streams.computeIfAbsent(handle.getDelegateStateHandle(), d -> new StreamPart(handle));
            for (Map.Entry<String, OperatorStateHandle.StateMetaInfo> e : handle.getStateNameToPartitionOffsets().entrySet()) {
                part.states.merge(e.getKey(), e.getValue(), (a, b) -> OperatorStateRepartitioner.merge(e.getKey(), a, b));
            }
        }
        for (StreamPart part : streams.values()) {
            restoreStream(part);
        }
        return restored;
    }

    /** @return the file path of a stream in a file, otherwise the handle's description */
    static String describe(StreamStateHandle delegate) {
        return delegate instanceof FileStateHandle ? ((FileStateHandle) delegate).getFilePath().toString() : delegate.toString();
    }

    private void restoreStream(StreamPart part) throws IOException {
        StreamStateHandle delegate = part.firstHandle.getDelegateStateHandle();
        String source = describe(delegate);
        long streamLength = delegate.getStateSize();
        try (FSDataInputStream in = part.firstHandle.openInputStream()) {
            OperatorSnapshotFormat.Header header = OperatorSnapshotFormat.readHeader(in, source, streamLength, classLoader);
            Map<String, Integer> indexByName = new HashMap<>();
            for (int i = 0; i < header.states().size(); i++) {
                indexByName.put(header.states().get(i).name(), i);
            }
            List<Integer> indices = new ArrayList<>(part.states.size());
            for (Map.Entry<String, OperatorStateHandle.StateMetaInfo> e : part.states.entrySet()) {
                Integer index = indexByName.get(e.getKey());
                if (index == null) {
                    throw new CorruptCheckpointException("a handle lists state '" + e.getKey() + "' but the header of "
                            + source + " has no such state (it has " + indexByName.keySet() + ")");
                }
                OperatorSnapshotFormat.StateInfo info = header.states().get(index);
                if (info.mode() != e.getValue().getDistributionMode()) {
                    throw new CorruptCheckpointException("a handle lists state '" + info.name() + "' as "
                            + e.getValue().getDistributionMode() + " but the header of " + source + " says " + info.mode());
                }
                indices.add(index);
            }
            // header order is stream order: read states front to back
            indices.sort(null);
            for (int index : indices) {
                OperatorSnapshotFormat.StateInfo info = header.states().get(index);
                OperatorStateHandle.StateMetaInfo meta = part.states.get(info.name());
                if (info.mode() == OperatorStateHandle.Mode.BROADCAST) {
                    restoreBroadcast(in, info, index, meta, source, streamLength);
                } else {
                    restoreList(in, info, index, meta, source, streamLength);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void restoreList(
            FSDataInputStream in,
            OperatorSnapshotFormat.StateInfo info,
            int index,
            OperatorStateHandle.StateMetaInfo meta,
            String source,
            long streamLength)
            throws IOException {
        TypeSerializerSnapshot<Object> snapshot = (TypeSerializerSnapshot<Object>) info.serializerSnapshots().get(0);
        TypeSerializer<Object> serializer = snapshot.restoreSerializer();
        AbstractOperatorState existing = restored.get(info.name());
        PartitionableListState<Object> state;
        if (existing == null) {
            state = PartitionableListState.restored(info.name(), info.mode(), snapshot);
            restored.put(info.name(), state);
        } else {
            checkSameMode(existing, info, source);
            state = (PartitionableListState<Object>) existing;
            checkSameSerializer(info.name(), "element", state.serializer, serializer, source);
        }
        for (int i = 0; i < meta.getOffsetCount(); i++) {
            long offset = meta.getOffset(i);
            DataInputDeserializer payload = seekAndRead(in, index, info.name(), offset, source, streamLength);
            Object element;
            try {
                element = serializer.deserialize(payload);
            } catch (IOException | RuntimeException e) {
                throw new CorruptCheckpointException("cannot decode element of state '" + info.name() + "' at offset "
                        + offset + " of " + source + ": " + e, e);
            }
            if (element == null) {
                throw new CorruptCheckpointException("null element of state '" + info.name() + "' at offset " + offset
                        + " of " + source);
            }
            checkConsumed(payload, info.name(), offset, source);
            state.addRestored(element);
        }
    }

    @SuppressWarnings("unchecked")
    private void restoreBroadcast(
            FSDataInputStream in,
            OperatorSnapshotFormat.StateInfo info,
            int index,
            OperatorStateHandle.StateMetaInfo meta,
            String source,
            long streamLength)
            throws IOException {
        TypeSerializerSnapshot<Object> keySnapshot = (TypeSerializerSnapshot<Object>) info.serializerSnapshots().get(0);
        TypeSerializerSnapshot<Object> valueSnapshot = (TypeSerializerSnapshot<Object>) info.serializerSnapshots().get(1);
        TypeSerializer<Object> keys = keySnapshot.restoreSerializer();
        TypeSerializer<Object> values = valueSnapshot.restoreSerializer();
        AbstractOperatorState existing = restored.get(info.name());
        HeapBroadcastState<Object, Object> state;
        if (existing == null) {
            state = HeapBroadcastState.restored(info.name(), keySnapshot, valueSnapshot);
            restored.put(info.name(), state);
        } else {
            checkSameMode(existing, info, source);
            state = (HeapBroadcastState<Object, Object>) existing;
            checkSameSerializer(info.name(), "key", state.keySerializer, keys, source);
            checkSameSerializer(info.name(), "value", state.valueSerializer, values, source);
        }
        for (int i = 0; i < meta.getOffsetCount(); i++) {
            long offset = meta.getOffset(i);
            DataInputDeserializer payload = seekAndRead(in, index, info.name(), offset, source, streamLength);
            try {
                int count = payload.readInt();
                if (count < 0) {
                    throw new CorruptCheckpointException("negative entry count " + count + " of broadcast state '"
                            + info.name() + "' at offset " + offset + " of " + source);
                }
                for (int k = 0; k < count; k++) {
                    Object key = keys.deserialize(payload);
                    if (key == null) {
                        throw new CorruptCheckpointException("null key in broadcast state '" + info.name() + "' at offset "
                                + offset + " of " + source);
                    }
                    boolean isNull = payload.readBoolean();
                    state.putRestored(key, isNull ? null : values.deserialize(payload));
                }
            } catch (CorruptCheckpointException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new CorruptCheckpointException("cannot decode broadcast state '" + info.name() + "' at offset "
                        + offset + " of " + source + ": " + e, e);
            }
            checkConsumed(payload, info.name(), offset, source);
        }
    }

    private static DataInputDeserializer seekAndRead(
            FSDataInputStream in, int index, String name, long offset, String source, long streamLength) throws IOException {
        if (streamLength > 0 && offset > streamLength - OperatorSnapshotFormat.RECORD_OVERHEAD) {
            throw new CorruptCheckpointException("offset " + offset + " of state '" + name + "' lies outside " + source
                    + " (" + streamLength + " bytes)");
        }
        in.seek(offset);
        return OperatorSnapshotFormat.readRecord(in, index, source, offset, streamLength);
    }

    private static void checkConsumed(DataInputDeserializer payload, String name, long offset, String source)
            throws CorruptCheckpointException {
        if (payload.available() != 0) {
            throw new CorruptCheckpointException(payload.available() + " unexpected trailing bytes in the record of state '"
                    + name + "' at offset " + offset + " of " + source);
        }
    }

    private static void checkSameMode(AbstractOperatorState existing, OperatorSnapshotFormat.StateInfo info, String source)
            throws CorruptCheckpointException {
        if (existing.mode != info.mode()) {
            throw new CorruptCheckpointException("state '" + info.name() + "' is " + info.mode() + " in " + source
                    + " but " + existing.mode + " in another stream of the same restore");
        }
    }

    private static void checkSameSerializer(
            String name, String what, TypeSerializer<?> first, TypeSerializer<?> other, String source) {
        if (!first.equals(other)) {
            throw new StateMigrationException("state '" + name + "' was written with " + what + " serializer " + first
                    + " in one stream and " + other + " in " + source + "; all subtasks must use the same serializer");
        }
    }
}
