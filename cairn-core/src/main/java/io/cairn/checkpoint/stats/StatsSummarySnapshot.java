package io.cairn.checkpoint.stats;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * Immutable statistics over non-negative long samples: count, sum, minimum, average, maximum and
 * nearest-rank quantiles. An empty snapshot (no samples) reports 0 for every statistic.
 *
 * <p>Quantiles use the nearest-rank definition over the retained samples sorted ascending
 * ({@code x[1] <= … <= x[n]}): {@code quantile(q) = x[max(1, ceil(q · n))]}, with {@code q · n}
 * computed in decimal from {@code q}'s shortest representation, so {@code 0.99} of 100 samples is
 * rank 99 exactly. It is always one of the samples; for 1…100, p99 is 99 and the median is 50.
 */
public final class StatsSummarySnapshot implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final StatsSummarySnapshot EMPTY = new StatsSummarySnapshot(0, 0, 0, 0, new long[0]);

    private final long count;
    private final long sum;
    private final long min;
    private final long max;
    /** The retained samples in ascending order; maybe fewer than {@link #count}. */
    private final long[] sortedSamples;

    StatsSummarySnapshot(long count, long sum, long min, long max, long[] sortedSamples) {
        this.count = count;
        this.sum = sum;
        this.min = min;
        this.max = max;
        this.sortedSamples = sortedSamples;
    }

    /** @return the snapshot of no samples: every statistic is 0 */
    public static StatsSummarySnapshot empty() {
        return EMPTY;
    }

    /**
     * @param values the samples, each non-negative; all are retained for quantiles
     * @return the statistics over {@code values}
     * @throws IllegalArgumentException if a value is negative
     */
    public static StatsSummarySnapshot of(long... values) {
        StatsSummary summary = new StatsSummary(Math.max(1, values.length));
        for (long v : values) {
            summary.add(v);
        }
        return summary.createSnapshot();
    }

    /** @return the number of samples */
    public long getCount() {
        return count;
    }

    /** @return the sum of all samples, saturated at {@link Long#MAX_VALUE}; 0 if empty */
    public long getSum() {
        return sum;
    }

    /** @return the smallest sample; 0 if empty */
    public long getMinimum() {
        return min;
    }

    /** @return the largest sample; 0 if empty */
    public long getMaximum() {
        return max;
    }

    /** @return the arithmetic mean of all samples (sum / count); 0.0 if empty */
    public double getAverage() {
        return count == 0 ? 0.0 : (double) sum / count;
    }

    /** @return how many of the newest samples the quantiles are computed over */
    public int getRetainedSampleCount() {
        return sortedSamples.length;
    }

    /**
     * Nearest-rank quantile over the retained samples (see the class comment).
     *
     * @param quantile the quantile, in [0, 1]
     * @return the sample at that rank; 0 if empty
     * @throws IllegalArgumentException if {@code quantile} is outside [0, 1] or NaN
     */
    public long getQuantile(double quantile) {
        if (!(quantile >= 0.0 && quantile <= 1.0)) {
            throw new IllegalArgumentException("quantile must be in [0, 1]: " + quantile);
        }
        int n = sortedSamples.length;
        if (n == 0) {
            return 0;
        }
        long rank = BigDecimal.valueOf(quantile).multiply(BigDecimal.valueOf(n))
                .setScale(0, RoundingMode.CEILING).longValueExact();
        return sortedSamples[(int) Math.max(1, rank) - 1];
    }

    /** @return the nearest-rank 99th percentile; 0 if empty */
    public long getP99() {
        return getQuantile(0.99);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StatsSummarySnapshot)) {
            return false;
        }
        StatsSummarySnapshot s = (StatsSummarySnapshot) o;
        return count == s.count && sum == s.sum && min == s.min && max == s.max
                && Arrays.equals(sortedSamples, s.sortedSamples);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + Arrays.hashCode(sortedSamples);
    }

    @Override
    public String toString() {
        return "StatsSummarySnapshot{count=" + count + ", min=" + min + ", avg=" + getAverage() + ", max=" + max
                + ", p99=" + getP99() + "}";
    }
}
