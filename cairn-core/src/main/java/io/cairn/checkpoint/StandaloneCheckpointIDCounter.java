package io.cairn.checkpoint;

import java.util.concurrent.atomic.AtomicLong;

/** An in-memory {@link CheckpointIDCounter}. Thread-safe. */
public final class StandaloneCheckpointIDCounter implements CheckpointIDCounter {

    private final AtomicLong next = new AtomicLong(INITIAL_CHECKPOINT_ID);

    /** Creates a counter starting at {@link #INITIAL_CHECKPOINT_ID}. */
    public StandaloneCheckpointIDCounter() {}

    @Override
    public long getAndIncrement() {
        return next.getAndIncrement();
    }

    @Override
    public long get() {
        return next.get();
    }

    @Override
    public void setCount(long newId) {
        if (newId < INITIAL_CHECKPOINT_ID) {
            throw new IllegalArgumentException("checkpoint ids start at " + INITIAL_CHECKPOINT_ID + ": newId=" + newId);
        }
        next.set(newId);
    }
}
