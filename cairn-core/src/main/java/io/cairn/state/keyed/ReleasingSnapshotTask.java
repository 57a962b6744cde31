package io.cairn.state.keyed;

import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StateObject;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The asynchronous part of a snapshot as a future that releases what the synchronous part retained
 * (a copy-on-write version, a RocksDB snapshot) exactly once: when the write ends, successfully or
 * not, or at cancellation if the write never started. A result produced after cancellation is
 * discarded, with the shared pieces it uploaded itself. Thread-safe.
 *
 * @param <T> the kind of state object produced
 */
public final class ReleasingSnapshotTask<T extends StateObject> extends FutureTask<SnapshotResult<T>> {

    private final AtomicBoolean started;
    private final Runnable releaseOnce;

    /**
     * @param body writes the snapshot
     * @param release frees what the synchronous part retained; called exactly once
     */
    public ReleasingSnapshotTask(Callable<SnapshotResult<T>> body, Runnable release) {
        this(body, onlyOnce(release), new AtomicBoolean());
    }

    private ReleasingSnapshotTask(Callable<SnapshotResult<T>> body, Runnable releaseOnce, AtomicBoolean started) {
        super(() -> {
            started.set(true);
            try {
                return body.call();
            } finally {
                releaseOnce.run();
            }
        });
        this.started = started;
        this.releaseOnce = releaseOnce;
    }

    private static Runnable onlyOnce(Runnable release) {
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release.run();
            }
        };
    }

    @Override
    protected void done() {
        if (!started.get()) {
            releaseOnce.run();
        }
    }

    @Override
    protected void set(SnapshotResult<T> result) {
        if (isCancelled()) {
            try {
                result.discardNeverRegisteredState();
            } catch (IOException ignored) {
                // the snapshot was cancelled; a leftover file is removed with its checkpoint directory
            }
        }
        super.set(result);
    }
}
