package io.cairn.cli.demo;

import java.io.Serializable;

/**
 * The payments stream of the demo job, defined exactly so it can be reproduced anywhere (also on
 * Flink): sequence number {@code seq} becomes {@code (seq, account, amount)} with
 *
 * <pre>
 *   mix64(z) = SplitMix64 finalizer
 *   h        = mix64(seq + seed * 0x9E3779B97F4A7C15)
 *   account  = unsigned(h) mod accounts
 *   amount   = unsigned(mix64(h)) mod 201 - 100
 * </pre>
 */
public final class Payments {

    private Payments() {}

    /**
     * One payment.
     *
     * @param seq the sequence number
     * @param account the account
     * @param amount the amount, in [-100, 100]
     */
    public record Payment(long seq, long account, long amount) implements Serializable {}

    /**
     * The SplitMix64 finalizer.
     *
     * @param z the input
     * @return the mixed value
     */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * @param seq the sequence number
     * @param seed the run's seed
     * @param accounts the number of accounts
     * @return the payment of {@code seq}
     */
    public static Payment payment(long seq, long seed, long accounts) {
        long h = mix64(seq + seed * 0x9E3779B97F4A7C15L);
        long account = Long.remainderUnsigned(h, accounts);
        long amount = Long.remainderUnsigned(mix64(h), 201) - 100;
        return new Payment(seq, account, amount);
    }

    /**
     * The sequence numbers at which the demo injects failures: {@code count} numbers, deterministic
     * from the seed, spread over the middle 60% of the run.
     *
     * @param count how many failures
     * @param events the number of events
     * @param seed the seed
     * @return the sequence numbers, ascending
     */
    public static long[] failureSeqs(int count, long events, long seed) {
        java.util.TreeSet<Long> seqs = new java.util.TreeSet<>();
        long span = Math.max(1, events * 6 / 10);
        long start = events * 2 / 10;
        for (int i = 0; seqs.size() < Math.min(count, span); i++) {
            seqs.add(start + Long.remainderUnsigned(mix64(seed * 31 + i + 0x5DEECE66DL), span));
        }
        return seqs.stream().mapToLong(Long::longValue).toArray();
    }
}
