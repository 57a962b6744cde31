package io.cairn.runtime.tasks;

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

    Channel() {}

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
        return queue.poll();
    }
}
