package io.cairn.checkpoint.inspect;

import io.cairn.checkpoint.CompletedCheckpoint;
import io.cairn.checkpoint.metadata.MasterState;
import io.cairn.checkpoint.metadata.OperatorState;
import io.cairn.checkpoint.metadata.OperatorSubtaskState;
import io.cairn.serialization.TypeSerializer;
import io.cairn.serialization.TypeSerializerSnapshot;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.keyed.KeyedSnapshotFormat;
import io.cairn.state.keyed.StateMetaInfo;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.operator.OperatorSnapshotFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reports what a checkpoint or savepoint holds: its metadata, every operator's subtasks and handles,
 * and for every snapshot stream the states its header records with their serializers and sizes.
 *
 * <p>Native keyed handles (RocksDB's files: incremental or native full checkpoints, native
 * savepoints) are listed with their pieces, kind {@code incremental} if they share files with other
 * checkpoints, else {@code native}; their contents are not read.
 *
 * <p>Entry counts of keyed state come from reading every key-group block the checkpoint's handles
 * point to (each block's checksum is verified on the way). The format stores no per-entry lengths,
 * so the entries are decoded with the serializers recorded in the stream's header; their classes
 * must be on the class path (the thread's context class loader, else Cairn's).
 *
 * <p>Thread-safe: it holds no state.
 */
public final class CheckpointInspector {

    private CheckpointInspector() {}

    /**
     * Inspects a checkpoint or savepoint.
     *
     * @param path the checkpoint or savepoint directory, or its {@code _metadata} file (plain path or URI)
     * @return the report
     * @throws java.io.FileNotFoundException if there is no checkpoint at {@code path}
     * @throws io.cairn.checkpoint.storage.CorruptCheckpointException if the metadata or a stream fails a
     *     check; the message names the file and, for streams, the offset
     * @throws IOException if reading fails, e.g. a referenced file is missing
     */
    public static CheckpointReport inspect(String path) throws IOException {
        SnapshotStreams.Loaded loaded = SnapshotStreams.load(path);
        CompletedCheckpoint cp = loaded.checkpoint();
        List<OperatorReport> operators = new ArrayList<>();
        for (OperatorState op : cp.getOperatorStates().values()) {
            operators.add(inspectOperator(op));
        }
        List<MasterStateReport> masters = new ArrayList<>();
        for (MasterState m : cp.getMasterHookStates()) {
            masters.add(new MasterStateReport(m.name(), m.version(), m.bytes().length));
        }
        return new CheckpointReport(
                cp.getExternalPointer(),
                loaded.metadataFile(),
                loaded.metadataVersion(),
                loaded.metadataSize(),
                cp.getCheckpointId(),
                cp.getProperties().isSavepoint() ? "savepoint" : "checkpoint",
                cp.getTimestamp(),
                cp.getCompletionTimestamp(),
                cp.getSize(),
                operators,
                masters);
    }

    private static OperatorReport inspectOperator(OperatorState op) throws IOException {
        List<SubtaskReport> subtasks = new ArrayList<>();
        for (Map.Entry<Integer, OperatorSubtaskState> e : op.getSubtaskStates().entrySet()) {
            List<HandleReport> handles = new ArrayList<>();
            for (KeyedStateHandle h : e.getValue().getManagedKeyedState()) {
                handles.add(describe(h));
            }
            for (OperatorStateHandle h : e.getValue().getManagedOperatorState()) {
                handles.add(new HandleReport("operator", null, SnapshotStreams.location(h.getDelegateStateHandle()),
                        h.getStateSize()));
            }
            subtasks.add(new SubtaskReport(e.getKey(), handles));
        }
        List<StreamReport> streams = new ArrayList<>();
        for (SnapshotStreams.KeyedStream s : SnapshotStreams.keyedStreams(op)) {
            streams.add(inspectKeyed(s, op.getMaxParallelism()));
        }
        for (SnapshotStreams.OperatorStream s : SnapshotStreams.operatorStreams(op)) {
            streams.add(inspectOperatorStream(s));
        }
        return new OperatorReport(op.getOperatorID().toHexString(), op.getParallelism(), op.getMaxParallelism(),
                op.getStateSize(), subtasks, streams);
    }

    private static HandleReport describe(KeyedStateHandle h) {
        if (h instanceof KeyGroupsStateHandle k) {
            return new HandleReport("key-groups", range(k.getKeyGroupRange()),
                    SnapshotStreams.location(k.getDelegateStateHandle()), k.getStateSize());
        }
        if (h instanceof IncrementalKeyedStateHandle inc) {
            return new HandleReport(nativeKind(inc), range(inc.getKeyGroupRange()),
                    "meta " + SnapshotStreams.location(inc.getMetaStateHandle()) + ", " + inc.getSharedState().size()
                            + " shared and " + inc.getPrivateState().size() + " private pieces",
                    inc.getStateSize());
        }
        return new HandleReport(h.getClass().getSimpleName(), range(h.getKeyGroupRange()), String.valueOf(h),
                h.getStateSize());
    }

    /**
     * The kind of a native handle: {@code "incremental"} if it has shared pieces (files other
     * checkpoints may use too), else {@code "native"}: a self-contained native snapshot, such as a
     * native full checkpoint or a native savepoint of the rocksdb backend, whose every file belongs
     * to it alone.
     */
    static String nativeKind(IncrementalKeyedStateHandle h) {
        return h.getSharedState().isEmpty() ? "native" : "incremental";
    }

    static String range(KeyGroupRange r) {
        return r.isEmpty() ? "none" : r.getStartKeyGroup() + ".." + r.getEndKeyGroup();
    }

    /** Collects a keyed stream's header and counts its entries per state. */
    private static final class Counter implements SnapshotStreams.KeyedVisitor {
        List<StateMetaInfo> states = List.of();
        String keySerializer;
        long[] counts = new long[0];

        @Override
        public void header(KeyedSnapshotFormat.Header header, TypeSerializer<?> keySer) {
            states = header.states();
            keySerializer = keySer.toString();
            counts = new long[states.size()];
        }

        @Override
        public void entry(int stateIndex, Object key, Object namespace, Object value) {
            counts[stateIndex]++;
        }
    }

    private static StreamReport inspectKeyed(SnapshotStreams.KeyedStream s, int maxParallelism) throws IOException {
        Counter counter = new Counter();
        SnapshotStreams.scanKeyed(s, maxParallelism, counter);
        List<StateReport> reports = new ArrayList<>();
        for (int i = 0; i < counter.states.size(); i++) {
            StateMetaInfo m = counter.states.get(i);
            reports.add(new StateReport(m.name(), m.type().name(), null, describe(m.namespaceSerializerSnapshot()),
                    describe(m.valueSerializerSnapshot()), counter.counts[i]));
        }
        return new StreamReport("keyed", SnapshotStreams.location(s.stream), s.stream.getStateSize(),
                new ArrayList<>(s.subtasks), s.keyGroups(), counter.keySerializer, reports);
    }

    private static StreamReport inspectOperatorStream(SnapshotStreams.OperatorStream s) throws IOException {
        OperatorSnapshotFormat.Header header = SnapshotStreams.readOperatorHeader(s);
        List<StateReport> reports = new ArrayList<>();
        for (OperatorSnapshotFormat.StateInfo info : header.states()) {
            var offsets = s.offsets.get(info.name());
            long count = offsets == null ? 0 : offsets.size();
            boolean broadcast = info.mode() == OperatorStateHandle.Mode.BROADCAST;
            reports.add(new StateReport(info.name(), info.mode().name(),
                    broadcast ? describe(info.serializerSnapshots().get(0)) : null,
                    null,
                    describe(info.serializerSnapshots().get(broadcast ? 1 : 0)),
                    count));
        }
        return new StreamReport("operator", SnapshotStreams.location(s.stream), s.stream.getStateSize(),
                new ArrayList<>(s.subtasks), null, null, reports);
    }

    private static String describe(TypeSerializerSnapshot<?> snapshot) {
        try {
            return snapshot.restoreSerializer().toString();
        } catch (RuntimeException e) {
            return snapshot.getClass().getName() + " (cannot restore: " + e.getMessage() + ")";
        }
    }
}
