package io.cairn.state.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.checkpoint.storage.FsCheckpointStreamFactory;
import io.cairn.config.Configuration;
import io.cairn.config.StateBackendOptions;
import io.cairn.serialization.LongSerializer;
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
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.keyed.KeyedStateBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.RunnableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full heap snapshot restored by several threads ({@code state.backend.hashmap.restore.threads})
 * holds exactly what the sequential restore holds, at the same and at other parallelisms, and a
 * corrupt or truncated file fails the restore with an error that names it, whichever thread reads
 * the bad key group; no restore thread outlives the restore.
 */
class ParallelRestoreTest {

    private static final ValueStateDescriptor<Long> BALANCE = new ValueStateDescriptor<>("balance", LongSerializer.INSTANCE);
    private static final ValueStateDescriptor<String> NAME = new ValueStateDescriptor<>("name", StringSerializer.INSTANCE);
    private static final ListStateDescriptor<Long> LIST = new ListStateDescriptor<>("list", LongSerializer.INSTANCE);
    private static final MapStateDescriptor<String, Long> MAP =
            new MapStateDescriptor<>("map", StringSerializer.INSTANCE, LongSerializer.INSTANCE);

    @TempDir
    Path tmp;

    /** The model: what each key holds in each state. */
    private record Model(Map<Long, Long> balances, Map<Long, String> names, Map<Long, List<Long>> lists,
            Map<Long, Map<String, Long>> maps) {}

    @Test
    void everyThreadCountRestoresExactlyTheSnapshotAtEveryParallelism() throws Exception {
        SplittableRandom random = new SplittableRandom(20261205);
        for (int repetition = 0; repetition < 6; repetition++) {
            Path dir = Files.createDirectories(tmp.resolve("r" + repetition));
            int sourceParallelism = 1 + random.nextInt(3);
            Model model = new Model(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
            List<KeyedStateHandle> handles = new ArrayList<>();
            for (int subtask = 0; subtask < sourceParallelism; subtask++) {
                handles.add(snapshot(dir, sourceParallelism, subtask, model, random, 5_000 + random.nextInt(5_000)));
            }
            int targetParallelism = 1 + random.nextInt(3);
            int threads = 1 + random.nextInt(6);
            long checkedKeys = 0;
            for (int subtask = 0; subtask < targetParallelism; subtask++) {
                try (KeyedStateBackend<Long> restored = backend(targetParallelism, subtask, threads)) {
                    restored.restore(StateHandles.of(handles));
                    checkedKeys += check(restored, model);
                }
            }
            assertThat(checkedKeys).as("every key checked once (repetition %d, %d -> %d, %d threads)", repetition,
                    sourceParallelism, targetParallelism, threads).isEqualTo(model.balances().size());
            assertNoRestoreThreadAlive();
        }
    }

    @Test
    void extremeLongKeysAndValuesSurviveTheUnboxedRestorePath() throws Exception {
        long[] keys = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE};
        KeyedStateHandle handle;
        try (KeyedStateBackend<Long> source = backend(1, 0, 1)) {
            ValueState<Long> balance = value(source, BALANCE);
            for (long key : keys) {
                source.setCurrentKey(key);
                balance.update(~key);
            }
            for (long key = 1; key < 3_000; key++) {
                source.setCurrentKey(key * 7919);
                balance.update(key);
            }
            RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot = source.snapshot(1, 1,
                    new FsCheckpointStreamFactory(io.cairn.fs.Path.fromLocal(tmp.resolve("chk-1")),
                            io.cairn.fs.Path.fromLocal(tmp.resolve("shared")), 0, 64 * 1024),
                    CheckpointOptions.forCheckpointWithDefaultLocation());
            snapshot.run();
            handle = snapshot.get().getJobManagerOwnedSnapshot();
        }
        for (int threads : new int[] {1, 3}) {
            for (int parallelism : new int[] {1, 2}) {
                int found = 0;
                for (int subtask = 0; subtask < parallelism; subtask++) {
                    try (KeyedStateBackend<Long> restored = backend(parallelism, subtask, threads)) {
                        restored.restore(StateHandles.of(handle));
                        assertThat(((HeapKeyedStateBackend<Long>) restored).table("balance").maps[0])
                                .isInstanceOf(LongKeyGroupStateMap.class);
                        ValueState<Long> balance = value(restored, BALANCE);
                        for (long key : keys) {
                            if (owns(restored, key)) {
                                restored.setCurrentKey(key);
                                assertThat(balance.value()).as("key %d", key).isEqualTo(~key);
                                found++;
                            }
                        }
                        for (long key = 1; key < 3_000; key++) {
                            if (owns(restored, key * 7919)) {
                                restored.setCurrentKey(key * 7919);
                                assertThat(balance.value()).isEqualTo(key);
                            }
                        }
                    }
                }
                assertThat(found).isEqualTo(keys.length);
            }
        }
    }

    private static boolean owns(KeyedStateBackend<Long> backend, long key) {
        return backend.getKeyGroupRange().contains(io.cairn.state.keygroup.KeyGroupRangeAssignment.assignToKeyGroup(key, 128));
    }

    @Test
    void aCorruptKeyGroupFailsTheRestoreNamingTheFileWhicheverThreadReadsIt() throws Exception {
        Model model = new Model(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
        KeyGroupsStateHandle handle = (KeyGroupsStateHandle) snapshot(tmp, 1, 0, model, new SplittableRandom(7), 20_000);
        Path file = Path.of(((FileStateHandle) handle.getDelegateStateHandle()).getFilePath().toUri());
        byte[] bytes = Files.readAllBytes(file);
        for (int keyGroup : new int[] {0, 63, 127}) {
            long offset = handle.getGroupRangeOffsets().getKeyGroupOffset(keyGroup);
            byte[] damaged = bytes.clone();
            damaged[(int) offset + 20] ^= 0x5A; // inside the key group's body: its checksum no longer matches
            Files.write(file, damaged);
            for (int threads : new int[] {1, 2, 5}) {
                try (KeyedStateBackend<Long> restored = backend(1, 0, threads)) {
                    assertThatThrownBy(() -> restored.restore(StateHandles.of(handle)))
                            .isInstanceOf(CorruptCheckpointException.class)
                            .hasMessageContaining(file.getFileName().toString())
                            .hasMessageContaining("key group " + keyGroup);
                }
            }
        }
        long lastOffset = handle.getGroupRangeOffsets().getKeyGroupOffset(127);
        Files.write(file, java.util.Arrays.copyOf(bytes, (int) lastOffset + 10));
        try (KeyedStateBackend<Long> restored = backend(1, 0, 4)) {
            assertThatThrownBy(() -> restored.restore(StateHandles.of(handle)))
                    .isInstanceOf(CorruptCheckpointException.class)
                    .hasMessageContaining(file.getFileName().toString());
        }
        assertNoRestoreThreadAlive();
    }

    @Test
    void theOptionIsValidatedAndResolved() {
        Configuration config = new Configuration();
        ClassLoader loader = getClass().getClassLoader();
        int automatic = Math.min(HashMapStateBackend.MAX_AUTOMATIC_RESTORE_THREADS, Runtime.getRuntime().availableProcessors());
        assertThat(StateBackendOptions.HASHMAP_RESTORE_THREADS.defaultValue()).isZero();
        assertThat(new HashMapStateBackend().getRestoreThreads()).isEqualTo(automatic);
        assertThat(new HashMapStateBackend().configure(config, loader).getRestoreThreads()).isEqualTo(automatic);
        config.set(StateBackendOptions.HASHMAP_RESTORE_THREADS, 3);
        assertThat(new HashMapStateBackend().configure(config, loader).getRestoreThreads()).isEqualTo(3);
        assertThat(new HashMapStateBackend().withRestoreThreads(1).configure(config, loader).getRestoreThreads())
                .as("a setting made in code wins").isEqualTo(1);
        config.set(StateBackendOptions.HASHMAP_RESTORE_THREADS, -2);
        assertThatThrownBy(() -> new HashMapStateBackend().configure(config, loader))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state.backend.hashmap.restore.threads").hasMessageContaining("-2");
        assertThatThrownBy(() -> new HashMapStateBackend().withRestoreThreads(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    /** Fills a backend of one subtask with random state, adds it to the model and takes a full snapshot to a file. */
    private KeyedStateHandle snapshot(Path dir, int parallelism, int subtask, Model model, SplittableRandom random, int keys)
            throws Exception {
        try (KeyedStateBackend<Long> source = backend(parallelism, subtask, 1)) {
            ValueState<Long> balance = value(source, BALANCE);
            ValueState<String> name = value(source, NAME);
            ListState<Long> list = source.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, LIST);
            MapState<String, Long> map = source.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, MAP);
            int written = 0;
            for (long key = random.nextLong(1L << 40); written < keys; key++) {
                int keyGroup = io.cairn.state.keygroup.KeyGroupRangeAssignment.assignToKeyGroup(key, 128);
                if (!source.getKeyGroupRange().contains(keyGroup) || model.balances().containsKey(key)) {
                    continue;
                }
                written++;
                source.setCurrentKey(key);
                long b = random.nextLong();
                balance.update(b);
                model.balances().put(key, b);
                if (random.nextInt(3) == 0) {
                    String n = "n" + random.nextInt();
                    name.update(n);
                    model.names().put(key, n);
                }
                if (random.nextInt(4) == 0) {
                    List<Long> elements = new ArrayList<>();
                    for (int i = random.nextInt(1, 12); i > 0; i--) {
                        elements.add(random.nextLong(-1000, 1L << 35));
                    }
                    list.update(elements);
                    model.lists().put(key, elements);
                }
                if (random.nextInt(5) == 0) {
                    Map<String, Long> entries = new HashMap<>();
                    for (int i = random.nextInt(1, 6); i > 0; i--) {
                        String k = "k" + random.nextInt(10);
                        long v = random.nextLong();
                        map.put(k, v);
                        entries.put(k, v);
                    }
                    model.maps().put(key, entries);
                }
            }
            RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot = source.snapshot(1, 1,
                    new FsCheckpointStreamFactory(io.cairn.fs.Path.fromLocal(dir.resolve("chk-1")),
                            io.cairn.fs.Path.fromLocal(dir.resolve("shared")), 0, 64 * 1024),
                    CheckpointOptions.forCheckpointWithDefaultLocation());
            snapshot.run();
            KeyedStateHandle handle = snapshot.get().getJobManagerOwnedSnapshot();
            assertThat(handle).isInstanceOf(KeyGroupsStateHandle.class);
            assertThat(((KeyGroupsStateHandle) handle).getDelegateStateHandle()).isInstanceOf(FileStateHandle.class);
            return handle;
        }
    }

    /** Checks every model key the backend owns; returns how many it checked. */
    private static long check(KeyedStateBackend<Long> restored, Model model) throws Exception {
        ValueState<Long> balance = value(restored, BALANCE);
        ValueState<String> name = value(restored, NAME);
        ListState<Long> list = restored.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, LIST);
        MapState<String, Long> map = restored.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, MAP);
        long checked = 0;
        long owned = 0;
        for (Map.Entry<Long, Long> e : model.balances().entrySet()) {
            long key = e.getKey();
            if (!restored.getKeyGroupRange().contains(
                    io.cairn.state.keygroup.KeyGroupRangeAssignment.assignToKeyGroup(key, 128))) {
                continue;
            }
            owned++;
            restored.setCurrentKey(key);
            assertThat(balance.value()).as("balance of %d", key).isEqualTo(e.getValue());
            assertThat(name.value()).as("name of %d", key).isEqualTo(model.names().get(key));
            List<Long> elements = new ArrayList<>();
            list.get().forEach(elements::add);
            assertThat(elements).as("list of %d", key).isEqualTo(model.lists().getOrDefault(key, List.of()));
            Map<String, Long> entries = new HashMap<>();
            for (Map.Entry<String, Long> me : map.entries()) {
                entries.put(me.getKey(), me.getValue());
            }
            assertThat(entries).as("map of %d", key).isEqualTo(model.maps().getOrDefault(key, Map.of()));
            checked++;
        }
        assertThat(checked).isEqualTo(owned);
        return checked;
    }

    private static void assertNoRestoreThreadAlive() {
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("cairn-heap-restore-") && t.isAlive());
    }

    private static KeyedStateBackend<Long> backend(int parallelism, int subtask, int threads) {
        return new HashMapStateBackend().withRestoreThreads(threads).createKeyedStateBackend(
                KeyedStateBackendParameters.forSubtask("parallel-restore", LongSerializer.INSTANCE, 128, parallelism, subtask));
    }

    private static <T> ValueState<T> value(KeyedStateBackend<Long> backend, ValueStateDescriptor<T> descriptor) {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
    }
}
