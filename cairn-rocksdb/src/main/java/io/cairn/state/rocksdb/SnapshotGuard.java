package io.cairn.state.rocksdb;

/**
 * Keeps the database open while asynchronous snapshot parts read it. A reader enters before its
 * first read and exits when done; {@link #closeAndAwaitReaders()} refuses new readers and waits for
 * the current ones, which check {@link #isClosed()} between key groups and stop early.
 */
final class SnapshotGuard {

    private int readers;
    private boolean closed;

    /** @return true if the caller may read the database (and must call {@link #exit()}); false once closed */
    synchronized boolean tryEnter() {
        if (closed) {
            return false;
        }
        readers++;
        return true;
    }

    /** Ends a read that {@link #tryEnter()} allowed. */
    synchronized void exit() {
        readers--;
        notifyAll();
    }

    /** @return true once the backend is closing */
    synchronized boolean isClosed() {
        return closed;
    }

    /** Refuses new readers and waits until the current ones have exited. */
    synchronized void closeAndAwaitReaders() {
        closed = true;
        boolean interrupted = false;
        while (readers > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
