package io.cairn.common;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic {@link ScheduledExecutor} for tests: nothing runs until the test says so.
 * {@link #triggerAll()} runs queued immediate tasks; {@link #advanceTime} moves its {@link ManualClock}
 * and runs every scheduled task that became due, in due-time order. Thread-safe; tasks run on the
 * calling thread.
 */
public final class ManuallyTriggeredScheduledExecutor implements ScheduledExecutor {

    private final ManualClock clock;
    private final Queue<Runnable> immediate = new ArrayDeque<>();
    private final PriorityQueue<Task> scheduled = new PriorityQueue<>(Comparator.comparingLong((Task t) -> t.dueNanos)
            .thenComparingLong(t -> t.sequence));
    private long sequence;

    /**
     * @param clock the clock whose time decides what is due
     */
    public ManuallyTriggeredScheduledExecutor(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void execute(Runnable command) {
        immediate.add(command);
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        Task t = new Task(task, clock.relativeTimeNanos() + unit.toNanos(delay), 0, sequence++);
        scheduled.add(t);
        return t;
    }

    @Override
    public synchronized ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initialDelay, long period, TimeUnit unit) {
        if (period <= 0) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        Task t = new Task(task, clock.relativeTimeNanos() + unit.toNanos(initialDelay), unit.toNanos(period), sequence++);
        scheduled.add(t);
        return t;
    }

    /** Runs queued immediate tasks, including ones they queue, until none is left. */
    public void triggerAll() {
        while (true) {
            Runnable r;
            synchronized (this) {
                r = immediate.poll();
            }
            if (r == null) {
                return;
            }
            r.run();
        }
    }

    /**
     * Moves the clock forward and runs, in order, every scheduled task that becomes due (repeating
     * tasks as often as they fall due), and the immediate tasks they queue.
     *
     * @param duration how far
     * @param unit the unit
     */
    public void advanceTime(long duration, TimeUnit unit) {
        long target = clock.relativeTimeNanos() + unit.toNanos(duration);
        triggerAll();
        while (true) {
            Task next;
            synchronized (this) {
                next = scheduled.peek();
                if (next == null || next.dueNanos > target) {
                    break;
                }
                scheduled.poll();
            }
            long now = clock.relativeTimeNanos();
            if (next.dueNanos > now) {
                clock.advanceTime(next.dueNanos - now, TimeUnit.NANOSECONDS);
            }
            if (!next.isCancelled()) {
                next.runnable.run();
                if (next.period > 0 && !next.isCancelled()) {
                    synchronized (this) {
                        next.dueNanos += next.period;
                        scheduled.add(next);
                    }
                }
            }
            triggerAll();
        }
        long now = clock.relativeTimeNanos();
        if (target > now) {
            clock.advanceTime(target - now, TimeUnit.NANOSECONDS);
        }
    }

    /** @return the scheduled tasks that are not cancelled, in due order */
    public synchronized List<ScheduledFuture<?>> getActiveScheduledTasks() {
        List<Task> tasks = new ArrayList<>(scheduled);
        tasks.sort(scheduled.comparator());
        List<ScheduledFuture<?>> result = new ArrayList<>();
        for (Task t : tasks) {
            if (!t.isCancelled()) {
                result.add(t);
            }
        }
        return result;
    }

    /** @return the number of queued immediate tasks */
    public synchronized int numQueuedRunnables() {
        return immediate.size();
    }

    private final class Task implements ScheduledFuture<Object> {
        final Runnable runnable;
        long dueNanos;
        final long period;
        final long sequence;
        private volatile boolean cancelled;

        Task(Runnable runnable, long dueNanos, long period, long sequence) {
            this.runnable = runnable;
            this.dueNanos = dueNanos;
            this.period = period;
            this.sequence = sequence;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - clock.relativeTimeNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = true;
            synchronized (ManuallyTriggeredScheduledExecutor.this) {
                scheduled.remove(this);
            }
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return cancelled;
        }

        @Override
        public Object get() throws InterruptedException, ExecutionException {
            throw new UnsupportedOperationException("get() would block forever on a manually triggered task");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("get() would block forever on a manually triggered task");
        }
    }
}
