package io.cairn.examples;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.FsCheckpointStreamFactory;
import io.cairn.fs.Path;
import io.cairn.serialization.LongSerializer;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.backend.StateBackend;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.heap.HashMapStateBackend;
import io.cairn.state.keyed.KeyedStateBackend;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RunnableFuture;

/**
 * Writes keyed state for a few thousand accounts in two subtasks, snapshots both to a directory, then
 * restores the snapshots into three subtasks (a rescale from 2 to 3) and prints what each owns.
 *
 * <p>Run it with {@code ./cairn example [directory]}; the directory defaults to
 * {@code ./cairn-data/example}.
 */
public final class RescaleExample {

    private static final int MAX_PARALLELISM = 128;
    private static final int ACCOUNTS = 5_000;
    private static final ValueStateDescriptor<Long> BALANCE = new ValueStateDescriptor<>("balance", Long.class);
    private static final ListStateDescriptor<Long> LAST_AMOUNTS = new ListStateDescriptor<>("last-amounts", Long.class);

    private RescaleExample() {}

    /**
     * Runs the example.
     *
     * @param args optionally, the directory to write snapshots to
     * @throws Exception if anything fails
     */
    public static void main(String[] args) throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(args.length > 0 ? args[0] : "cairn-data/example").toAbsolutePath();
        Files.createDirectories(dir);
        StateBackend stateBackend = new HashMapStateBackend();
        FsCheckpointStreamFactory streams = FsCheckpointStreamFactory.forDirectory(Path.fromLocal(dir));

        // 1. two subtasks, each owning half the key groups, write state for the accounts they own
        List<KeyedStateBackend<Long>> before = createSubtasks(stateBackend, 2, List.of());
        long expectedTotal = 0;
        for (long account = 0; account < ACCOUNTS; account++) {
            KeyedStateBackend<Long> owner = owner(before, account);
            ValueState<Long> balance = owner.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, BALANCE);
            ListState<Long> last = owner.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, LAST_AMOUNTS);
            for (long payment = 1; payment <= 3; payment++) {
                long amount = (account * 31 + payment * 7) % 100;
                Long current = balance.value();
                balance.update((current == null ? 0 : current) + amount);
                last.add(amount);
                expectedTotal += amount;
            }
        }
        System.out.printf("wrote %d accounts in 2 subtasks (max parallelism %d)%n", ACCOUNTS, MAX_PARALLELISM);

        // 2. snapshot both subtasks to the directory
        List<KeyedStateHandle> handles = new ArrayList<>();
        for (KeyedStateBackend<Long> b : before) {
            RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot =
                    b.snapshot(1, System.currentTimeMillis(), streams, CheckpointOptions.forCheckpointWithDefaultLocation());
            snapshot.run();
            KeyGroupsStateHandle handle = (KeyGroupsStateHandle) snapshot.get().getJobManagerOwnedSnapshot();
            handles.add(handle);
            System.out.printf("  snapshot of key groups %s -> %s (%d bytes)%n", handle.getKeyGroupRange(),
                    ((FileStateHandle) handle.getDelegateStateHandle()).getFilePath(), handle.getStateSize());
            b.close();
        }

        // 3. restore into three subtasks: each reads only the key groups it owns
        List<KeyedStateBackend<Long>> after = createSubtasks(stateBackend, 3, handles);
        long restoredTotal = 0;
        long restoredAccounts = 0;
        System.out.println("restored at parallelism 3:");
        for (int i = 0; i < after.size(); i++) {
            KeyedStateBackend<Long> b = after.get(i);
            ValueState<Long> balance = b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, BALANCE);
            List<Long> keys = b.getKeys("balance", VoidNamespace.INSTANCE).sorted().toList();
            long sum = 0;
            for (long k : keys) {
                b.setCurrentKey(k);
                sum += balance.value();
            }
            restoredTotal += sum;
            restoredAccounts += keys.size();
            System.out.printf("  subtask %d owns %s: %d accounts, balance sum %d, e.g. accounts %s%n",
                    i, b.getKeyGroupRange(), keys.size(), sum, keys.subList(0, Math.min(5, keys.size())));
            b.close();
        }
        boolean ok = restoredAccounts == ACCOUNTS && restoredTotal == expectedTotal;
        System.out.printf("%s: %d of %d accounts restored, balance sum %d (expected %d)%n",
                ok ? "OK" : "MISMATCH", restoredAccounts, ACCOUNTS, restoredTotal, expectedTotal);
        if (!ok) {
            System.exit(1);
        }
    }

    private static List<KeyedStateBackend<Long>> createSubtasks(
            StateBackend stateBackend, int parallelism, List<KeyedStateHandle> handles) throws Exception {
        List<KeyedStateBackend<Long>> result = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            KeyedStateBackend<Long> b = stateBackend.createKeyedStateBackend(KeyedStateBackendParameters.forSubtask(
                    "accounts", LongSerializer.INSTANCE, MAX_PARALLELISM, parallelism, i));
            b.restore(StateHandles.of(handles));
            result.add(b);
        }
        return result;
    }

    private static KeyedStateBackend<Long> owner(List<KeyedStateBackend<Long>> subtasks, long key) {
        for (KeyedStateBackend<Long> b : subtasks) {
            int kg = io.cairn.state.keygroup.KeyGroupRangeAssignment.assignToKeyGroup(key, MAX_PARALLELISM);
            if (b.getKeyGroupRange().contains(kg)) {
                b.setCurrentKey(key);
                return b;
            }
        }
        throw new IllegalStateException("no subtask owns key " + key);
    }
}
