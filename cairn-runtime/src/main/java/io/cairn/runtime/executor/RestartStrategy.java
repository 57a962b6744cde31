package io.cairn.runtime.executor;

import java.io.Serializable;
import java.time.Duration;

/** Decides whether and when a failed job restarts. Immutable. */
public abstract class RestartStrategy implements Serializable {

    private static final long serialVersionUID = 1L;

    RestartStrategy() {}

    /** @return a strategy that never restarts */
    public static RestartStrategy none() {
        return new FixedDelay(0, Duration.ZERO);
    }

    /**
     * @param maxAttempts restarts allowed, at least 0
     * @param delay the wait before each restart
     * @return a fixed-delay strategy
     */
    public static RestartStrategy fixedDelay(int maxAttempts, Duration delay) {
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must not be negative: " + maxAttempts);
        }
        return new FixedDelay(maxAttempts, delay);
    }

    /**
     * @param maxAttempts restarts allowed
     * @param initialDelay the first wait
     * @param maxDelay the longest wait
     * @param multiplier growth of the wait per restart, at least 1
     * @return an exponential-backoff strategy
     */
    public static RestartStrategy exponentialBackoff(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier) {
        if (maxAttempts < 0 || multiplier < 1) {
            throw new IllegalArgumentException("need maxAttempts >= 0 and multiplier >= 1: maxAttempts=" + maxAttempts
                    + ", multiplier=" + multiplier);
        }
        return new Exponential(maxAttempts, initialDelay, maxDelay, multiplier);
    }

    /**
     * @param restartsSoFar how many restarts already happened
     * @return true if another restart is allowed
     */
    public abstract boolean canRestart(int restartsSoFar);

    /**
     * @param restartsSoFar how many restarts already happened
     * @return how long to wait before the next one
     */
    public abstract Duration delay(int restartsSoFar);

    private static final class FixedDelay extends RestartStrategy {
        private static final long serialVersionUID = 1L;
        private final int maxAttempts;
        private final Duration delay;

        FixedDelay(int maxAttempts, Duration delay) {
            this.maxAttempts = maxAttempts;
            this.delay = delay;
        }

        @Override
        public boolean canRestart(int restartsSoFar) {
            return restartsSoFar < maxAttempts;
        }

        @Override
        public Duration delay(int restartsSoFar) {
            return delay;
        }

        @Override
        public String toString() {
            return maxAttempts == 0 ? "no restarts" : "fixed delay (" + maxAttempts + " attempts, " + delay + ")";
        }
    }

    private static final class Exponential extends RestartStrategy {
        private static final long serialVersionUID = 1L;
        private final int maxAttempts;
        private final Duration initial;
        private final Duration max;
        private final double multiplier;

        Exponential(int maxAttempts, Duration initial, Duration max, double multiplier) {
            this.maxAttempts = maxAttempts;
            this.initial = initial;
            this.max = max;
            this.multiplier = multiplier;
        }

        @Override
        public boolean canRestart(int restartsSoFar) {
            return restartsSoFar < maxAttempts;
        }

        @Override
        public Duration delay(int restartsSoFar) {
            double ms = initial.toMillis() * Math.pow(multiplier, restartsSoFar);
            return Duration.ofMillis((long) Math.min(ms, max.toMillis()));
        }

        @Override
        public String toString() {
            return "exponential backoff (" + maxAttempts + " attempts, " + initial + ".." + max + ")";
        }
    }
}
