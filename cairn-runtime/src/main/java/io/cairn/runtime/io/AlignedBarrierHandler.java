package io.cairn.runtime.io;

import io.cairn.common.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Exactly-once barrier alignment: a channel that delivered the barrier of the checkpoint being
 * aligned is blocked until every other open channel delivered it too; then the target snapshots
 * and all channels are unblocked. Records read before the trigger are exactly those that precede
 * the barrier in every channel, which is the consistent cut of the checkpoint.
 *
 * <p>Rules, for a barrier or cancellation marker of checkpoint {@code n}:
 *
 * <ul>
 *   <li>a barrier with {@code n} greater than {@link #getLatestCheckpointId()} and no alignment in
 *       progress starts aligning {@code n} (the clock's relative time is the start) and blocks the
 *       channel;
 *   <li>a barrier of the checkpoint being aligned blocks its channel; a second one on the same
 *       channel is a protocol violation ({@link IllegalStateException});
 *   <li>a barrier newer than the one being aligned overtakes it: the older one is aborted
 *       ({@code cancelledByMarker = false}), every channel is unblocked and the newer one starts
 *       aligning;
 *   <li>any other barrier (late, or of an aborted or completed checkpoint) is ignored and blocks
 *       nothing;
 *   <li>a cancellation marker aborts the checkpoint being aligned if it is {@code n} or older (the
 *       older one as overtaken), and aborts {@code n} if it is newer than every checkpoint seen;
 *       {@code n} then counts as seen, so its later barriers are ignored;
 *   <li>an ended channel counts as aligned for every later checkpoint.
 * </ul>
 *
 * <p>When all open channels are blocked the alignment completes, even if that happens because the
 * last unblocked channel ended. The target is called at most once per checkpoint id, and only after
 * the handler's state has moved on, so an exception from the target leaves the handler consistent;
 * if one step has several notifications (an abort and a trigger), all are delivered and the first
 * exception is rethrown with the others suppressed.
 *
 * <p>Events on a channel that has ended are protocol violations ({@link IllegalStateException}).
 * Events on a blocked channel other than a duplicate barrier follow the rules above. Not
 * thread-safe: one task thread calls it.
 */
public final class AlignedBarrierHandler implements CheckpointBarrierHandler {

    private final int numberOfChannels;
    private final Target target;
    private final Clock clock;
    private final boolean[] blocked;
    private final boolean[] closed;
    private int numOpenChannels;
    private int numBlockedChannels;
    private long latestCheckpointId;
    /** The first barrier of the alignment in progress, or null when nothing aligns. */
    private CheckpointBarrier aligning;
    private long alignmentStartNanos;
    private long lastAlignmentDurationNanos;

    /**
     * @param numberOfChannels the task's input channels, at least 1
     * @param target what to tell the task
     * @param clock the source of alignment durations
     */
    public AlignedBarrierHandler(int numberOfChannels, Target target, Clock clock) {
        if (numberOfChannels < 1) {
            throw new IllegalArgumentException("numberOfChannels must be at least 1: " + numberOfChannels);
        }
        this.numberOfChannels = numberOfChannels;
        this.target = Objects.requireNonNull(target, "target");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.blocked = new boolean[numberOfChannels];
        this.closed = new boolean[numberOfChannels];
        this.numOpenChannels = numberOfChannels;
    }

    @Override
    public void processBarrier(CheckpointBarrier barrier, int channel) throws Exception {
        Objects.requireNonNull(barrier, "barrier");
        checkOpen(channel, "barrier " + barrier.id());
        long id = barrier.id();
        List<Notification> notifications = new ArrayList<>(2);
        if (aligning != null) {
            long current = aligning.id();
            if (id == current) {
                if (blocked[channel]) {
                    throw new IllegalStateException("channel " + channel + " delivered barrier " + id
                            + " twice: it is already blocked for checkpoint " + id);
                }
                block(channel);
                completeIfAligned(notifications);
            } else if (id > current) {
                endAlignment();
                notifications.add(t -> t.abortCheckpointOnBarrier(current, false));
                startAlignment(barrier, channel, notifications);
            }
            // id < current: a late barrier of an older checkpoint, ignored
        } else if (id > latestCheckpointId) {
            startAlignment(barrier, channel, notifications);
        }
        // else: a late barrier, or one of an aborted or completed checkpoint, ignored
        deliver(notifications);
    }

    @Override
    public void processCancellationBarrier(long checkpointId, int channel) throws Exception {
        checkOpen(channel, "cancellation marker " + checkpointId);
        List<Notification> notifications = new ArrayList<>(2);
        if (aligning != null && aligning.id() <= checkpointId) {
            long current = aligning.id();
            endAlignment();
            if (current == checkpointId) {
                notifications.add(t -> t.abortCheckpointOnBarrier(checkpointId, true));
            } else {
                latestCheckpointId = checkpointId;
                notifications.add(t -> t.abortCheckpointOnBarrier(current, false));
                notifications.add(t -> t.abortCheckpointOnBarrier(checkpointId, true));
            }
        } else if (aligning == null && checkpointId > latestCheckpointId) {
            latestCheckpointId = checkpointId;
            notifications.add(t -> t.abortCheckpointOnBarrier(checkpointId, true));
        }
        // else: the checkpoint is older than the one aligning, or already over: ignored
        deliver(notifications);
    }

    @Override
    public void processEndOfPartition(int channel) throws Exception {
        checkOpen(channel, "end of partition");
        if (blocked[channel]) {
            blocked[channel] = false;
            numBlockedChannels--;
        }
        closed[channel] = true;
        numOpenChannels--;
        List<Notification> notifications = new ArrayList<>(1);
        if (aligning != null) {
            completeIfAligned(notifications);
        }
        deliver(notifications);
    }

    @Override
    public boolean isBlocked(int channel) {
        checkIndex(channel);
        return blocked[channel];
    }

    @Override
    public long getLatestCheckpointId() {
        return latestCheckpointId;
    }

    /**
     * @return true while a checkpoint's barriers are being aligned
     */
    public boolean isAligning() {
        return aligning != null;
    }

    /**
     * @return while aligning, the time since the first barrier; otherwise the duration of the last
     *     alignment that ended (completed or aborted), or 0 if none did
     */
    public long getAlignmentDurationNanos() {
        return aligning != null ? clock.relativeTimeNanos() - alignmentStartNanos : lastAlignmentDurationNanos;
    }

    /**
     * @param channel a channel index
     * @return true if the channel delivered its end of partition
     */
    public boolean isClosed(int channel) {
        checkIndex(channel);
        return closed[channel];
    }

    @Override
    public String toString() {
        return "AlignedBarrierHandler{channels=" + numberOfChannels + ", open=" + numOpenChannels
                + ", blocked=" + numBlockedChannels + ", latest=" + latestCheckpointId
                + ", aligning=" + (aligning == null ? "none" : aligning.id()) + '}';
    }

    private void startAlignment(CheckpointBarrier barrier, int channel, List<Notification> notifications) {
        aligning = barrier;
        latestCheckpointId = barrier.id();
        alignmentStartNanos = clock.relativeTimeNanos();
        block(channel);
        completeIfAligned(notifications);
    }

    private void completeIfAligned(List<Notification> notifications) {
        if (numBlockedChannels == numOpenChannels) {
            CheckpointBarrier barrier = aligning;
            long duration = endAlignment();
            notifications.add(t -> t.triggerCheckpointOnBarrier(barrier, duration));
        }
    }

    /** Unblocks every channel and records the alignment's duration. */
    private long endAlignment() {
        lastAlignmentDurationNanos = clock.relativeTimeNanos() - alignmentStartNanos;
        aligning = null;
        Arrays.fill(blocked, false);
        numBlockedChannels = 0;
        return lastAlignmentDurationNanos;
    }

    private void block(int channel) {
        blocked[channel] = true;
        numBlockedChannels++;
    }

    private void checkOpen(int channel, String event) {
        checkIndex(channel);
        if (closed[channel]) {
            throw new IllegalStateException("channel " + channel + " delivered " + event + " after its end of partition");
        }
    }

    private void checkIndex(int channel) {
        if (channel < 0 || channel >= numberOfChannels) {
            throw new IllegalArgumentException(
                    "channel " + channel + " does not exist: the task has channels 0.." + (numberOfChannels - 1));
        }
    }

    private void deliver(List<Notification> notifications) throws Exception {
        Notification.deliverAll(notifications, target);
    }
}
