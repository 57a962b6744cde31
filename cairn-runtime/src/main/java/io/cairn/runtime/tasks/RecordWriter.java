package io.cairn.runtime.tasks;

import io.cairn.runtime.api.KeySelector;
import io.cairn.runtime.jobgraph.Partitioning;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import java.util.List;

/**
 * Routes and serializes one task's output into its downstream channels. Records are buffered per
 * channel and shipped when a buffer passes {@link #FLUSH_BYTES}, before every event, and when the
 * task idles. Used by the producing task's thread only.
 *
 * @param <T> the record type
 */
final class RecordWriter<T> implements Output<T> {

    static final int FLUSH_BYTES = 4 * 1024;

    private final List<Channel> channels;
    private final Partitioning partitioning;
    private final TypeSerializer<T> serializer;
    private final KeySelector<T, ?> keySelector;
    private final int targetMaxParallelism;
    private final DataOutputSerializer[] buffers;
    private int roundRobin;
    private long recordsOut;

    RecordWriter(List<Channel> channels, Partitioning partitioning, TypeSerializer<T> serializer, KeySelector<T, ?> keySelector,
            int targetMaxParallelism, int subtaskIndex) {
        this.channels = channels;
        this.partitioning = partitioning;
        this.serializer = serializer.duplicate();
        this.keySelector = keySelector;
        this.targetMaxParallelism = targetMaxParallelism;
        this.buffers = new DataOutputSerializer[channels.size()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = new DataOutputSerializer(FLUSH_BYTES + 1024);
        }
        this.roundRobin = subtaskIndex % Math.max(1, channels.size());
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
                    write(KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(targetMaxParallelism, channels.size(), keyGroup), record);
                    break;
                }
                case REBALANCE:
                    roundRobin = (roundRobin + 1) % channels.size();
                    write(roundRobin, record);
                    break;
                case BROADCAST:
                default:
                    for (int i = 0; i < channels.size(); i++) {
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
        channels.get(channel).put(new ChannelElement.Buffer(buffer.getCopyOfBuffer(), buffer.length()));
        buffer.clear();
    }

    /** Ships every non-empty buffer. */
    void flushAll() throws InterruptedException {
        for (int i = 0; i < buffers.length; i++) {
            flush(i);
        }
    }

    /** Flushes, then sends an event to every channel. */
    void broadcastEvent(ChannelElement event) throws InterruptedException {
        flushAll();
        for (Channel c : channels) {
            c.put(event);
        }
    }

    long recordsOut() {
        return recordsOut;
    }
}
