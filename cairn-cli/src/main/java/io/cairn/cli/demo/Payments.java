package io.cairn.cli.demo;

import io.cairn.serialization.DataInputView;
import io.cairn.serialization.DataOutputView;
import io.cairn.serialization.SimpleTypeSerializerSnapshot;
import io.cairn.serialization.TypeSerializer;
import java.io.IOException;
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
     * Serializes a {@link Payment} on the demo's keyBy edge as 24 bytes: {@code seq}, {@code account}
     * and {@code amount}, each 8 bytes big-endian. These are exactly the bytes the generic
     * {@code RecordSerializer.of(Payment.class)} writes (its primitive components are written bare),
     * without its per-component boxing and method-handle calls. Stateless and immutable; use
     * {@link #INSTANCE}.
     */
    public static final class PaymentSerializer extends TypeSerializer<Payment> {

        /** The shared instance. */
        public static final PaymentSerializer INSTANCE = new PaymentSerializer();

        /** The serialized length of every payment, in bytes. */
        public static final int LENGTH = 24;

        private PaymentSerializer() {}

        /** @return true: payments are records of primitives */
        @Override
        public boolean isImmutableType() {
            return true;
        }

        /** @return this stateless serializer */
        @Override
        public PaymentSerializer duplicate() {
            return this;
        }

        /** @return {@code from} itself */
        @Override
        public Payment copy(Payment from) {
            return from;
        }

        /** @return {@value #LENGTH} */
        @Override
        public int getLength() {
            return LENGTH;
        }

        /**
         * Writes the payment's three longs.
         *
         * @throws NullPointerException if {@code record} is null
         */
        @Override
        public void serialize(Payment record, DataOutputView target) throws IOException {
            if (record == null) {
                throw new NullPointerException(this + " cannot serialize null");
            }
            target.writeLong(record.seq());
            target.writeLong(record.account());
            target.writeLong(record.amount());
        }

        /** Reads a payment written by {@link #serialize} (or by the generic record serializer). */
        @Override
        public Payment deserialize(DataInputView source) throws IOException {
            long seq = source.readLong();
            long account = source.readLong();
            return new Payment(seq, account, source.readLong());
        }

        /** @return a snapshot that is compatible only with this serializer */
        @Override
        public Snapshot snapshotConfiguration() {
            return new Snapshot();
        }

        /** @return true for any {@code PaymentSerializer} */
        @Override
        public boolean equals(Object obj) {
            return obj instanceof PaymentSerializer;
        }

        /** @return a hash code consistent with {@link #equals} */
        @Override
        public int hashCode() {
            return PaymentSerializer.class.getName().hashCode();
        }

        /** @return {@code PaymentSerializer} */
        @Override
        public String toString() {
            return "PaymentSerializer";
        }

        /** The snapshot of {@link PaymentSerializer}: no configuration beyond the class. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<Payment> {

            /** Creates the snapshot; used reflectively when restoring. */
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }

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
