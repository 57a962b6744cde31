package io.cairn.checkpoint;

import io.cairn.checkpoint.storage.CheckpointProperties;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;

/**
 * Decides which queued trigger request runs next. Savepoints go first and ignore the minimum pause;
 * every request waits while {@code maxConcurrent} checkpoints are pending; checkpoints also wait out
 * the minimum pause after the last completion. At most one periodic request is queued; the queue is
 * bounded.
 *
 * <p>Threads: used under the coordinator's lock.
 */
final class CheckpointRequestDecider {

    /** One request to trigger a checkpoint or savepoint. */
    record Request(
            CheckpointProperties properties,
            String targetLocation,
            boolean isPeriodic,
            long timestamp,
            io.cairn.checkpoint.storage.SavepointFormatType formatType,
            CompletableFuture<CompletedCheckpoint> future) {}

    /** What to do now: run {@code request}, or nothing until {@code retryAtMillis} (or -1: until something changes). */
    record Decision(Request request, long retryAtMillis) {}

    static final int MAX_QUEUED_REQUESTS = 1000;

    private final int maxConcurrent;
    private final long minPauseMillis;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();

    CheckpointRequestDecider(int maxConcurrent, long minPauseMillis) {
        this.maxConcurrent = maxConcurrent;
        this.minPauseMillis = minPauseMillis;
    }

    /**
     * Queues a request.
     *
     * @return null if queued, else why it was refused
     */
    CheckpointFailureReason offer(Request request) {
        if (request.isPeriodic()) {
            for (Request r : queue) {
                if (r.isPeriodic()) {
                    return CheckpointFailureReason.TOO_MANY_CHECKPOINT_REQUESTS;
                }
            }
        }
        if (queue.size() >= MAX_QUEUED_REQUESTS) {
            return CheckpointFailureReason.TOO_MANY_CHECKPOINT_REQUESTS;
        }
        if (request.properties().isSavepoint()) {
            // savepoints go before every queued checkpoint, after earlier savepoints
            ArrayDeque<Request> rebuilt = new ArrayDeque<>();
            Iterator<Request> it = queue.iterator();
            while (it.hasNext()) {
                Request r = it.next();
                if (!r.properties().isSavepoint()) {
                    break;
                }
                rebuilt.add(r);
                it.remove();
            }
            rebuilt.add(request);
            rebuilt.addAll(queue);
            queue.clear();
            queue.addAll(rebuilt);
        } else {
            queue.addLast(request);
        }
        return null;
    }

    /**
     * @param pendingCount checkpoints pending now
     * @param nowMillis the current time
     * @param lastCompletionMillis when the last checkpoint completed, or {@code Long.MIN_VALUE}
     * @return the request to run now (removed from the queue), or when to ask again
     */
    Decision next(int pendingCount, long nowMillis, long lastCompletionMillis) {
        Request head = queue.peekFirst();
        if (head == null || pendingCount >= maxConcurrent) {
            return new Decision(null, -1);
        }
        if (!head.properties().isSavepoint() && lastCompletionMillis != Long.MIN_VALUE) {
            long earliest = lastCompletionMillis + minPauseMillis;
            if (nowMillis < earliest) {
                return new Decision(null, earliest);
            }
        }
        return new Decision(queue.pollFirst(), -1);
    }

    /** @return true if a periodic request is queued */
    boolean hasQueuedPeriodic() {
        for (Request r : queue) {
            if (r.isPeriodic()) {
                return true;
            }
        }
        return false;
    }

    /** Removes and returns the queued periodic requests. */
    java.util.List<Request> drainPeriodic() {
        java.util.List<Request> periodic = new java.util.ArrayList<>();
        queue.removeIf(r -> r.isPeriodic() && periodic.add(r));
        return periodic;
    }

    /** Removes and returns every queued request. */
    java.util.List<Request> drain() {
        java.util.List<Request> all = new java.util.ArrayList<>(queue);
        queue.clear();
        return all;
    }

    int queued() {
        return queue.size();
    }
}
