package io.cairn.cli.demo;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Events the demo's keyed function processed in this JVM, replays included: one {@link Counter} per
 * function instance, summed on demand. Used by Cairn's {@link BalanceFunction} and by the Flink
 * version of the job in the benchmarks module, so both count the same way.
 *
 * <p>Why not a {@code LongAdder}: its first contended increment takes a branch that HotSpot's C2
 * compiled as a trap, and taking it threw away the compiled keyed path (24 KB of code) in the middle
 * of a run; a counter per instance has no such branch and no contention.
 *
 * <p>Threads: each counter is written by the one thread that runs its function instance and may be
 * read by any thread at any time; {@link #reset} must not run while a job counts.
 */
public final class ProcessedEvents {

    private static final Queue<Counter> COUNTERS = new ConcurrentLinkedQueue<>();

    private ProcessedEvents() {}

    /**
     * A new counter at zero, included in {@link #sum()} until the next {@link #reset()}. Call it once
     * per function instance, from its {@code open}.
     *
     * @return the counter
     */
    public static Counter register() {
        Counter c = new Counter();
        COUNTERS.add(c);
        return c;
    }

    /** @return the sum of every counter registered since the last {@link #reset()} */
    public static long sum() {
        long sum = 0;
        for (Counter c : COUNTERS) {
            sum += c.get();
        }
        return sum;
    }

    /** Forgets every counter, so {@link #sum()} is 0; call it before a job starts. */
    public static void reset() {
        COUNTERS.clear();
    }

    /** One function instance's count: written by one thread, readable by any. */
    public static final class Counter {
        private static final VarHandle VALUE;

        static {
            try {
                VALUE = MethodHandles.lookup().findVarHandle(Counter.class, "value", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused") // through VALUE
        private long value;

        private Counter() {}

        /** Adds one; only the thread that owns this counter may call it. */
        public void increment() {
            VALUE.setOpaque(this, value + 1);
        }

        /** @return the count, as recently written as the memory system shows it (exact after the owner has been joined) */
        public long get() {
            return (long) VALUE.getOpaque(this);
        }
    }
}
