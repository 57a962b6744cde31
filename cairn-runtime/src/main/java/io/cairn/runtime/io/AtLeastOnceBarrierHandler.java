package io.cairn.runtime.io;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * At-least-once barrier tracking: channels are never blocked; a checkpoint is triggered (with
 * alignment duration 0) once its barrier has arrived on every open channel. Records after a barrier
 * may be read before the snapshot, so after a restore they can be processed twice.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>barriers are counted per checkpoint id over the open channels; a second barrier of a pending
 *       checkpoint on the same channel is a protocol violation ({@link IllegalStateException});
 *   <li>when checkpoint {@code n} triggers, pending checkpoints older than {@code n} are aborted
 *       ({@code cancelledByMarker = false}) and forgotten;
 *   <li>a cancellation marker for {@code n} aborts {@code n} ({@code cancelledByMarker = true})
 *       unless it already triggered or was aborted; pending checkpoints older than {@code n} are
 *       aborted first as overtaken, since their remaining barriers would be ignored from then on;
 *   <li>barriers and markers of checkpoints up to the last triggered or aborted one are ignored;
 *   <li>an ended channel is no longer waited for: pending checkpoints it completes are triggered,
 *       lowest first (incomplete ones between them are aborted as above).
 * </ul>
 *
 * <p>The target is called at most once per checkpoint id and in increasing id order, after the
 * handler's state has moved on; every notification of one step is delivered and the first exception
 * is rethrown with the others suppressed. Events on a channel that has ended are protocol violations
 * ({@link IllegalStateException}). Not thread-safe: one task thread calls it.
 */
public final class AtLeastOnceBarrierHandler implements CheckpointBarrierHandler {

    private final int numberOfChannels;
    private final Target target;
    private final boolean[] closed;
    private int numOpenChannels;
    /** Checkpoints with at least one barrier, neither triggered nor aborted, by id. */
    private final NavigableMap<Long, Pending> pending = new TreeMap<>();
    /** The highest id triggered or aborted; barriers up to it are ignored. */
    private long lastFinishedCheckpointId;
    private long latestCheckpointId;

    /**
     * @param numberOfChannels the task's input channels, at least 1
     * @param target what to tell the task
     */
    public AtLeastOnceBarrierHandler(int numberOfChannels, Target target) {
        if (numberOfChannels < 1) {
            throw new IllegalArgumentException("numberOfChannels must be at least 1: " + numberOfChannels);
        }
        this.numberOfChannels = numberOfChannels;
        this.target = Objects.requireNonNull(target, "target");
        this.closed = new boolean[numberOfChannels];
        this.numOpenChannels = numberOfChannels;
    }

    @Override
    public void processBarrier(CheckpointBarrier barrier, int channel) throws Exception {
        Objects.requireNonNull(barrier, "barrier");
        long id = barrier.id();
        checkOpen(channel, "barrier " + id);
        latestCheckpointId = Math.max(latestCheckpointId, id);
        if (id <= lastFinishedCheckpointId) {
            return;
        }
        Pending checkpoint = pending.get(id);
        if (checkpoint == null) {
            checkpoint = new Pending(barrier, numberOfChannels);
            pending.put(id, checkpoint);
        } else if (checkpoint.seen[channel]) {
            throw new IllegalStateException("channel " + channel + " delivered barrier " + id
                    + " twice while checkpoint " + id + " is pending");
        }
        checkpoint.seen[channel] = true;
        checkpoint.seenOpenChannels++;
        List<Notification> notifications = new ArrayList<>(2);
        if (checkpoint.seenOpenChannels == numOpenChannels) {
            trigger(checkpoint, notifications);
        }
        Notification.deliverAll(notifications, target);
    }

    @Override
    public void processCancellationBarrier(long checkpointId, int channel) throws Exception {
        checkOpen(channel, "cancellation marker " + checkpointId);
        latestCheckpointId = Math.max(latestCheckpointId, checkpointId);
        if (checkpointId <= lastFinishedCheckpointId) {
            return;
        }
        List<Notification> notifications = new ArrayList<>(2);
        abortOlderThan(checkpointId, notifications);
        pending.remove(checkpointId);
        lastFinishedCheckpointId = checkpointId;
        notifications.add(t -> t.abortCheckpointOnBarrier(checkpointId, true));
        Notification.deliverAll(notifications, target);
    }

    @Override
    public void processEndOfPartition(int channel) throws Exception {
        checkOpen(channel, "end of partition");
        closed[channel] = true;
        numOpenChannels--;
        for (Pending checkpoint : pending.values()) {
            if (checkpoint.seen[channel]) {
                checkpoint.seenOpenChannels--;
            }
        }
        List<Notification> notifications = new ArrayList<>(1);
        for (Pending checkpoint : new ArrayList<>(pending.values())) {
            if (checkpoint.barrier.id() > lastFinishedCheckpointId && checkpoint.seenOpenChannels == numOpenChannels) {
                trigger(checkpoint, notifications);
            }
        }
        Notification.deliverAll(notifications, target);
    }

    /**
     * Never blocks.
     *
     * @param channel a channel index
     * @return false
     */
    @Override
    public boolean isBlocked(int channel) {
        checkIndex(channel);
        return false;
    }

    @Override
    public long getLatestCheckpointId() {
        return latestCheckpointId;
    }

    /**
     * @return the ids of checkpoints that have some but not all of their barriers, ascending
     */
    public List<Long> getPendingCheckpointIds() {
        return List.copyOf(pending.keySet());
    }

    @Override
    public String toString() {
        return "AtLeastOnceBarrierHandler{channels=" + numberOfChannels + ", open=" + numOpenChannels
                + ", pending=" + pending.keySet() + ", lastFinished=" + lastFinishedCheckpointId + '}';
    }

    private void trigger(Pending checkpoint, List<Notification> notifications) {
        long id = checkpoint.barrier.id();
        abortOlderThan(id, notifications);
        pending.remove(id);
        lastFinishedCheckpointId = id;
        CheckpointBarrier barrier = checkpoint.barrier;
        notifications.add(t -> t.triggerCheckpointOnBarrier(barrier, 0L));
    }

    private void abortOlderThan(long checkpointId, List<Notification> notifications) {
        Iterator<Map.Entry<Long, Pending>> older = pending.headMap(checkpointId, false).entrySet().iterator();
        while (older.hasNext()) {
            long id = older.next().getKey();
            older.remove();
            notifications.add(t -> t.abortCheckpointOnBarrier(id, false));
        }
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

    /** A checkpoint whose barriers have arrived on some channels. */
    private static final class Pending {
        final CheckpointBarrier barrier;
        final boolean[] seen;
        int seenOpenChannels;

        Pending(CheckpointBarrier barrier, int numberOfChannels) {
            this.barrier = barrier;
            this.seen = new boolean[numberOfChannels];
        }
    }
}
