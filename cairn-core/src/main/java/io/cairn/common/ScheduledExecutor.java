package io.cairn.common;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The small slice of a scheduled executor that timers need: injected so tests drive time with a
 * {@link ManuallyTriggeredScheduledExecutor}. Implementations are thread-safe.
 */
public interface ScheduledExecutor extends Executor {

    /**
     * Runs a task once after a delay.
     *
     * @param task the task
     * @param delay the delay, not negative
     * @param unit the unit of {@code delay}
     * @return a handle to cancel it
     */
    ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit);

    /**
     * Runs a task repeatedly: first after {@code initialDelay}, then every {@code period}.
     *
     * @param task the task
     * @param initialDelay the first delay
     * @param period the period, positive
     * @param unit the unit
     * @return a handle to cancel it
     */
    ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initialDelay, long period, TimeUnit unit);

    /**
     * Adapts a JDK scheduled executor service.
     *
     * @param service the service
     * @return the adapter
     */
    static ScheduledExecutor of(java.util.concurrent.ScheduledExecutorService service) {
        return new ScheduledExecutor() {
            @Override
            public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
                return service.schedule(task, delay, unit);
            }

            @Override
            public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initialDelay, long period, TimeUnit unit) {
                return service.scheduleAtFixedRate(task, initialDelay, period, unit);
            }

            @Override
            public void execute(Runnable command) {
                service.execute(command);
            }
        };
    }
}
