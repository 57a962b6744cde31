package io.cairn.checkpoint.inspect;

import io.cairn.checkpoint.Checkpoints;
import io.cairn.checkpoint.metadata.CheckpointMetadata;
import io.cairn.checkpoint.metadata.MasterState;
import io.cairn.checkpoint.metadata.OperatorState;
import io.cairn.checkpoint.metadata.OperatorSubtaskState;
import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointProperties;
import io.cairn.checkpoint.storage.CheckpointRetentionPolicy;
import io.cairn.checkpoint.storage.CheckpointStorageLocation;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.checkpoint.storage.FsCheckpointStorageAccess;
import io.cairn.common.JobID;
import io.cairn.common.OperatorID;
import io.cairn.fs.Path;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.Serializers;
import io.cairn.serialization.StringSerializer;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.handle.ByteStreamStateHandle;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StatePiece;
import io.cairn.state.heap.HashMapStateBackend;
import io.cairn.state.keyed.KeyedStateBackend;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import io.cairn.state.operator.OperatorStateBackend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RunnableFuture;

/**
 * Writes checkpoints for the inspection tests directly through the backends, as a task would: one
 * keyed operator ({@link #KEYED_UID}) at parallelism 2 with value, map, list, record-valued and
 * namespaced state plus split, union and broadcast operator state, a stateless second operator, and a
 * master hook state.
 */
final class TestCheckpoints {

    static final String KEYED_UID = "accounts";
    static final OperatorID KEYED = OperatorID.fromUid(KEYED_UID);
    static final OperatorID STATELESS = OperatorID.fromUid("stateless");
    static final int MAX_PARALLELISM = 16;
    static final int PARALLELISM = 2;
    static final int KEYS = 100;

    static final ValueStateDescriptor<Long> BALANCE = new ValueStateDescriptor<>("balance", Long.class);
    static final MapStateDescriptor<String, Long> LIMITS = new MapStateDescriptor<>("limits", String.class, Long.class);
    static final ListStateDescriptor<Long> AMOUNTS = new ListStateDescriptor<>("amounts", Long.class);
    static final ValueStateDescriptor<Profile> PROFILE = new ValueStateDescriptor<>("profile", Serializers.forClass(Profile.class));
    static final ValueStateDescriptor<Long> WINDOWED = new ValueStateDescriptor<>("windowed", Long.class);
    static final ListStateDescriptor<Long> OFFSETS = new ListStateDescriptor<>("offsets", Long.class);
    static final ListStateDescriptor<String> COMMITTABLES = new ListStateDescriptor<>("committables", String.class);
    static final MapStateDescriptor<String, String> RULES = new MapStateDescriptor<>("rules", String.class, String.class);

    /** Entries per keyed state: every key has balance and limits, even keys amounts, keys below 10 a profile, below 5 two windows. */
    static final Map<String, Long> EXPECTED_ENTRIES = Map.of(
            "balance", (long) KEYS, "limits", (long) KEYS, "amounts", KEYS / 2L, "profile", 10L, "windowed", 10L);

    private TestCheckpoints() {}

    /**
     * Writes checkpoint 1 under {@code dir}.
     *
     * @param dir the checkpoint base directory
     * @param inlineThreshold streams below this many bytes are inlined into the metadata (0: every stream a file)
     * @return the checkpoint directory
     */
    static String write(java.nio.file.Path dir, int inlineThreshold) throws Exception {
        FileSystemCheckpointStorage storage = new FileSystemCheckpointStorage(Path.fromLocal(dir), null, inlineThreshold, 4096);
        FsCheckpointStorageAccess access = storage.resolveCheckpointStorageAccess(new JobID(0xC0FFEEL, 0x1L));
        access.initializeBaseLocationsForCheckpoint();
        CheckpointStorageLocation location = access.initializeLocationForCheckpoint(1);
        HashMapStateBackend backend = new HashMapStateBackend();
        Map<Integer, OperatorSubtaskState> subtasks = new HashMap<>();
        for (int i = 0; i < PARALLELISM; i++) {
            KeyedStateBackend<Long> keyed = backend.createKeyedStateBackend(KeyedStateBackendParameters.forSubtask(
                    KEYED_UID, LongSerializer.INSTANCE, MAX_PARALLELISM, PARALLELISM, i));
            KeyGroupRange range = keyed.getKeyGroupRange();
            for (long key = 0; key < KEYS; key++) {
                if (!range.contains(KeyGroupRangeAssignment.assignToKeyGroup(key, MAX_PARALLELISM))) {
                    continue;
                }
                keyed.setCurrentKey(key);
                ValueState<Long> balance = keyed.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, BALANCE);
                balance.update(key * 10);
                MapState<String, Long> limits = keyed.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, LIMITS);
                limits.put("daily", key);
                limits.put("weekly", key * 7);
                if (key % 2 == 0) {
                    ListState<Long> amounts = keyed.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, AMOUNTS);
                    amounts.add(key);
                    amounts.add(key + 1);
                }
                if (key < 10) {
                    ValueState<Profile> profile = keyed.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, PROFILE);
                    profile.update(new Profile("user \"" + key + "\"", (int) key, List.of("a", "b"), new byte[] {1, 2, 3}));
                }
                if (key < 5) {
                    for (long window : new long[] {0, 1000}) {
                        ValueState<Long> w = keyed.getPartitionedState(window, LongSerializer.INSTANCE, WINDOWED);
                        w.update(key + window);
                    }
                }
            }
            OperatorStateBackend operator = backend.createOperatorStateBackend(KEYED_UID + "-" + i, TestCheckpoints.class.getClassLoader());
            operator.getListState(OFFSETS).add(i * 100L);
            operator.getListState(OFFSETS).add(i * 100L + 1);
            operator.getUnionListState(COMMITTABLES).add("part-" + i);
            operator.getBroadcastState(RULES).put("r1", "x > 1");
            operator.getBroadcastState(RULES).put("r2", "y < 2");

            RunnableFuture<SnapshotResult<KeyedStateHandle>> k =
                    keyed.snapshot(1, 1, location, CheckpointOptions.forCheckpointWithDefaultLocation());
            RunnableFuture<SnapshotResult<OperatorStateHandle>> o =
                    operator.snapshot(1, 1, location, CheckpointOptions.forCheckpointWithDefaultLocation());
            k.run();
            o.run();
            subtasks.put(i, new OperatorSubtaskState(
                    List.of(k.get().getJobManagerOwnedSnapshot()), List.of(o.get().getJobManagerOwnedSnapshot())));
            keyed.close();
            operator.close();
        }
        List<OperatorState> operators = new ArrayList<>();
        operators.add(new OperatorState(KEYED, PARALLELISM, MAX_PARALLELISM, subtasks));
        operators.add(new OperatorState(STATELESS, 1, MAX_PARALLELISM, Map.of()));
        CheckpointMetadata metadata = new CheckpointMetadata(1, 1_700_000_000_000L, 1_700_000_000_250L,
                CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION),
                operators, List.of(new MasterState("hook", 2, new byte[] {1, 2, 3, 4, 5})));
        return Checkpoints.storeMetadata(metadata, location).getExternalPointer();
    }

    /**
     * Writes checkpoint 1 whose only operator has an incremental keyed handle (manifest inline).
     *
     * @param dir the checkpoint base directory
     * @return the checkpoint directory
     */
    static String writeIncremental(java.nio.file.Path dir) throws Exception {
        return writeIncremental(dir, true);
    }

    /**
     * A checkpoint with one native keyed handle of a manifest and one SST piece.
     *
     * @param shared whether the piece is shared (an incremental checkpoint) or private (a
     *     self-contained native snapshot, such as a native full checkpoint)
     */
    static String writeIncremental(java.nio.file.Path dir, boolean shared) throws Exception {
        FileSystemCheckpointStorage storage = new FileSystemCheckpointStorage(Path.fromLocal(dir), null, 1024, 4096);
        FsCheckpointStorageAccess access = storage.resolveCheckpointStorageAccess(new JobID(0xC0FFEEL, 0x2L));
        access.initializeBaseLocationsForCheckpoint();
        CheckpointStorageLocation location = access.initializeLocationForCheckpoint(1);
        List<StatePiece> pieces = List.of(StatePiece.of("000001.sst", new ByteStreamStateHandle("sst", new byte[] {1, 2, 3})));
        IncrementalKeyedStateHandle handle = new IncrementalKeyedStateHandle(new UUID(1, 2), KeyGroupRange.of(0, 15), 1,
                new ByteStreamStateHandle("manifest", new byte[] {9, 9}), shared ? pieces : List.of(), shared ? List.of() : pieces);
        OperatorState op = new OperatorState(KEYED, 1, MAX_PARALLELISM,
                Map.of(0, new OperatorSubtaskState(List.of(handle), List.of())));
        CheckpointMetadata metadata = new CheckpointMetadata(1, 1L, 2L,
                CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION), List.of(op), List.of());
        return Checkpoints.storeMetadata(metadata, location).getExternalPointer();
    }
}
