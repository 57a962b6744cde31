package io.cairn.state.handle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The {@link SharedStateRegistry}: a map from key to (handle, last-using checkpoint id). Pieces are
 * discarded on the injected executor (the coordinator's cleaner); a failed discard is logged, the
 * entry is gone either way. Thread-safe: every method may be called from any thread.
 */
public final class SharedStateRegistryImpl implements SharedStateRegistry {

    private static final System.Logger LOG = System.getLogger(SharedStateRegistryImpl.class.getName());

    private final Object lock = new Object();
    private final Executor asyncDisposalExecutor;
    private final Map<SharedStateRegistryKey, Entry> entries = new HashMap<>();
    private long highestCompletedCheckpointId = -1;
    private boolean open = true;

    /** @param asyncDisposalExecutor runs the discarding of unused and duplicate pieces */
    public SharedStateRegistryImpl(Executor asyncDisposalExecutor) {
        this.asyncDisposalExecutor = Objects.requireNonNull(asyncDisposalExecutor, "asyncDisposalExecutor");
    }

    @Override
    public StreamStateHandle registerReference(SharedStateRegistryKey key, StreamStateHandle handle, long checkpointId) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(handle, "handle");
        if (checkpointId < 0) {
            throw new IllegalArgumentException("checkpointId must not be negative: checkpointId=" + checkpointId);
        }
        StreamStateHandle duplicate = null;
        StreamStateHandle result;
        synchronized (lock) {
            if (!open) {
                throw new IllegalStateException("cannot register shared state '" + key + "' of checkpoint "
                        + checkpointId + ": the registry is closed");
            }
            Entry entry = entries.get(key);
            if (entry == null) {
                if (handle instanceof PlaceholderStreamStateHandle) {
                    throw new IllegalStateException("checkpoint " + checkpointId + " refers to shared state '" + key
                            + "' by placeholder, but nothing is registered under that key (never registered,"
                            + " or already discarded as unused)");
                }
                entries.put(key, new Entry(handle, checkpointId));
                return handle;
            }
            entry.lastUsedCheckpointId = Math.max(entry.lastUsedCheckpointId, checkpointId);
            result = entry.handle;
            if (!(handle instanceof PlaceholderStreamStateHandle) && !sameData(handle, result)) {
                duplicate = handle;
            }
        }
        if (duplicate != null) {
            // a second upload of a piece already registered (e.g. a retried upload): keep the first
            scheduleDiscard(duplicate);
        }
        return result;
    }

    /** True if discarding {@code candidate} would delete the bytes of {@code registered}. */
    private static boolean sameData(StreamStateHandle candidate, StreamStateHandle registered) {
        if (candidate == registered || candidate.equals(registered)) {
            return true;
        }
        return candidate instanceof FileStateHandle c && registered instanceof FileStateHandle r
                && c.getFilePath().equals(r.getFilePath());
    }

    @Override
    public void checkpointCompleted(long checkpointId) {
        synchronized (lock) {
            highestCompletedCheckpointId = Math.max(highestCompletedCheckpointId, checkpointId);
        }
    }

    @Override
    public void unregisterUnusedState(long lowestRetainedCheckpointId) {
        List<StreamStateHandle> unused = new ArrayList<>();
        synchronized (lock) {
            if (!open) {
                return;
            }
            for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (e.lastUsedCheckpointId < lowestRetainedCheckpointId) {
                    unused.add(e.handle);
                    it.remove();
                }
            }
        }
        for (StreamStateHandle h : unused) {
            scheduleDiscard(h);
        }
    }

    private void scheduleDiscard(StreamStateHandle handle) {
        Runnable discard = () -> {
            try {
                handle.discardState();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "could not discard shared state " + handle, e);
            }
        };
        try {
            asyncDisposalExecutor.execute(discard);
        } catch (RejectedExecutionException e) {
            discard.run();
        }
    }

    /** @return the number of registered pieces */
    public int size() {
        synchronized (lock) {
            return entries.size();
        }
    }

    /**
     * @param key a key
     * @return the handle registered under it, or null
     */
    public StreamStateHandle getRegistered(SharedStateRegistryKey key) {
        synchronized (lock) {
            Entry e = entries.get(key);
            return e == null ? null : e.handle;
        }
    }

    /** @return the highest id passed to {@link #checkpointCompleted(long)}, or -1 */
    public long getHighestCompletedCheckpointId() {
        synchronized (lock) {
            return highestCompletedCheckpointId;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            open = false;
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "SharedStateRegistryImpl{" + entries.size() + " entries, highest completed checkpoint "
                    + highestCompletedCheckpointId + (open ? "" : ", closed") + "}";
        }
    }

    /** A registered piece and the highest checkpoint id that uses it. Guarded by {@code lock}. */
    private static final class Entry {
        final StreamStateHandle handle;
        long lastUsedCheckpointId;

        Entry(StreamStateHandle handle, long checkpointId) {
            this.handle = handle;
            this.lastUsedCheckpointId = checkpointId;
        }
    }
}
