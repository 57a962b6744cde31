package io.cairn.checkpoint;

import io.cairn.serialization.SimpleVersionedSerializer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * State kept outside the tasks (e.g. an external system's offsets) that the coordinator snapshots
 * when it triggers a checkpoint and restores on recovery.
 *
 * @param <T> the hook's state type
 */
public interface MasterTriggerRestoreHook<T> {

    /** @return a name unique among the job's hooks; state is matched to hooks by it */
    String getIdentifier();

    /**
     * Snapshots the hook's state; called before the tasks are triggered.
     *
     * @param checkpointId the checkpoint id
     * @param timestamp the trigger timestamp
     * @param executor for work that should not run on the coordinator's thread
     * @return the state, or a future of null if the hook has none
     * @throws Exception if the snapshot cannot be started; the checkpoint then fails
     */
    CompletableFuture<T> triggerCheckpoint(long checkpointId, long timestamp, Executor executor) throws Exception;

    /**
     * Restores the hook from a checkpoint.
     *
     * @param checkpointId the restored checkpoint's id
     * @param state the hook's state in that checkpoint, or null if it had none
     * @throws Exception if restoring fails; the restore then fails
     */
    void restoreCheckpoint(long checkpointId, T state) throws Exception;

    /** @return the serializer of the hook's state */
    SimpleVersionedSerializer<T> createCheckpointDataSerializer();
}
