package io.cairn.state.keyed;

import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StateObject;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The asynchronous part of a snapshot as a future that releases what the synchronous part retained
 * (a copy-on-write version, a RocksDB snapshot) exactly once: when the write ends, successfully or
 * not, or at cancellation if the write never started. A result produced after cancellation is
 * discarded, with the shared pieces it uploaded itself. Thread-safe.
 *
 * <p><b>Who releases.</b> One flag, {@code claimed}, decides which thread owns the release, and it is
 * set once by compare-and-set:
 *
 * <ul>
 *   <li>the thread that runs the task claims it before the write reads anything; it then owns the
 *       release and performs it when the write ends, however it ends (also when the task was
 *       cancelled while the write ran: the views stay valid until the write stops reading them);
 *   <li>if cancellation comes first ({@link #done()} claims it), the cancelling thread releases, and
 *       the write never starts: a runner that loses the claim returns without calling the body.
 * </ul>
 *
 * So the retained views are never read after their release, and released exactly once, whatever
 * the timing of {@code run} and {@code cancel}.
 *
 * @param <T> the kind of state object produced
 */
public final class ReleasingSnapshotTask<T extends StateObject> extends FutureTask<SnapshotResult<T>> {

    private final AtomicBoolean claimed;
    private final Runnable release;

    /**
     * @param body writes the snapshot
     * @param release frees what the synchronous part retained; called exactly once
     */
    public ReleasingSnapshotTask(Callable<SnapshotResult<T>> body, Runnable release) {
        this(body, release, () -> {});
    }

    /**
     * For tests: {@code beforeClaim} runs on the runner thread after {@code run()} has started and
     * before the runner claims the release, the window in which a cancellation must win.
     */
    ReleasingSnapshotTask(Callable<SnapshotResult<T>> body, Runnable release, Runnable beforeClaim) {
        this(body, release, beforeClaim, new AtomicBoolean());
    }

    private ReleasingSnapshotTask(
            Callable<SnapshotResult<T>> body, Runnable release, Runnable beforeClaim, AtomicBoolean claimed) {
        super(() -> {
            beforeClaim.run();
            if (!claimed.compareAndSet(false, true)) {
                // cancelled before the write started: done() has released; read nothing
                throw new CancellationException("snapshot cancelled before its write started");
            }
            try {
                return body.call();
            } finally {
                release.run();
            }
        });
        this.claimed = claimed;
        this.release = release;
    }

    /** Releases if the write never claimed the release (cancelled before it started); else a no-op. */
    @Override
    protected void done() {
        if (claimed.compareAndSet(false, true)) {
            release.run();
        }
    }

    @Override
    protected void set(SnapshotResult<T> result) {
        if (isCancelled() && result != null) {
            try {
                result.discardNeverRegisteredState();
            } catch (IOException ignored) {
                // the snapshot was cancelled; a leftover file is removed with its checkpoint directory
            }
        }
        super.set(result);
    }
}
