package io.cairn.runtime.source;

import java.util.List;

/**
 * Reads the splits of one source subtask. Called from the task thread only.
 *
 * @param <T> the record type
 * @param <SplitT> the split type
 */
@SuppressWarnings("try") // close() may throw any exception, InterruptedException included, on purpose
public interface SourceReader<T, SplitT> extends AutoCloseable {

    /** What {@link #pollNext} found. */
    enum InputStatus {
        /** Records were emitted and more are available now. */
        MORE_AVAILABLE,
        /** Nothing is available now; poll again later. */
        NOTHING_AVAILABLE,
        /** Every split is finished. */
        END_OF_INPUT
    }

    /**
     * Adds splits to read, at their stored positions.
     *
     * @param splits the splits
     */
    void addSplits(List<SplitT> splits);

    /**
     * Emits a small batch of records (at most a few hundred, so checkpoints are not delayed).
     *
     * @param output where to emit
     * @return whether more is available
     * @throws Exception if reading fails; the task fails
     */
    InputStatus pollNext(SourceOutput<T> output) throws Exception;

    /**
     * Returns the current position of every split: what a restore resumes from. Called at a
     * checkpoint, between two {@link #pollNext} calls.
     *
     * @param checkpointId the checkpoint
     * @return the splits with their positions
     */
    List<SplitT> snapshotState(long checkpointId);

    /**
     * Called when a checkpoint completed.
     *
     * @param checkpointId the checkpoint
     */
    default void notifyCheckpointComplete(long checkpointId) {}

    @Override
    default void close() throws Exception {}
}
