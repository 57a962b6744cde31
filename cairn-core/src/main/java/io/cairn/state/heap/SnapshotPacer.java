package io.cairn.state.heap;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces the asynchronous part of a heap snapshot so that it is busy at most a given fraction of
 * its wall-clock time ({@code state.backend.hashmap.snapshot.busy-fraction}).
 *
 * <h2>Why</h2>
 * A full snapshot reads every copy-on-write segment of the state while the task keeps writing.
 * The cost the task pays per second grows with the snapshot's speed, not with its size alone:
 * the writer streams the whole table through the memory system and caches the task thread shares
 * (on a 2-core machine, also its CPU), and every segment the task writes before the writer has
 * passed its key group is copied once per snapshot, so copies per second are the table size over
 * the snapshot's duration. A snapshot that takes twice as long costs the task about half as much
 * per second; it still never stalls the task.
 *
 * <p>The writer calls {@link #pace()} after each unit of work (a key group); when the work so far
 * took more than {@code busyFraction} of the time since {@link #start()}, it parks until the share
 * is back at the target. Time the writer spends descheduled counts as busy, so pacing errs on the
 * slow side. A fraction of 1 never parks.
 *
 * <p>Not thread-safe: used by the one thread that runs a snapshot's asynchronous part. An
 * interrupt (cancellation) ends a park early; the writer checks for it after pacing.
 */
final class SnapshotPacer {

    /** Parks shorter than this are saved up: a park costs tens of microseconds itself. */
    private static final long MIN_PARK_NANOS = 200_000;

    private final double busyFraction;
    private long startNanos;
    private long idleNanos;

    /**
     * @param busyFraction the most of its wall-clock time the writer may be busy, in (0, 1]
     * @throws IllegalArgumentException if the fraction is outside (0, 1]
     */
    SnapshotPacer(double busyFraction) {
        if (!(busyFraction > 0 && busyFraction <= 1)) {
            throw new IllegalArgumentException("snapshot busy fraction must be in (0, 1]: busyFraction=" + busyFraction);
        }
        this.busyFraction = busyFraction;
    }

    /** Starts the clock; call when the writer starts. */
    void start() {
        startNanos = System.nanoTime();
        idleNanos = 0;
    }

    /**
     * Parks if the writer has been busy more than its share since {@link #start()}: on return, the
     * time since {@link #start()} is at least the busy time divided by the fraction (less 0.2 ms),
     * unless the thread is interrupted.
     */
    void pace() {
        if (busyFraction >= 1) {
            return;
        }
        long entered = System.nanoTime();
        long busy = entered - startNanos - idleNanos;
        long deadline = startNanos + (long) (busy / busyFraction);
        long now = entered;
        // parkNanos may return early (spuriously): park again until the deadline
        while (deadline - now >= MIN_PARK_NANOS && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(this, deadline - now);
            now = System.nanoTime();
        }
        idleNanos += now - entered;
    }

    /** @return the time spent parked since {@link #start()}, in nanoseconds */
    long idleNanos() {
        return idleNanos;
    }
}
