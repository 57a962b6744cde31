package io.cairn.runtime.sink;

import io.cairn.serialization.TypeSerializer;
import java.util.Collection;

/**
 * An exactly-once sink: at each checkpoint the writer pre-commits what it wrote since the last one
 * into committables (e.g. a closed, not yet visible file); they are stored in the checkpoint and
 * committed (made visible, e.g. by an atomic rename) only when the checkpoint completes. After a
 * failure, committables of the restored checkpoint are committed again (commit is idempotent) and
 * output of attempts that never completed a checkpoint is aborted.
 *
 * @param <T> the record type
 * @param <CommT> the committable type
 */
public interface TwoPhaseCommittingSink<T, CommT> extends Sink<T> {

    @Override
    PrecommittingSinkWriter<T, CommT> createWriter(SinkContext context) throws Exception;

    /** @return the serializer of committables, used in checkpoints */
    TypeSerializer<CommT> getCommittableSerializer();

    /**
     * Makes committables visible. Idempotent: committing twice, or committing what is already
     * visible, is not an error.
     *
     * @param committables the committables of completed checkpoints
     * @throws Exception if committing fails; the task fails and the commit is retried after restore
     */
    void commit(Collection<CommT> committables) throws Exception;

    /**
     * Deletes the output of attempts other than {@code currentAttemptId} that is neither committed
     * nor among {@code keep}. Called once per restore, by sink subtask 0, after {@code keep} was
     * committed.
     *
     * @param keep committables of the restored checkpoint
     * @param currentAttemptId the running attempt, whose output must not be touched
     * @throws Exception if cleaning fails
     */
    void abortStale(Collection<CommT> keep, String currentAttemptId) throws Exception;

    /**
     * Whether one subtask of this sink can be recovered alone while the others keep running and
     * writing (see {@link #recoverSubtask}). If not, a failure of the sink's task restarts the whole
     * job. The default is false.
     *
     * @return true if {@link #recoverSubtask} is implemented
     */
    default boolean supportsSubtaskRecovery() {
        return false;
    }

    /**
     * Recovers one subtask alone: commits those of the restored committables that this subtask
     * wrote (the running subtasks commit their own), then deletes this subtask's output of other
     * attempts that is neither committed nor among them. Output of other subtasks is not touched:
     * they are still writing it.
     *
     * @param restored the committables of the restored checkpoint (of every subtask)
     * @param subtask the recovered subtask
     * @param currentAttemptId the recovered subtask's attempt, whose output must not be touched
     * @throws Exception if committing or cleaning fails
     * @throws UnsupportedOperationException if {@link #supportsSubtaskRecovery()} is false
     */
    default void recoverSubtask(Collection<CommT> restored, int subtask, String currentAttemptId) throws Exception {
        throw new UnsupportedOperationException(getClass().getName() + " cannot recover one subtask alone");
    }

    /**
     * A writer that pre-commits.
     *
     * @param <T> the record type
     * @param <CommT> the committable type
     */
    @SuppressWarnings("try")
    interface PrecommittingSinkWriter<T, CommT> extends SinkWriter<T> {

        /**
         * Closes what was written since the last call into committables; called in the synchronous
         * part of checkpoint {@code checkpointId}, and at end of input with {@code Long.MAX_VALUE}.
         *
         * @param checkpointId the checkpoint
         * @return the committables, possibly empty
         * @throws Exception if pre-committing fails; the checkpoint is declined
         */
        Collection<CommT> prepareCommit(long checkpointId) throws Exception;
    }
}
