package io.cairn.examples;

import io.cairn.checkpoint.Checkpoints;
import io.cairn.checkpoint.CompletedCheckpoint;
import io.cairn.checkpoint.metadata.CheckpointMetadata;
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
import io.cairn.fs.FileSystem;
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
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.heap.HashMapStateBackend;
import io.cairn.state.keyed.KeyedStateBackend;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import io.cairn.state.operator.OperatorStateBackend;
import io.cairn.state.operator.OperatorStateRepartitioner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RunnableFuture;

/**
 * Writes keyed and operator state for a few thousand accounts in two subtasks, takes a checkpoint of
 * both into a file-system checkpoint directory ({@code <dir>/<job-id>/chk-1/_metadata}), then loads
 * that checkpoint and restores it into three subtasks (a rescale from 2 to 3), printing what each
 * owns.
 *
 * <p>Run it with {@code ./cairn example [directory]}; the directory defaults to
 * {@code ./cairn-data/example}.
 */
public final class RescaleExample {

    private static final int MAX_PARALLELISM = 128;
    private static final int ACCOUNTS = 5_000;
    private static final JobID JOB = new JobID(0xCA1DL, 0xE8A3B1EL);
    private static final OperatorID OPERATOR = OperatorID.fromUid("accounts");
    private static final ValueStateDescriptor<Long> BALANCE = new ValueStateDescriptor<>("balance", Long.class);
    private static final ListStateDescriptor<Long> LAST_AMOUNTS = new ListStateDescriptor<>("last-amounts", Long.class);
    private static final ListStateDescriptor<Long> BATCHES = new ListStateDescriptor<>("processed-batches", Long.class);

    private RescaleExample() {}

    /** One subtask: its keyed and operator backends. */
    private record Subtask(KeyedStateBackend<Long> keyed, OperatorStateBackend operator) {}

    /**
     * Runs the example.
     *
     * @param args optionally, the checkpoint directory
     * @throws Exception if anything fails
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.fromLocal(java.nio.file.Path.of(args.length > 0 ? args[0] : "cairn-data/example"));
        FileSystemCheckpointStorage storage = new FileSystemCheckpointStorage(dir);
        FsCheckpointStorageAccess access = storage.resolveCheckpointStorageAccess(JOB);
        FileSystem.get(dir).delete(access.getJobDirectory(), true); // start the example afresh
        access.initializeBaseLocationsForCheckpoint();
        StateBackend stateBackend = new HashMapStateBackend();

        // 1. two subtasks, each owning half the key groups, write state for the accounts they own
        List<Subtask> before = createSubtasks(stateBackend, 2, List.of(), List.of());
        long expectedTotal = 0;
        for (long account = 0; account < ACCOUNTS; account++) {
            Subtask owner = owner(before, account);
            ValueState<Long> balance = keyedState(owner, BALANCE);
            ListState<Long> last = keyedState(owner, LAST_AMOUNTS);
            for (long payment = 1; payment <= 3; payment++) {
                long amount = (account * 31 + payment * 7) % 100;
                Long current = balance.value();
                balance.update((current == null ? 0 : current) + amount);
                last.add(amount);
                expectedTotal += amount;
            }
        }
        for (int i = 0; i < before.size(); i++) {
            for (long batch = 0; batch < 5; batch++) {
                before.get(i).operator().getListState(BATCHES).add(i * 100 + batch);
            }
        }
        System.out.printf("wrote %d accounts in 2 subtasks (max parallelism %d), 5 batch ids each in operator state%n",
                ACCOUNTS, MAX_PARALLELISM);

        // 2. checkpoint 1: every subtask writes to the checkpoint's location, then the metadata is published
        CheckpointStorageLocation location = access.initializeLocationForCheckpoint(1);
        Map<Integer, OperatorSubtaskState> subtaskStates = new HashMap<>();
        for (int i = 0; i < before.size(); i++) {
            Subtask s = before.get(i);
            RunnableFuture<SnapshotResult<KeyedStateHandle>> keyed =
                    s.keyed().snapshot(1, 1, location, CheckpointOptions.forCheckpointWithDefaultLocation());
            RunnableFuture<SnapshotResult<OperatorStateHandle>> operator =
                    s.operator().snapshot(1, 1, location, CheckpointOptions.forCheckpointWithDefaultLocation());
            keyed.run(); // the asynchronous parts; a task would run them off its thread
            operator.run();
            subtaskStates.put(i, new OperatorSubtaskState(
                    List.of(keyed.get().getJobManagerOwnedSnapshot()), List.of(operator.get().getJobManagerOwnedSnapshot())));
            s.keyed().close();
            s.operator().close();
        }
        long now = System.currentTimeMillis();
        CheckpointMetadata metadata = new CheckpointMetadata(1, now, now,
                CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION),
                List.of(new OperatorState(OPERATOR, 2, MAX_PARALLELISM, subtaskStates)), List.of());
        String pointer = Checkpoints.storeMetadata(metadata, location).getExternalPointer();
        System.out.println("  checkpoint 1 -> " + pointer);

        // 3. load the checkpoint and restore at parallelism 3: each subtask reads only its key groups
        CompletedCheckpoint checkpoint = CompletedCheckpoint.load(pointer);
        OperatorState state = checkpoint.getOperatorStates().get(OPERATOR);
        System.out.printf("  loaded: %d bytes of state in %d subtask snapshots%n", checkpoint.getSize(),
                state.getSubtaskStates().size());
        List<KeyedStateHandle> keyedHandles = new ArrayList<>();
        List<List<OperatorStateHandle>> operatorHandles = new ArrayList<>();
        for (OperatorSubtaskState s : state.getSubtaskStates().values()) {
            keyedHandles.addAll(s.getManagedKeyedState());
            operatorHandles.add(s.getManagedOperatorState());
        }
        List<List<OperatorStateHandle>> split = OperatorStateRepartitioner.repartition(operatorHandles, 2, 3);
        List<Subtask> after = createSubtasks(stateBackend, 3, keyedHandles, split);
        long restoredTotal = 0;
        long restoredAccounts = 0;
        System.out.println("restored at parallelism 3:");
        for (int i = 0; i < after.size(); i++) {
            Subtask s = after.get(i);
            ValueState<Long> balance = keyedState(s, BALANCE);
            List<Long> keys = s.keyed().getKeys("balance", VoidNamespace.INSTANCE).sorted().toList();
            long sum = 0;
            for (long k : keys) {
                s.keyed().setCurrentKey(k);
                sum += balance.value();
            }
            restoredTotal += sum;
            restoredAccounts += keys.size();
            System.out.printf("  subtask %d owns %s: %d accounts, balance sum %d, e.g. accounts %s; batches %s%n",
                    i, s.keyed().getKeyGroupRange(), keys.size(), sum, keys.subList(0, Math.min(5, keys.size())),
                    s.operator().getListState(BATCHES).get());
            s.keyed().close();
            s.operator().close();
        }
        boolean ok = restoredAccounts == ACCOUNTS && restoredTotal == expectedTotal;
        System.out.printf("%s: %d of %d accounts restored, balance sum %d (expected %d)%n",
                ok ? "OK" : "MISMATCH", restoredAccounts, ACCOUNTS, restoredTotal, expectedTotal);
        if (!ok) {
            System.exit(1);
        }
    }

    private static <S extends io.cairn.state.State> S keyedState(Subtask s, io.cairn.state.StateDescriptor<S, ?> d) {
        return s.keyed().getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, d);
    }

    private static List<Subtask> createSubtasks(
            StateBackend stateBackend,
            int parallelism,
            List<KeyedStateHandle> keyedHandles,
            List<List<OperatorStateHandle>> operatorHandles)
            throws Exception {
        List<Subtask> result = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            KeyedStateBackend<Long> keyed = stateBackend.createKeyedStateBackend(KeyedStateBackendParameters.forSubtask(
                    "accounts", LongSerializer.INSTANCE, MAX_PARALLELISM, parallelism, i));
            keyed.restore(StateHandles.of(keyedHandles));
            OperatorStateBackend operator =
                    stateBackend.createOperatorStateBackend("accounts-" + i, RescaleExample.class.getClassLoader());
            operator.restore(StateHandles.of(operatorHandles.isEmpty() ? List.of() : operatorHandles.get(i)));
            result.add(new Subtask(keyed, operator));
        }
        return result;
    }

    private static Subtask owner(List<Subtask> subtasks, long key) {
        int kg = KeyGroupRangeAssignment.assignToKeyGroup(key, MAX_PARALLELISM);
        Subtask s = subtasks.get(KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(MAX_PARALLELISM, subtasks.size(), kg));
        s.keyed().setCurrentKey(key);
        return s;
    }
}
