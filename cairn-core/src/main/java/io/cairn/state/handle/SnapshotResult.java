package io.cairn.state.handle;

import java.io.IOException;
import java.io.Serializable;

/**
 * The outcome of one snapshot: the state object reported to the coordinator and, optionally, a copy
 * kept on the task's local disk for faster recovery.
 *
 * @param <T> the kind of state object
 */
public final class SnapshotResult<T extends StateObject> implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final SnapshotResult<?> EMPTY = new SnapshotResult<>(null, null);

    private final T jobManagerOwnedSnapshot;
    private final T taskLocalSnapshot;

    private SnapshotResult(T jobManagerOwnedSnapshot, T taskLocalSnapshot) {
        if (jobManagerOwnedSnapshot == null && taskLocalSnapshot != null) {
            throw new IllegalArgumentException("a task-local snapshot needs a job-manager-owned snapshot");
        }
        this.jobManagerOwnedSnapshot = jobManagerOwnedSnapshot;
        this.taskLocalSnapshot = taskLocalSnapshot;
    }

    /**
     * @param <T> the kind of state object
     * @return the result of a snapshot that had no state to write
     */
    @SuppressWarnings("unchecked")
    public static <T extends StateObject> SnapshotResult<T> empty() {
        return (SnapshotResult<T>) EMPTY;
    }

    /**
     * @param jobManagerState the state object, or null for an empty result
     * @param <T> the kind of state object
     * @return a result without a local copy
     */
    public static <T extends StateObject> SnapshotResult<T> of(T jobManagerState) {
        return jobManagerState == null ? empty() : new SnapshotResult<>(jobManagerState, null);
    }

    /**
     * @param jobManagerState the state object reported to the coordinator
     * @param taskLocalState the task-local copy
     * @param <T> the kind of state object
     * @return a result with a local copy
     */
    public static <T extends StateObject> SnapshotResult<T> withLocalState(T jobManagerState, T taskLocalState) {
        return new SnapshotResult<>(jobManagerState, taskLocalState);
    }

    /** @return the state object reported to the coordinator, or null if empty */
    public T getJobManagerOwnedSnapshot() {
        return jobManagerOwnedSnapshot;
    }

    /** @return the task-local copy, or null */
    public T getTaskLocalSnapshot() {
        return taskLocalSnapshot;
    }

    /** @return the size of the reported state in bytes */
    public long getStateSize() {
        return jobManagerOwnedSnapshot == null ? 0 : jobManagerOwnedSnapshot.getStateSize();
    }

    /**
     * Discards both the reported state and the local copy.
     *
     * @throws IOException if either cannot be deleted
     */
    public void discardState() throws IOException {
        StateObjects.discardAll(java.util.Arrays.asList(jobManagerOwnedSnapshot, taskLocalSnapshot));
    }

    /**
     * Discards a result that never reached the coordinator (a cancelled or failed snapshot): what
     * {@link #discardState()} discards, plus the shared pieces an unregistered
     * {@link IncrementalKeyedStateHandle} uploaded itself. Its placeholders, which stand for earlier
     * checkpoints' pieces, are left alone.
     *
     * @throws IOException the first failure, with later ones suppressed
     */
    public void discardNeverRegisteredState() throws IOException {
        IOException failure = null;
        if (jobManagerOwnedSnapshot instanceof IncrementalKeyedStateHandle inc && !inc.isRegistered()) {
            try {
                inc.discardUnregisteredSharedState();
            } catch (IOException e) {
                failure = e;
            }
        }
        try {
            discardState();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "SnapshotResult{" + jobManagerOwnedSnapshot + (taskLocalSnapshot == null ? "" : ", local=" + taskLocalSnapshot) + "}";
    }
}
