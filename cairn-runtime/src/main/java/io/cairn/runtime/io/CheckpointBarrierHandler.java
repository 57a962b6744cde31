package io.cairn.runtime.io;

/**
 * Decides, for a task with one or more input channels, when a checkpoint's barriers have all
 * arrived and which channels must be held back meanwhile. Pure logic, no threads: the task calls it
 * from its own thread for every barrier, cancellation marker and end of partition it reads, and
 * asks {@link #isBlocked} before reading a channel.
 *
 * <p>Implementations: {@link AlignedBarrierHandler} (exactly-once: blocks channels that delivered the
 * barrier until all did) and {@link AtLeastOnceBarrierHandler} (never blocks; snapshots when the last
 * barrier arrives).
 */
public interface CheckpointBarrierHandler {

    /**
     * A barrier arrived on a channel.
     *
     * @param barrier the barrier
     * @param channel the channel index
     * @throws Exception whatever the target throws
     */
    void processBarrier(CheckpointBarrier barrier, int channel) throws Exception;

    /**
     * A cancellation marker for a checkpoint arrived on a channel.
     *
     * @param checkpointId the cancelled checkpoint
     * @param channel the channel index
     * @throws Exception whatever the target throws
     */
    void processCancellationBarrier(long checkpointId, int channel) throws Exception;

    /**
     * A channel ended; it delivers nothing more, barriers included.
     *
     * @param channel the channel index
     * @throws Exception whatever the target throws
     */
    void processEndOfPartition(int channel) throws Exception;

    /**
     * @param channel a channel index
     * @return true if the task must not read the channel now
     */
    boolean isBlocked(int channel);

    /** @return the highest checkpoint id seen (triggered, aborted or in progress), or 0 */
    long getLatestCheckpointId();

    /** What the handler tells the task to do. */
    interface Target {

        /**
         * All barriers of a checkpoint arrived: snapshot now, then forward the barrier downstream.
         *
         * @param barrier the barrier
         * @param alignmentDurationNanos time from the first to the last barrier (0 when not aligned)
         * @throws Exception if the snapshot fails
         */
        void triggerCheckpointOnBarrier(CheckpointBarrier barrier, long alignmentDurationNanos) throws Exception;

        /**
         * A checkpoint cannot complete at this task: decline it and forward a cancellation marker.
         *
         * @param checkpointId the checkpoint
         * @param cancelledByMarker true if a cancellation marker arrived, false if a newer barrier overtook it
         * @throws Exception if declining fails
         */
        void abortCheckpointOnBarrier(long checkpointId, boolean cancelledByMarker) throws Exception;
    }
}
