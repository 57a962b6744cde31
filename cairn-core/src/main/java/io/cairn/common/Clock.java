package io.cairn.common;

/**
 * The source of time for components that time out or measure: injected so tests advance a
 * {@link ManualClock} instead of sleeping.
 */
public interface Clock {

    /** The system clock. */
    Clock SYSTEM = new Clock() {
        @Override
        public long absoluteTimeMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long relativeTimeNanos() {
            return System.nanoTime();
        }
    };

    /** @return wall-clock time in epoch milliseconds */
    long absoluteTimeMillis();

    /** @return a monotonic time in nanoseconds, for durations */
    long relativeTimeNanos();

    /** @return a monotonic time in milliseconds, for durations */
    default long relativeTimeMillis() {
        return relativeTimeNanos() / 1_000_000;
    }
}
