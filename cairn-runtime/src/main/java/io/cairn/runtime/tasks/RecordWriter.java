package io.cairn.runtime.tasks;

import io.cairn.runtime.api.KeySelector;
import io.cairn.runtime.jobgraph.Partitioning;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Routes and serializes one task's output into its downstream channels. Records are buffered per
 * channel and shipped when a buffer passes {@link #FLUSH_BYTES}, before every event, and when the
 * task idles. Used by the producing task's thread only.
 *
 * @param <T> the record type
 */
final class RecordWriter<T> implements Output<T> {

    static final int FLUSH_BYTES = 4 * 1024;

    private final Channel[] channels;
    private final Partitioning partitioning;
    private final TypeSerializer<T> serializer;
    private final KeySelector<T, ?> keySelector;
    private final int targetMaxParallelism;
    private final DataOutputSerializer[] buffers;
    private int roundRobin;
    private long recordsOut;
    /** What was shipped since the oldest restorable checkpoint, or null when not logging. */
    private ReplayLog replayLog;

    RecordWriter(List<Channel> channels, Partitioning partitioning, TypeSerializer<T> serializer, KeySelector<T, ?> keySelector,
            int targetMaxParallelism, int subtaskIndex) {
        this.channels = channels.toArray(new Channel[0]);
        this.partitioning = partitioning;
        this.serializer = serializer.duplicate();
        this.keySelector = keySelector;
        this.targetMaxParallelism = targetMaxParallelism;
        this.buffers = new DataOutputSerializer[this.channels.length];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = new DataOutputSerializer(FLUSH_BYTES + 1024);
        }
        this.roundRobin = subtaskIndex % Math.max(1, this.channels.length);
    }

    @Override
    public void emit(T record) throws InterruptedException {
        recordsOut++;
        try {
            switch (partitioning) {
                case FORWARD:
                    write(0, record);
                    break;
                case HASH: {
                    Object key = keySelector.getKey(record);
                    int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(key, targetMaxParallelism);
                    write(KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(targetMaxParallelism, channels.length, keyGroup), record);
                    break;
                }
                case REBALANCE:
                    roundRobin = (roundRobin + 1) % channels.length;
                    write(roundRobin, record);
                    break;
                case BROADCAST:
                default:
                    for (int i = 0; i < channels.length; i++) {
                        write(i, record);
                    }
                    break;
            }
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot route record " + record + ": " + e.getMessage(), e);
        }
    }

    private void write(int channel, T record) throws Exception {
        DataOutputSerializer buffer = buffers[channel];
        serializer.serialize(record, buffer);
        if (buffer.length() >= FLUSH_BYTES) {
            flush(channel);
        }
    }

    private void flush(int channel) throws InterruptedException {
        DataOutputSerializer buffer = buffers[channel];
        if (buffer.length() == 0) {
            return;
        }
        ChannelElement.Buffer shipped = new ChannelElement.Buffer(buffer.getCopyOfBuffer(), buffer.length());
        buffer.clear();
        if (replayLog != null) {
            replayLog.append(channel, shipped);
        }
        channels[channel].put(shipped);
    }

    /** Ships every non-empty buffer. */
    void flushAll() throws InterruptedException {
        for (int i = 0; i < buffers.length; i++) {
            flush(i);
        }
    }

    /** Flushes, then sends an event to every channel; a barrier marks the replay log. */
    void broadcastEvent(ChannelElement event) throws InterruptedException {
        flushAll();
        if (replayLog != null && event instanceof ChannelElement.Barrier b) {
            replayLog.mark(b.barrier().id());
        }
        for (Channel c : channels) {
            c.put(event);
        }
    }

    /**
     * Starts logging what is shipped, so that one downstream subtask can be recovered alone (see
     * {@link ReplayLog}). Called before the task starts.
     *
     * @param maxBytes the most buffer bytes the log holds
     */
    void enableReplayLog(long maxBytes) {
        replayLog = new ReplayLog(channels.length, maxBytes);
    }

    /** Drops what no restore can need any more, now that a checkpoint completed. */
    void checkpointCompleted(long checkpointId) {
        if (replayLog != null) {
            replayLog.checkpointCompleted(checkpointId);
        }
    }

    /**
     * Replaces a channel whose consumer failed with the channel of its recovered consumer, and hands
     * that channel everything shipped into the old one since {@code mark} as its replay; records
     * buffered but not yet shipped follow, as usual. Never blocks.
     *
     * @param channel the channel's index
     * @param replacement the recovered consumer's channel
     * @param mark the checkpoint id the consumer was restored from, or {@link ReplayLog#START}
     * @param accepted completed with true once the channel is replaced, or with false if the log does
     *     not reach back to {@code mark}; then nothing changes
     */
    void replaceChannel(int channel, Channel replacement, long mark, CompletableFuture<Boolean> accepted) {
        List<ChannelElement.Buffer> replay = replayLog == null ? null : replayLog.since(mark, channel);
        if (replay == null) {
            accepted.complete(false);
            return;
        }
        replacement.replay(replay);
        channels[channel] = replacement;
        accepted.complete(true);
    }


    long recordsOut() {
        return recordsOut;
    }
}
