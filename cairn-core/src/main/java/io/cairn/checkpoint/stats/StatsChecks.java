package io.cairn.checkpoint.stats;

/** Argument checks and arithmetic shared by the statistics classes. */
final class StatsChecks {

    private StatsChecks() {
    }

    /**
     * @param value the value
     * @param what its name, for the message
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is negative; the message names it
     */
    static long requireNonNegative(long value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + value);
        }
        return value;
    }

    /**
     * @param a a non-negative value
     * @param b a non-negative value
     * @return {@code a + b}, or {@link Long#MAX_VALUE} if that overflows
     */
    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }
}
