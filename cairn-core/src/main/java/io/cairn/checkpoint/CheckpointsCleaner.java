package io.cairn.checkpoint;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Deletes subsumed and failed checkpoints on an injected executor, off the coordinator's thread,
 * and counts deletions in flight. Failures are reported to a handler, never thrown. Thread-safe.
 */
public final class CheckpointsCleaner {

    private final Executor executor;
    private final Consumer<Throwable> errorHandler;
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param executor runs the deletions
     * @param errorHandler receives deletion failures
     */
    public CheckpointsCleaner(Executor executor, Consumer<Throwable> errorHandler) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
    }

    /**
     * Deletes a completed checkpoint that was subsumed.
     *
     * @param checkpoint the checkpoint
     * @param postCleanup runs after the deletion (e.g. the shared-state registry's cleanup)
     */
    public void cleanSubsumedCheckpoint(CompletedCheckpoint checkpoint, Runnable postCleanup) {
        run(() -> checkpoint.discardOnSubsume().join(), postCleanup);
    }

    /**
     * Deletes a completed checkpoint regardless of its properties (e.g. it could not be stored).
     *
     * @param checkpoint the checkpoint
     */
    public void cleanCheckpoint(CompletedCheckpoint checkpoint) {
        run(() -> checkpoint.discard().join(), () -> {});
    }

    /**
     * Runs an arbitrary deletion.
     *
     * @param deletion the deletion
     */
    public void clean(Runnable deletion) {
        run(deletion, () -> {});
    }

    private void run(Runnable deletion, Runnable after) {
        inFlight.incrementAndGet();
        executor.execute(() -> {
            try {
                deletion.run();
            } catch (Throwable t) {
                errorHandler.accept(t);
            } finally {
                try {
                    after.run();
                } catch (Throwable t) {
                    errorHandler.accept(t);
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        });
    }

    /** @return the number of deletions queued or running */
    public int getNumberOfCheckpointsToClean() {
        return inFlight.get();
    }
}
