package io.cairn.runtime.tasks;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded, single-producer single-consumer queue between two subtasks. A full channel blocks the
 * producer: back-pressure is real. The consumer thread is woken on every put.
 *
 * <p>The capacity bounds the data in flight, and so how long a checkpoint barrier queues behind
 * records on a back-pressured edge: {@value #CAPACITY} buffers of up to
 * {@link RecordWriter#FLUSH_BYTES} bytes. In the payments demo, 16 buffers of 16 KiB held about
 * 40,000 records ahead of each keyed subtask's barrier and made half of every checkpoint's
 * duration; 4 buffers of 8 KiB cut the median checkpoint from about 500 to 180 ms (heap). 2 buffers
 * of 4 KiB (two: one being filled by the producer while the consumer drains the other) hold at most
 * about 350 payments per channel; see docs/benchmarks.md for what that changed.
 */
public final class Channel {

    static final int CAPACITY = 2;

    private final ArrayBlockingQueue<ChannelElement> queue = new ArrayBlockingQueue<>(CAPACITY);
    private volatile Thread consumer;
    /** Set once the consumer is gone for good ({@link #kill}); read by the producer. */
    private volatile boolean dead;
    /**
     * False for the channel of a recovered consumer until its producer has handed it the replay
     * ({@link #replay}); the consumer polls nothing before, so nothing can overtake the replay.
     */
    private volatile boolean ready;
    /** The replay, delivered before the queue's elements: set by the producer before {@link #ready}, then the consumer's. */
    private ArrayDeque<ChannelElement> backlog;

    private Channel(boolean ready) {
        this.ready = ready;
    }

    /** @return a channel between two running subtasks */
    static Channel open() {
        return new Channel(true);
    }

    /** @return the channel of a recovered consumer: it delivers nothing until its producer {@link #replay replays} into it */
    static Channel awaitingReplay() {
        return new Channel(false);
    }

    /**
     * Hands a recovered consumer what its producer sent the failed one since the restored checkpoint:
     * the consumer gets these elements first, then what is {@link #put} later. Called once, by the
     * producer's thread, before its first put into this channel; never blocks.
     *
     * @param elements the replay, oldest first
     */
    void replay(List<? extends ChannelElement> elements) {
        backlog = new ArrayDeque<>(elements);
        ready = true;
    }

    void setConsumer(Thread consumer) {
        this.consumer = consumer;
    }

    /**
     * Enqueues, blocking while full; called by the producer's thread. On a {@link #kill killed}
     * channel it drops the element and returns at once.
     */
    void put(ChannelElement element) throws InterruptedException {
        if (dead) {
            return;
        }
        queue.put(element);
        Thread c = consumer;
        if (c != null) {
            LockSupport.unpark(c);
        }
    }

    /**
     * Marks the channel dead, once its consumer has ended for good (its task failed and is being
     * recovered alone, with new channels): from now on the producer's puts drop their elements, and a
     * producer blocked on a full channel is released. Called by the control thread after the consumer's
     * thread has ended. A producer can have at most one put in progress, which finds room once the
     * queue is drained, and checks the flag before any later put.
     */
    void kill() {
        dead = true;
        queue.clear();
    }

    /** @return the next element, or null if empty; called by the consumer's thread */
    ChannelElement poll() {
        if (!ready) {
            return null;
        }
        ArrayDeque<ChannelElement> b = backlog;
        if (b != null) {
            ChannelElement e = b.pollFirst();
            if (e != null) {
                return e;
            }
            backlog = null;
        }
        return queue.poll();
    }
}
