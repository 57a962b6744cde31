package io.cairn.common;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Clock} that moves only when told to. Thread-safe. */
public final class ManualClock implements Clock {

    private final AtomicLong nanos;

    /** A clock starting at epoch millisecond 0. */
    public ManualClock() {
        this(0);
    }

    /**
     * @param startMillis the initial time in epoch milliseconds
     */
    public ManualClock(long startMillis) {
        this.nanos = new AtomicLong(TimeUnit.MILLISECONDS.toNanos(startMillis));
    }

    @Override
    public long absoluteTimeMillis() {
        return TimeUnit.NANOSECONDS.toMillis(nanos.get());
    }

    @Override
    public long relativeTimeNanos() {
        return nanos.get();
    }

    /**
     * Moves the clock forward.
     *
     * @param duration how far, not negative
     * @param unit the unit of {@code duration}
     */
    public void advanceTime(long duration, TimeUnit unit) {
        if (duration < 0) {
            throw new IllegalArgumentException("cannot move a clock backwards: duration=" + duration);
        }
        nanos.addAndGet(unit.toNanos(duration));
    }
}
