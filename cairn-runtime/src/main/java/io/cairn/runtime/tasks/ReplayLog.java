package io.cairn.runtime.tasks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * The buffers a {@link RecordWriter} shipped into each of its channels since the oldest checkpoint a
 * downstream task may still be restored from, so that one downstream subtask can be recovered alone:
 * it restarts from a checkpoint and this log sends it again exactly what it was sent after that
 * checkpoint's barrier (upstream backup). The buffers are the ones shipped (each a private copy), not
 * copies of them.
 *
 * <p>A <em>mark</em> is the position of every channel's stream at a checkpoint barrier, taken when the
 * writer broadcasts the barrier (after flushing, so every record before the barrier is behind the
 * mark). {@link #START} marks where the deployment started: at the checkpoint it was restored from, or
 * at the beginning. When a checkpoint completes, the buffers before its mark are dropped, with the
 * older marks: no task can be restored from an older checkpoint any more.
 *
 * <p>The log holds at most {@code maxBytes} of buffers. Past that it drops everything and its marks,
 * and logs again from the next barrier on; until then no recovery from an earlier checkpoint is
 * possible (the runtime restarts the whole job instead).
 *
 * <p>Not thread-safe: owned by the writer's task thread.
 */
final class ReplayLog {

    /** The mark of where the writer's deployment started. */
    static final long START = Long.MIN_VALUE;

    private final List<ArrayDeque<ChannelElement.Buffer>> buffers;
    /** Per channel, how many buffers were shipped before the first one held: absolute positions. */
    private final long[] dropped;
    /** Checkpoint id to the absolute position of each channel at its barrier. */
    private final TreeMap<Long, long[]> marks = new TreeMap<>();
    private final long maxBytes;
    private long bytes;
    private boolean overflowed;

    /**
     * @param channels the writer's channels
     * @param maxBytes the most buffer bytes held; at least 1
     */
    ReplayLog(int channels, long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("replay log limit must be at least 1 byte: " + maxBytes);
        }
        this.buffers = new ArrayList<>(channels);
        for (int i = 0; i < channels; i++) {
            buffers.add(new ArrayDeque<>());
        }
        this.dropped = new long[channels];
        this.maxBytes = maxBytes;
        marks.put(START, new long[channels]);
    }

    /** Records a buffer shipped into a channel. */
    void append(int channel, ChannelElement.Buffer buffer) {
        if (overflowed) {
            dropped[channel]++;
            return;
        }
        buffers.get(channel).addLast(buffer);
        bytes += buffer.data().length;
        if (bytes > maxBytes) {
            overflow();
        }
    }

    private void overflow() {
        for (int c = 0; c < buffers.size(); c++) {
            dropped[c] += buffers.get(c).size();
            buffers.get(c).clear();
        }
        bytes = 0;
        marks.clear();
        overflowed = true;
    }

    /** Marks every channel's position at the barrier of {@code checkpointId}; logging resumes here after an overflow. */
    void mark(long checkpointId) {
        overflowed = false;
        long[] position = new long[buffers.size()];
        for (int c = 0; c < buffers.size(); c++) {
            position[c] = dropped[c] + buffers.get(c).size();
        }
        marks.put(checkpointId, position);
    }

    /** Drops the buffers before the mark of a completed checkpoint, and the older marks. */
    void checkpointCompleted(long checkpointId) {
        long[] position = marks.get(checkpointId);
        if (position == null) {
            return; // not marked here (logged only since a later overflow): nothing older is held
        }
        for (int c = 0; c < buffers.size(); c++) {
            while (dropped[c] < position[c]) {
                bytes -= buffers.get(c).removeFirst().data().length;
                dropped[c]++;
            }
        }
        marks.headMap(checkpointId, false).clear();
    }

    /**
     * @param mark a checkpoint id, or {@link #START}
     * @param channel a channel
     * @return the buffers shipped into the channel since the mark, oldest first, or null if the log
     *     does not hold them (no such mark: it was dropped, or never taken)
     */
    List<ChannelElement.Buffer> since(long mark, int channel) {
        long[] position = marks.get(mark);
        if (position == null) {
            return null;
        }
        List<ChannelElement.Buffer> result = new ArrayList<>();
        Iterator<ChannelElement.Buffer> it = buffers.get(channel).iterator();
        for (long skip = position[channel] - dropped[channel]; skip > 0; skip--) {
            it.next();
        }
        it.forEachRemaining(result::add);
        return result;
    }

    /** @return the buffer bytes held */
    long bytes() {
        return bytes;
    }
}
