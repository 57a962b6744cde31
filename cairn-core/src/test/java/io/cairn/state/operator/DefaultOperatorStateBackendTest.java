package io.cairn.state.operator;

import static io.cairn.state.operator.OperatorStateTestSupport.contents;
import static io.cairn.state.operator.OperatorStateTestSupport.counting;
import static io.cairn.state.operator.OperatorStateTestSupport.memory;
import static io.cairn.state.operator.OperatorStateTestSupport.newBackend;
import static io.cairn.state.operator.OperatorStateTestSupport.restored;
import static io.cairn.state.operator.OperatorStateTestSupport.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.checkpoint.storage.FsCheckpointStreamFactory;
import io.cairn.serialization.BytePrimitiveArraySerializer;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.StringSerializer;
import io.cairn.state.BroadcastState;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ReadOnlyBroadcastState;
import io.cairn.state.StateMigrationException;
import io.cairn.state.handle.ByteStreamStateHandle;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.handle.OperatorStreamStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StateHandles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RunnableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Semantics, snapshots and restores of {@link DefaultOperatorStateBackend}. */
class DefaultOperatorStateBackendTest {

    static final ListStateDescriptor<Long> SPLIT = new ListStateDescriptor<>("split", Long.class);
    static final ListStateDescriptor<String> UNION = new ListStateDescriptor<>("union", String.class);
    static final MapStateDescriptor<String, Long> BROADCAST = new MapStateDescriptor<>("broadcast", String.class, Long.class);

    @TempDir
    Path tmp;

    private final List<DefaultOperatorStateBackend> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(DefaultOperatorStateBackend::close);
    }

    private DefaultOperatorStateBackend backend() {
        DefaultOperatorStateBackend b = newBackend("op (1/1)");
        opened.add(b);
        return b;
    }

    private DefaultOperatorStateBackend restore(OperatorStateHandle... handles) throws Exception {
        DefaultOperatorStateBackend b = restored("op (1/1)", Arrays.asList(handles));
        opened.add(b);
        return b;
    }

    private CheckpointStreamFactory factory(String kind) {
        return kind.equals("fs") ? FsCheckpointStreamFactory.forDirectory(io.cairn.fs.Path.fromLocal(tmp)) : memory();
    }

    // ---------------------------------------------------------------- semantics

    @Test
    void listStateAddsUpdatesAndClears() {
        ListState<Long> list = backend().getListState(SPLIT);
        assertThat(list.get()).isEmpty();
        list.add(1L);
        list.addAll(List.of(2L, 3L));
        assertThat(contents(list)).containsExactly(1L, 2L, 3L);
        list.update(List.of(7L));
        assertThat(contents(list)).containsExactly(7L);
        list.update(List.of());
        assertThat(list.get()).isEmpty();
        list.add(4L);
        list.clear();
        assertThat(list.get()).isNotNull().isEmpty();
    }

    @Test
    void listStateGetIsTheUnmodifiableList() {
        ListState<Long> list = backend().getListState(SPLIT);
        list.add(1L);
        Iterable<Long> view = list.get();
        assertThat(view).isInstanceOf(List.class);
        list.add(2L);
        assertThat(view).containsExactly(1L, 2L);
        assertThatThrownBy(() -> ((List<Long>) view).add(3L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullElementsAreRejectedNamingTheState() {
        ListState<Long> list = backend().getListState(SPLIT);
        assertThatThrownBy(() -> list.add(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("'split'");
        assertThatThrownBy(() -> list.addAll(Arrays.asList(1L, null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("'split'").hasMessageContaining("element 1");
        assertThatThrownBy(() -> list.update(Arrays.asList((Long) null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("'split'");
        assertThatThrownBy(() -> list.update(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("'split'");
        assertThat(list.get()).isEmpty();
    }

    @Test
    void sameDescriptorReturnsTheSameState() {
        DefaultOperatorStateBackend b = backend();
        assertThat(b.getListState(SPLIT)).isSameAs(b.getListState(new ListStateDescriptor<>("split", Long.class)));
        assertThat(b.getUnionListState(UNION)).isSameAs(b.getUnionListState(UNION));
        assertThat(b.getBroadcastState(BROADCAST)).isSameAs(b.getBroadcastState(BROADCAST));
        assertThat(b.getRegisteredStateNames()).containsExactly("split", "union", "broadcast");
    }

    @Test
    void broadcastStateIsAMapWithNonNullKeys() {
        BroadcastState<String, Long> bc = backend().getBroadcastState(BROADCAST);
        bc.put("a", 1L);
        bc.putAll(Map.of("b", 2L, "c", 3L));
        bc.put("n", null);
        assertThat(bc.get("a")).isEqualTo(1L);
        assertThat(bc.contains("n")).isTrue();
        assertThat(bc.get("n")).isNull();
        assertThat(bc.contains("zz")).isFalse();
        bc.remove("b");
        assertThat(bc.entries()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("a", "c", "n");

        for (Map.Entry<String, Long> e : bc.entries()) {
            if (e.getKey().equals("a")) {
                e.setValue(10L);
            }
        }
        Iterator<Map.Entry<String, Long>> it = bc.iterator();
        while (it.hasNext()) {
            if (it.next().getKey().equals("c")) {
                it.remove();
            }
        }
        assertThat(bc.get("a")).isEqualTo(10L);
        assertThat(bc.contains("c")).isFalse();

        ReadOnlyBroadcastState<String, Long> readOnly = bc;
        Map.Entry<String, Long> first = readOnly.immutableEntries().iterator().next();
        assertThatThrownBy(() -> first.setValue(5L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> readOnly.immutableEntries().iterator().remove())
                .isInstanceOf(UnsupportedOperationException.class);

        assertThatThrownBy(() -> bc.put(null, 1L)).isInstanceOf(NullPointerException.class).hasMessageContaining("'broadcast'");
        Map<String, Long> withNullKey = new HashMap<>();
        withNullKey.put("ok", 1L);
        withNullKey.put(null, 2L);
        assertThatThrownBy(() -> bc.putAll(withNullKey)).isInstanceOf(NullPointerException.class);
        assertThat(bc.contains("ok")).as("putAll is all or nothing").isFalse();
        bc.clear();
        assertThat(bc.entries()).isEmpty();
    }

    @Test
    void sameNameWithAnotherModeIsAMigrationError() {
        DefaultOperatorStateBackend b = backend();
        b.getListState(new ListStateDescriptor<>("s", Long.class));
        assertThatThrownBy(() -> b.getUnionListState(new ListStateDescriptor<>("s", Long.class)))
                .isInstanceOf(StateMigrationException.class)
                .hasMessageContaining("'s'").hasMessageContaining("SPLIT_DISTRIBUTE").hasMessageContaining("UNION");
        assertThatThrownBy(() -> b.getBroadcastState(new MapStateDescriptor<>("s", String.class, Long.class)))
                .isInstanceOf(StateMigrationException.class)
                .hasMessageContaining("'s'").hasMessageContaining("SPLIT_DISTRIBUTE").hasMessageContaining("BROADCAST");
        b.getBroadcastState(new MapStateDescriptor<>("m", String.class, Long.class));
        assertThatThrownBy(() -> b.getListState(new ListStateDescriptor<>("m", Long.class)))
                .isInstanceOf(StateMigrationException.class)
                .hasMessageContaining("'m'").hasMessageContaining("BROADCAST").hasMessageContaining("SPLIT_DISTRIBUTE");
    }

    @Test
    void sameNameWithAnotherSerializerIsAMigrationError() {
        DefaultOperatorStateBackend b = backend();
        b.getListState(new ListStateDescriptor<>("s", Long.class));
        assertThatThrownBy(() -> b.getListState(new ListStateDescriptor<>("s", String.class)))
                .isInstanceOf(StateMigrationException.class)
                .hasMessageContaining("'s'").hasMessageContaining("LongSerializer").hasMessageContaining("StringSerializer");
        b.getBroadcastState(BROADCAST);
        assertThatThrownBy(() -> b.getBroadcastState(new MapStateDescriptor<>("broadcast", String.class, String.class)))
                .isInstanceOf(StateMigrationException.class)
                .hasMessageContaining("'broadcast'").hasMessageContaining("LongSerializer").hasMessageContaining("StringSerializer");
    }

    @Test
    void closedBackendRefusesUse() throws Exception {
        DefaultOperatorStateBackend b = backend();
        b.getListState(SPLIT).add(1L);
        b.close();
        b.dispose();
        assertThatThrownBy(() -> b.getListState(SPLIT)).isInstanceOf(IllegalStateException.class).hasMessageContaining("op (1/1)");
        assertThatThrownBy(() -> snapshot(b, memory())).isInstanceOf(IllegalStateException.class);
    }

    // ---------------------------------------------------------------- snapshot and restore

    @ParameterizedTest
    @ValueSource(strings = {"fs", "mem"})
    void snapshotAndRestoreRoundTrip(String kind) throws Exception {
        DefaultOperatorStateBackend b = backend();
        b.getListState(SPLIT).addAll(List.of(3L, 1L, 2L, 1L));
        b.getUnionListState(UNION).addAll(List.of("x", "", "ünïcödé"));
        BroadcastState<String, Long> bc = b.getBroadcastState(BROADCAST);
        bc.put("a", 1L);
        bc.put("n", null);
        b.getListState(new ListStateDescriptor<>("empty", Long.class));

        OperatorStateHandle handle = snapshot(b, factory(kind));
        assertThat(handle.getDelegateStateHandle())
                .isInstanceOf(kind.equals("fs") ? FileStateHandle.class : ByteStreamStateHandle.class);
        assertThat(handle.getStateNameToPartitionOffsets()).containsOnlyKeys("split", "union", "broadcast", "empty");
        assertThat(handle.getStateNameToPartitionOffsets().get("split").getOffsetCount()).isEqualTo(4);
        assertThat(handle.getStateNameToPartitionOffsets().get("union").getDistributionMode()).isEqualTo(OperatorStateHandle.Mode.UNION);
        assertThat(handle.getStateNameToPartitionOffsets().get("broadcast").getOffsetCount()).isEqualTo(1);
        assertThat(handle.getStateSize()).isEqualTo(handle.getDelegateStateHandle().getStateSize()).isPositive();

        DefaultOperatorStateBackend r = restore(handle);
        assertThat(r.getRegisteredStateNames()).containsExactly("split", "union", "broadcast", "empty");
        assertThat(contents(r.getListState(SPLIT))).containsExactly(3L, 1L, 2L, 1L);
        assertThat(contents(r.getUnionListState(UNION))).containsExactly("x", "", "ünïcödé");
        BroadcastState<String, Long> rbc = r.getBroadcastState(BROADCAST);
        assertThat(rbc.entries()).containsExactly(entry("a", 1L), entry("n", null));
        assertThat(r.getListState(new ListStateDescriptor<>("empty", Long.class)).get()).isEmpty();

        // restored state is live state
        r.getListState(SPLIT).add(9L);
        assertThat(contents(restore(snapshot(r, factory(kind))).getListState(SPLIT))).containsExactly(3L, 1L, 2L, 1L, 9L);
    }

    @Test
    void emptyBackendGivesAnEmptySnapshot() throws Exception {
        RunnableFuture<SnapshotResult<OperatorStateHandle>> future =
                backend().snapshot(1, 2, memory(), CheckpointOptions.forCheckpointWithDefaultLocation());
        assertThat(future.isDone()).isTrue();
        assertThat(future.get().getJobManagerOwnedSnapshot()).isNull();
        assertThat(future.get().getStateSize()).isZero();

        DefaultOperatorStateBackend r = restore();
        assertThat(r.getRegisteredStateNames()).isEmpty();
    }

    @Test
    void snapshotIsIsolatedFromLaterChanges() throws Exception {
        DefaultOperatorStateBackend b = backend();
        ListState<Long> list = b.getListState(SPLIT);
        list.addAll(List.of(1L, 2L));
        ListState<byte[]> bytes = b.getListState(new ListStateDescriptor<>("bytes", BytePrimitiveArraySerializer.INSTANCE));
        byte[] mutable = {1, 2, 3};
        bytes.add(mutable);
        BroadcastState<String, Long> bc = b.getBroadcastState(BROADCAST);
        bc.put("a", 1L);

        RunnableFuture<SnapshotResult<OperatorStateHandle>> future =
                b.snapshot(7, 8, memory(), CheckpointOptions.forCheckpointWithDefaultLocation());
        list.add(3L);
        list.update(List.of(99L));
        mutable[0] = 42;
        bc.put("b", 2L);
        bc.remove("a");
        b.getUnionListState(UNION).add("late");

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            pool.submit(future).get();
        } finally {
            pool.shutdown();
        }
        OperatorStateHandle handle = future.get().getJobManagerOwnedSnapshot();
        assertThat(handle.getStateNameToPartitionOffsets()).containsOnlyKeys("split", "bytes", "broadcast");

        DefaultOperatorStateBackend r = restore(handle);
        assertThat(contents(r.getListState(SPLIT))).containsExactly(1L, 2L);
        assertThat(contents(r.getListState(new ListStateDescriptor<>("bytes", BytePrimitiveArraySerializer.INSTANCE))))
                .singleElement().isEqualTo(new byte[] {1, 2, 3});
        assertThat(r.getBroadcastState(BROADCAST).entries()).containsExactly(entry("a", 1L));
        assertThat(r.getRegisteredStateNames()).doesNotContain("union");
    }

    @Test
    void restoredStatesNotRegisteredAreCarriedIntoTheNextSnapshot() throws Exception {
        DefaultOperatorStateBackend b = backend();
        b.getListState(SPLIT).addAll(List.of(1L, 2L));
        b.getUnionListState(UNION).add("u");
        b.getBroadcastState(BROADCAST).put("k", 5L);

        DefaultOperatorStateBackend r = restore(snapshot(b, memory()));
        r.getListState(SPLIT).add(3L);
        DefaultOperatorStateBackend r2 = restore(snapshot(r, memory()));
        assertThat(contents(r2.getListState(SPLIT))).containsExactly(1L, 2L, 3L);
        assertThat(contents(r2.getUnionListState(UNION))).containsExactly("u");
        assertThat(r2.getBroadcastState(BROADCAST).get("k")).isEqualTo(5L);
    }

    @Test
    void restoreWithAnIncompatibleSerializerIsAMigrationError() throws Exception {
        DefaultOperatorStateBackend b = backend();
        b.getListState(SPLIT).add(1L);
        b.getBroadcastState(BROADCAST).put("a", 1L);
        OperatorStateHandle handle = snapshot(b, memory());

        DefaultOperatorStateBackend r = restore(handle);
        assertThatThrownBy(() -> r.getListState(new ListStateDescriptor<>("split", StringSerializer.INSTANCE)))
                .isInstanceOf(StateMigrationException.class)
                .hasMessageContaining("'split'").hasMessageContaining("LongSerializer").hasMessageContaining("StringSerializer");
        assertThatThrownBy(() -> r.getBroadcastState(new MapStateDescriptor<>("broadcast", StringSerializer.INSTANCE, StringSerializer.INSTANCE)))
                .isInstanceOf(StateMigrationException.class)
                .hasMessageContaining("'broadcast'").hasMessageContaining("value serializer LongSerializer")
                .hasMessageContaining("StringSerializer");
        // a failed registration leaves the restored state intact
        assertThat(contents(r.getListState(new ListStateDescriptor<>("split", LongSerializer.INSTANCE)))).containsExactly(1L);
    }

    @Test
    void restoreWithAnotherModeIsAMigrationError() throws Exception {
        DefaultOperatorStateBackend b = backend();
        b.getListState(SPLIT).add(1L);
        DefaultOperatorStateBackend r = restore(snapshot(b, memory()));
        assertThatThrownBy(() -> r.getUnionListState(SPLIT))
                .isInstanceOf(StateMigrationException.class)
                .hasMessageContaining("'split'").hasMessageContaining("restored as SPLIT_DISTRIBUTE")
                .hasMessageContaining("UNION");
    }

    @Test
    void restoreIsAllowedOnceAndBeforeRegistration() throws Exception {
        DefaultOperatorStateBackend b = backend();
        b.getListState(SPLIT).add(1L);
        OperatorStateHandle handle = snapshot(b, memory());
        assertThatThrownBy(() -> b.restore(StateHandles.of(handle))).isInstanceOf(IllegalStateException.class);
        DefaultOperatorStateBackend r = restore(handle);
        assertThatThrownBy(() -> r.restore(StateHandles.of(handle))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void restoreOpensAStreamOnceForAllItsStates() throws Exception {
        DefaultOperatorStateBackend b = backend();
        b.getListState(SPLIT).addAll(List.of(1L, 2L, 3L));
        b.getUnionListState(UNION).add("u");
        b.getBroadcastState(BROADCAST).put("a", 1L);
        OperatorStateHandle handle = counting(snapshot(b, memory()));
        // the same stream listed by two handles, each with part of the states
        Map<String, OperatorStateHandle.StateMetaInfo> all = handle.getStateNameToPartitionOffsets();
        long[] split = all.get("split").getOffsets();
        OperatorStateHandle first = new OperatorStreamStateHandle(Map.of(
                "split", new OperatorStateHandle.StateMetaInfo(Arrays.copyOfRange(split, 0, 1), OperatorStateHandle.Mode.SPLIT_DISTRIBUTE),
                "union", all.get("union")), handle.getDelegateStateHandle());
        OperatorStateHandle second = new OperatorStreamStateHandle(Map.of(
                "split", new OperatorStateHandle.StateMetaInfo(Arrays.copyOfRange(split, 1, 3), OperatorStateHandle.Mode.SPLIT_DISTRIBUTE),
                "broadcast", all.get("broadcast")), handle.getDelegateStateHandle());

        DefaultOperatorStateBackend r = restore(first, second);
        assertThat(((CountingStreamStateHandle) handle.getDelegateStateHandle()).opens()).isEqualTo(1);
        assertThat(contents(r.getListState(SPLIT))).containsExactly(1L, 2L, 3L);
        assertThat(contents(r.getUnionListState(UNION))).containsExactly("u");
        assertThat(r.getBroadcastState(BROADCAST).get("a")).isEqualTo(1L);
    }

    @Test
    void restoreReadsOnlyTheListedElements() throws Exception {
        DefaultOperatorStateBackend b = backend();
        b.getListState(SPLIT).addAll(List.of(10L, 11L, 12L, 13L));
        OperatorStateHandle handle = snapshot(b, memory());
        long[] offsets = handle.getStateNameToPartitionOffsets().get("split").getOffsets();
        OperatorStateHandle part = new OperatorStreamStateHandle(Map.of("split",
                new OperatorStateHandle.StateMetaInfo(new long[] {offsets[1], offsets[3]}, OperatorStateHandle.Mode.SPLIT_DISTRIBUTE)),
                handle.getDelegateStateHandle());
        assertThat(contents(restore(part).getListState(SPLIT))).containsExactly(11L, 13L);
    }

    // ---------------------------------------------------------------- corrupt data

    private Path snapshotToFile(OperatorStateHandle[] out) throws Exception {
        DefaultOperatorStateBackend b = backend();
        b.getListState(SPLIT).addAll(List.of(1L, 2L, 3L, 4L));
        b.getBroadcastState(BROADCAST).put("a", 1L);
        OperatorStateHandle handle = snapshot(b, factory("fs"));
        out[0] = handle;
        return ((FileStateHandle) handle.getDelegateStateHandle()).getFilePath().toLocalPath();
    }

    @Test
    void flippedByteInAnElementIsCaughtByItsChecksum() throws Exception {
        OperatorStateHandle[] h = new OperatorStateHandle[1];
        Path file = snapshotToFile(h);
        long offset = h[0].getStateNameToPartitionOffsets().get("split").getOffset(2);
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset + 8] ^= 0x20;
        Files.write(file, bytes);
        assertThatThrownBy(() -> restore(h[0]))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining(file.getFileName().toString())
                .hasMessageContaining("checksum mismatch in record at offset " + offset);
    }

    @Test
    void flippedByteInTheHeaderIsCaughtByItsChecksum() throws Exception {
        OperatorStateHandle[] h = new OperatorStateHandle[1];
        Path file = snapshotToFile(h);
        byte[] bytes = Files.readAllBytes(file);
        bytes[14] ^= 0x01;
        Files.write(file, bytes);
        assertThatThrownBy(() -> restore(h[0]))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining(file.getFileName().toString())
                .hasMessageContaining("checksum mismatch in header");
    }

    @Test
    void truncatedFileIsReportedWithItsPath() throws Exception {
        OperatorStateHandle[] h = new OperatorStateHandle[1];
        Path file = snapshotToFile(h);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 5));
        assertThatThrownBy(() -> restore(h[0]))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining(file.getFileName().toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void wrongMagicIsReported() throws Exception {
        OperatorStateHandle[] h = new OperatorStateHandle[1];
        Path file = snapshotToFile(h);
        byte[] bytes = Files.readAllBytes(file);
        bytes[0] = 'X';
        Files.write(file, bytes);
        assertThatThrownBy(() -> restore(h[0]))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining(file.getFileName().toString())
                .hasMessageContaining("magic");
    }

    @Test
    void truncatedInMemoryStreamIsReported() throws Exception {
        DefaultOperatorStateBackend b = backend();
        b.getListState(SPLIT).addAll(List.of(1L, 2L, 3L));
        OperatorStateHandle handle = snapshot(b, memory());
        ByteStreamStateHandle bytes = (ByteStreamStateHandle) handle.getDelegateStateHandle();
        OperatorStateHandle truncated = new OperatorStreamStateHandle(handle.getStateNameToPartitionOffsets(),
                new ByteStreamStateHandle(bytes.getHandleName(), Arrays.copyOf(bytes.getData(), bytes.getData().length - 3)));
        assertThatThrownBy(() -> restore(truncated))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining(bytes.getHandleName());
    }

    @Test
    void offsetOfAnotherStateIsReported() throws Exception {
        DefaultOperatorStateBackend b = backend();
        b.getListState(SPLIT).add(1L);
        b.getUnionListState(UNION).add("u");
        OperatorStateHandle handle = snapshot(b, memory());
        OperatorStateHandle wrong = new OperatorStreamStateHandle(Map.of("split",
                new OperatorStateHandle.StateMetaInfo(handle.getStateNameToPartitionOffsets().get("union").getOffsets(),
                        OperatorStateHandle.Mode.SPLIT_DISTRIBUTE)), handle.getDelegateStateHandle());
        assertThatThrownBy(() -> restore(wrong))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("expected a record of state index 0");
        OperatorStateHandle misaligned = new OperatorStreamStateHandle(Map.of("split",
                new OperatorStateHandle.StateMetaInfo(new long[] {handle.getStateNameToPartitionOffsets().get("split").getOffset(0) + 1},
                        OperatorStateHandle.Mode.SPLIT_DISTRIBUTE)), handle.getDelegateStateHandle());
        assertThatThrownBy(() -> restore(misaligned)).isInstanceOf(CorruptCheckpointException.class);
        OperatorStateHandle unknown = new OperatorStreamStateHandle(Map.of("nope",
                new OperatorStateHandle.StateMetaInfo(new long[0], OperatorStateHandle.Mode.UNION)), handle.getDelegateStateHandle());
        assertThatThrownBy(() -> restore(unknown))
                .isInstanceOf(CorruptCheckpointException.class).hasMessageContaining("'nope'");
    }

    // ---------------------------------------------------------------- handles

    @Test
    void stateMetaInfoIsImmutableAndValidated() {
        long[] offsets = {10, 20};
        OperatorStateHandle.StateMetaInfo meta = new OperatorStateHandle.StateMetaInfo(offsets, OperatorStateHandle.Mode.UNION);
        offsets[0] = 99;
        assertThat(meta.getOffsets()).containsExactly(10, 20);
        meta.getOffsets()[1] = 99;
        assertThat(meta.getOffset(1)).isEqualTo(20);
        assertThat(meta).isEqualTo(new OperatorStateHandle.StateMetaInfo(new long[] {10, 20}, OperatorStateHandle.Mode.UNION))
                .hasSameHashCodeAs(new OperatorStateHandle.StateMetaInfo(new long[] {10, 20}, OperatorStateHandle.Mode.UNION))
                .isNotEqualTo(new OperatorStateHandle.StateMetaInfo(new long[] {10, 20}, OperatorStateHandle.Mode.SPLIT_DISTRIBUTE));
        assertThatThrownBy(() -> new OperatorStateHandle.StateMetaInfo(new long[] {5, 5}, OperatorStateHandle.Mode.UNION))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offsets[1]=5");
        assertThatThrownBy(() -> new OperatorStateHandle.StateMetaInfo(new long[] {-1}, OperatorStateHandle.Mode.UNION))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void handleIsSerializableAndDiscardsItsStream() throws Exception {
        DefaultOperatorStateBackend b = backend();
        b.getListState(SPLIT).add(1L);
        OperatorStateHandle handle = snapshot(b, factory("fs"));
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream oos = new java.io.ObjectOutputStream(bos)) {
            oos.writeObject(handle);
        }
        Object copy;
        try (java.io.ObjectInputStream ois = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bos.toByteArray()))) {
            copy = ois.readObject();
        }
        assertThat(copy).isEqualTo(handle);
        assertThat(contents(restore((OperatorStateHandle) copy).getListState(SPLIT))).containsExactly(1L);
        Path file = ((FileStateHandle) handle.getDelegateStateHandle()).getFilePath().toLocalPath();
        assertThat(file).exists();
        handle.discardState();
        assertThat(file).doesNotExist();
    }
}
