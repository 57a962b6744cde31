package io.cairn.runtime.tasks;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded, single-producer single-consumer queue between two subtasks. A full channel blocks the
 * producer: back-pressure is real. The consumer thread is woken on every put.
 */
final class Channel {

    static final int CAPACITY = 16;

    private final ArrayBlockingQueue<ChannelElement> queue = new ArrayBlockingQueue<>(CAPACITY);
    private volatile Thread consumer;

    void setConsumer(Thread consumer) {
        this.consumer = consumer;
    }

    /** Enqueues, blocking while full; called by the producer's thread. */
    void put(ChannelElement element) throws InterruptedException {
        queue.put(element);
        Thread c = consumer;
        if (c != null) {
            LockSupport.unpark(c);
        }
    }

    /** @return the next element, or null if empty; called by the consumer's thread */
    ChannelElement poll() {
        return queue.poll();
    }
}
