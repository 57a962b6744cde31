package io.cairn.checkpoint.stats;

import java.util.Arrays;

/**
 * Accumulates non-negative long samples. Count, sum, minimum and maximum cover every sample ever
 * added; quantiles are exact over the newest {@code maxRetainedSamples} samples, kept in a ring
 * buffer. Not thread-safe: the owner synchronizes (the {@link CheckpointStatsTracker} does).
 */
public final class StatsSummary {

    /** How many of the newest samples are kept for quantiles unless configured otherwise. */
    public static final int DEFAULT_MAX_RETAINED_SAMPLES = 10_000;

    private static final int INITIAL_CAPACITY = 16;

    private final int maxRetainedSamples;
    private long[] samples;
    /** Number of valid entries in {@link #samples}. */
    private int retained;
    /** Next slot to overwrite once the buffer is full; it holds the oldest retained sample. */
    private int next;
    private long count;
    private long sum;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    /** Creates a summary keeping the newest {@value #DEFAULT_MAX_RETAINED_SAMPLES} samples for quantiles. */
    public StatsSummary() {
        this(DEFAULT_MAX_RETAINED_SAMPLES);
    }

    /**
     * @param maxRetainedSamples how many of the newest samples to keep for quantiles, at least 1
     * @throws IllegalArgumentException if {@code maxRetainedSamples} is less than 1
     */
    public StatsSummary(int maxRetainedSamples) {
        if (maxRetainedSamples < 1) {
            throw new IllegalArgumentException("maxRetainedSamples must be at least 1: " + maxRetainedSamples);
        }
        this.maxRetainedSamples = maxRetainedSamples;
        this.samples = new long[Math.min(INITIAL_CAPACITY, maxRetainedSamples)];
    }

    /**
     * Adds a sample. The sum saturates at {@link Long#MAX_VALUE}.
     *
     * @param value the sample, not negative
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public void add(long value) {
        StatsChecks.requireNonNegative(value, "sample");
        count++;
        sum = StatsChecks.saturatedAdd(sum, value);
        min = Math.min(min, value);
        max = Math.max(max, value);
        if (retained < maxRetainedSamples) {
            if (retained == samples.length) {
                samples = Arrays.copyOf(samples, (int) Math.min(maxRetainedSamples, 2L * samples.length));
            }
            samples[retained++] = value;
        } else {
            samples[next] = value;
            next = next + 1 == maxRetainedSamples ? 0 : next + 1;
        }
    }

    /** @return how many samples were added */
    public long getCount() {
        return count;
    }

    /** @return how many of the newest samples are kept for quantiles */
    public int getMaxRetainedSamples() {
        return maxRetainedSamples;
    }

    /** @return an immutable copy of the current statistics; {@link StatsSummarySnapshot#empty()} if no sample was added */
    public StatsSummarySnapshot createSnapshot() {
        if (count == 0) {
            return StatsSummarySnapshot.empty();
        }
        long[] sorted = Arrays.copyOf(samples, retained);
        Arrays.sort(sorted);
        return new StatsSummarySnapshot(count, sum, min, max, sorted);
    }
}
