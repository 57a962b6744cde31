package io.cairn.checkpoint.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.checkpoint.storage.CheckpointProperties;
import io.cairn.checkpoint.storage.CheckpointRetentionPolicy;
import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.common.OperatorID;
import io.cairn.fs.Path;
import io.cairn.state.handle.ByteStreamStateHandle;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.handle.OperatorStreamStateHandle;
import io.cairn.state.handle.PlaceholderStreamStateHandle;
import io.cairn.state.handle.SharedStateRegistryKey;
import io.cairn.state.handle.StatePiece;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keygroup.KeyGroupRangeOffsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MetadataFormatTest {

    static final Path DIR = Path.of("file:///data/chk/job/chk-7");

    static CheckpointMetadata sample() {
        KeyGroupsStateHandle inFile = new KeyGroupsStateHandle(
                new KeyGroupRangeOffsets(KeyGroupRange.of(0, 2), new long[] {10, 20, 30}),
                new FileStateHandle(DIR.child("a1b2"), 40));
        KeyGroupsStateHandle shared = new KeyGroupsStateHandle(
                new KeyGroupRangeOffsets(KeyGroupRange.of(3, 3), new long[] {10}),
                new FileStateHandle(Path.of("file:///data/chk/job/shared/x9"), 99));
        KeyGroupsStateHandle inline = new KeyGroupsStateHandle(
                new KeyGroupRangeOffsets(KeyGroupRange.of(4, 5), new long[] {10, 12}),
                new ByteStreamStateHandle("inline-1", new byte[] {1, 2, 3, 4}));
        Map<String, OperatorStateHandle.StateMetaInfo> opStates = new LinkedHashMap<>();
        opStates.put("offsets", new OperatorStateHandle.StateMetaInfo(new long[] {14, 30}, OperatorStateHandle.Mode.SPLIT_DISTRIBUTE));
        opStates.put("rules", new OperatorStateHandle.StateMetaInfo(new long[] {50}, OperatorStateHandle.Mode.BROADCAST));
        OperatorStreamStateHandle op = new OperatorStreamStateHandle(opStates, new ByteStreamStateHandle("op-1", new byte[] {9, 9}));
        OperatorState o1 = new OperatorState(OperatorID.fromUid("counter"), 2, 128, Map.of(
                0, new OperatorSubtaskState(List.of(inFile, shared), List.of(op)),
                1, new OperatorSubtaskState(List.of(inline, incremental()), List.of())));
        OperatorState o2 = new OperatorState(OperatorID.fromUid("source"), 1, 128, Map.of());
        return new CheckpointMetadata(7, 1000, 1234,
                CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION),
                List.of(o1, o2), List.of(new MasterState("hook", 3, new byte[] {5, 6})));
    }

    static final UUID BACKEND = new UUID(0x1234_5678_9ABC_DEF0L, -42L);

    /** An incremental handle with a new shared file, a placeholder, an inline shared piece and private files. */
    static IncrementalKeyedStateHandle incremental() {
        return new IncrementalKeyedStateHandle(BACKEND, KeyGroupRange.of(64, 127), 7,
                new FileStateHandle(DIR.child("meta-b1"), 321),
                List.of(StatePiece.of("000011.sst", new FileStateHandle(Path.of("file:///data/chk/job/shared/u11"), 4096)),
                        StatePiece.of("000009.sst", new PlaceholderStreamStateHandle(
                                SharedStateRegistryKey.of("file:///data/chk/job/shared/u9"), 2048)),
                        StatePiece.of("kg-70.delta", new ByteStreamStateHandle("inline-delta", new byte[] {7, 7, 7}))),
                List.of(StatePiece.of("MANIFEST-000012", new FileStateHandle(DIR.child("manifest-b1"), 88)),
                        StatePiece.of("OPTIONS", new ByteStreamStateHandle("opts", new byte[] {1}))));
    }

    @Test
    void roundTripsIncrementalHandlesAndPlaceholders() throws Exception {
        IncrementalKeyedStateHandle h = incremental();
        CheckpointMetadata m = new CheckpointMetadata(7, 1, 2, CheckpointProperties.forCheckpoint(
                CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION), List.of(new OperatorState(
                        OperatorID.fromUid("agg"), 1, 128, Map.of(0, new OperatorSubtaskState(List.of(h), List.of())))),
                List.of());
        CheckpointMetadata back = MetadataFormat.deserialize(MetadataFormat.serialize(m, DIR), "t", DIR);
        assertThat(back).isEqualTo(m);
        IncrementalKeyedStateHandle read =
                (IncrementalKeyedStateHandle) back.operatorStates().get(0).getState(0).getManagedKeyedState().get(0);
        assertThat(read.getBackendIdentifier()).isEqualTo(BACKEND);
        assertThat(read.getCheckpointId()).isEqualTo(7);
        assertThat(read.getKeyGroupRange()).isEqualTo(KeyGroupRange.of(64, 127));
        assertThat(read.getSharedState()).isEqualTo(h.getSharedState());
        assertThat(read.getPrivateState()).isEqualTo(h.getPrivateState());
        assertThat(read.getSharedState().get(1).handle()).isInstanceOf(PlaceholderStreamStateHandle.class);
        assertThat(read.getCheckpointedSize()).isEqualTo(h.getCheckpointedSize()).isEqualTo(321 + 4096 + 3 + 88 + 1);
        assertThat(read.getStateSize()).isEqualTo(h.getStateSize());
    }

    @Test
    void checkpointedSizeSurvivesResolutionOfPlaceholders() throws Exception {
        // metadata is written after registration: the placeholder is resolved, the checkpointed size is not recomputed
        FileStateHandle old = new FileStateHandle(Path.of("file:///data/chk/job/shared/u9"), 2048);
        IncrementalKeyedStateHandle h = new IncrementalKeyedStateHandle(BACKEND, KeyGroupRange.of(0, 0), 8,
                new ByteStreamStateHandle("m", new byte[10]), List.of(StatePiece.of("9.sst", PlaceholderStreamStateHandle.of(old))),
                List.of());
        io.cairn.state.handle.SharedStateRegistryImpl registry = new io.cairn.state.handle.SharedStateRegistryImpl(Runnable::run);
        registry.registerReference(SharedStateRegistryKey.forStreamStateHandle(old), old, 7);
        registry.registerAll(List.of(h), 8);
        CheckpointMetadata m = new CheckpointMetadata(8, 1, 2, CheckpointProperties.forCheckpoint(
                CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION), List.of(new OperatorState(
                        OperatorID.fromUid("agg"), 1, 128, Map.of(0, new OperatorSubtaskState(List.of(h), List.of())))),
                List.of());
        IncrementalKeyedStateHandle read = (IncrementalKeyedStateHandle) MetadataFormat.deserialize(
                MetadataFormat.serialize(m, DIR), "t", DIR).operatorStates().get(0).getState(0).getManagedKeyedState().get(0);
        assertThat(read.getSharedState()).containsExactly(StatePiece.of("9.sst", old));
        assertThat(read.getCheckpointedSize()).isEqualTo(10);
        assertThat(read.getStateSize()).isEqualTo(2058);
        assertThat(m.operatorStates().get(0).getCheckpointedSize()).isEqualTo(10);
    }

    @Test
    void incrementalPrivateFilesAreRelativeAndSharedFilesAbsolute() throws Exception {
        Path moved = Path.of("file:///elsewhere/chk-7");
        CheckpointMetadata m = MetadataFormat.deserialize(MetadataFormat.serialize(sample(), DIR), "t", moved);
        IncrementalKeyedStateHandle read =
                (IncrementalKeyedStateHandle) m.operatorStates().get(0).getState(1).getManagedKeyedState().get(1);
        assertThat(((FileStateHandle) read.getMetaStateHandle()).getFilePath()).isEqualTo(moved.child("meta-b1"));
        assertThat(((FileStateHandle) read.getPrivateState().get(0).handle()).getFilePath())
                .isEqualTo(moved.child("manifest-b1"));
        assertThat(((FileStateHandle) read.getSharedState().get(0).handle()).getFilePath())
                .isEqualTo(Path.of("file:///data/chk/job/shared/u11"));
    }

    @Test
    void anEmptyIncrementalHandleRoundTrips() throws Exception {
        IncrementalKeyedStateHandle h = new IncrementalKeyedStateHandle(new UUID(0, 0), KeyGroupRange.EMPTY, 0,
                new ByteStreamStateHandle("m", new byte[0]), List.of(), List.of());
        CheckpointMetadata m = new CheckpointMetadata(1, 1, 2, CheckpointProperties.forCheckpoint(
                CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION), List.of(new OperatorState(
                        OperatorID.fromUid("agg"), 1, 128, Map.of(0, new OperatorSubtaskState(List.of(h), List.of())))),
                List.of());
        assertThat(MetadataFormat.deserialize(MetadataFormat.serialize(m, null), "t", null)).isEqualTo(m);
    }

    @Test
    void roundTripsEverything() throws Exception {
        CheckpointMetadata m = sample();
        byte[] bytes = MetadataFormat.serialize(m, DIR);
        assertThat(MetadataFormat.deserialize(bytes, "test", DIR)).isEqualTo(m);
    }

    @Test
    void filesInsideTheDirectoryAreRelativeAndFollowAMove() throws Exception {
        byte[] bytes = MetadataFormat.serialize(sample(), DIR);
        Path moved = Path.of("file:///elsewhere/sp");
        CheckpointMetadata m = MetadataFormat.deserialize(bytes, "test", moved);
        KeyGroupsStateHandle first = (KeyGroupsStateHandle) m.operatorStates().get(0).getState(0).getManagedKeyedState().get(0);
        assertThat(((FileStateHandle) first.getDelegateStateHandle()).getFilePath()).isEqualTo(moved.child("a1b2"));
        KeyGroupsStateHandle shared = (KeyGroupsStateHandle) m.operatorStates().get(0).getState(0).getManagedKeyedState().get(1);
        assertThat(((FileStateHandle) shared.getDelegateStateHandle()).getFilePath())
                .isEqualTo(Path.of("file:///data/chk/job/shared/x9"));
    }

    @Test
    void savepointPropertiesRoundTrip() throws Exception {
        CheckpointMetadata m = new CheckpointMetadata(3, 1, 2, CheckpointProperties.forSavepoint(true), List.of(), List.of());
        CheckpointMetadata back = MetadataFormat.deserialize(MetadataFormat.serialize(m, null), "sp", null);
        assertThat(back.properties().isSavepoint()).isTrue();
        assertThat(back.properties().isForced()).isTrue();
    }

    @Test
    void everyFlippedByteIsRejectedNamingTheFile() throws Exception {
        byte[] good = MetadataFormat.serialize(sample(), DIR);
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            int at = i;
            assertThatThrownBy(() -> MetadataFormat.deserialize(bad, "/x/chk-7/_metadata", DIR))
                    .as("flip at byte %d", at)
                    .isInstanceOf(CorruptCheckpointException.class)
                    .hasMessageContaining("/x/chk-7/_metadata");
        }
    }

    @Test
    void everyTruncationIsRejected() throws Exception {
        byte[] good = MetadataFormat.serialize(sample(), DIR);
        for (int len = 0; len < good.length; len++) {
            byte[] bad = java.util.Arrays.copyOf(good, len);
            assertThatThrownBy(() -> MetadataFormat.deserialize(bad, "meta-file", DIR))
                    .isInstanceOf(CorruptCheckpointException.class)
                    .hasMessageContaining("meta-file");
        }
    }

    @Test
    void unknownVersionIsRejected() throws Exception {
        byte[] bytes = MetadataFormat.serialize(sample(), DIR);
        bytes[5] = 9;
        assertThatThrownBy(() -> MetadataFormat.deserialize(bytes, "meta-file", DIR))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("version 9")
                .hasMessageContaining("meta-file");
    }

    @Test
    void wrongMagicIsRejected() throws Exception {
        byte[] bytes = MetadataFormat.serialize(sample(), DIR);
        bytes[0] = 'P';
        assertThatThrownBy(() -> MetadataFormat.deserialize(bytes, "meta-file", DIR))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("magic");
    }
}
