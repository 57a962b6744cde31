package io.cairn.state.heap;

import java.util.Map;
import java.util.TreeMap;

/**
 * The copy-on-write clock shared by all maps of one heap backend.
 *
 * <p>Every map segment carries a stamp: the version current when it was created or last copied.
 * Taking a snapshot retains the current version and advances the clock, so every segment that
 * exists at that moment has a stamp {@code <=} the retained version and is shared with the snapshot.
 * Writing to a segment whose stamp is {@code <=} {@link #highestRetained()} copies it first.
 *
 * <p>Threads: {@link #current()} and {@link #retainSnapshot()} are called by the task thread only;
 * {@link #release} may be called from any thread (a snapshot finishing on an I/O thread).
 * {@link #highestRetained()} is a volatile read: a stale value only causes a needless copy.
 */
final class StateVersions {

    /** Stamps start here; 0 means "no snapshot retained". */
    private int current = 1;

    /**
     * The highest retained version (high 32 bits) and the highest below it, or the same version if
     * two snapshots hold it (low 32 bits); 0 for none. One volatile field, so a reader sees a pair
     * that held at one instant.
     */
    private volatile long retainedPair;

    /** Retained version to the number of snapshots holding it; guarded by {@code this}. */
    private final TreeMap<Integer, Integer> retained = new TreeMap<>();

    /** Bytes of slot arrays kept alive only by the snapshot of a version; guarded by {@code this}. */
    private final TreeMap<Integer, Long> copiedBytes = new TreeMap<>();

    /**
     * Records that a write copied a shared structure, whose old copy now lives only as long as the
     * snapshots of {@code version} and older.
     *
     * @param version the highest retained version at the time of the copy
     * @param bytes the old copy's size
     */
    synchronized void recordCopy(int version, long bytes) {
        copiedBytes.merge(version, bytes, Long::sum);
    }

    /** @return bytes of old copies that live snapshots still hold */
    synchronized long retainedCopyBytes() {
        long sum = 0;
        for (long b : copiedBytes.values()) {
            sum += b;
        }
        return sum;
    }

    /** @return the stamp for segments created or copied now */
    int current() {
        return current;
    }

    /** @return the highest version a live snapshot holds, or 0 */
    int highestRetained() {
        return (int) (retainedPair >>> 32);
    }

    /**
     * @return {@link #highestRetained()} in the high 32 bits and the highest retained version held
     *     by another snapshot in the low 32 bits (see {@link KeyGroupStateMap#sharedWithLiveView})
     */
    long retainedPair() {
        return retainedPair;
    }

    private void updatePair() {
        if (retained.isEmpty()) {
            retainedPair = 0;
            return;
        }
        Map.Entry<Integer, Integer> last = retained.lastEntry();
        int highest = last.getKey();
        Integer below = last.getValue() > 1 ? Integer.valueOf(highest) : retained.lowerKey(highest);
        retainedPair = ((long) highest << 32) | (below == null ? 0 : below);
    }

    /**
     * Retains the current version for a new snapshot and advances the clock.
     *
     * @return the retained version; pass it to {@link #release} when the snapshot is done
     */
    int retainSnapshot() {
        int version = current++;
        synchronized (this) {
            retained.merge(version, 1, Integer::sum);
            updatePair();
        }
        return version;
    }

    /**
     * Releases a snapshot's version; segments it shared become writable in place again.
     *
     * @param version a version returned by {@link #retainSnapshot()}
     */
    synchronized void release(int version) {
        Integer n = retained.get(version);
        if (n == null) {
            return;
        }
        if (n == 1) {
            retained.remove(version);
            // copies made while this version was the newest retained become garbage once no snapshot
            // at or below it remains
            Integer lowest = retained.isEmpty() ? null : retained.firstKey();
            copiedBytes.headMap(lowest == null ? Integer.MAX_VALUE : lowest, false).clear();
        } else {
            retained.put(version, n - 1);
        }
        updatePair();
    }

    /** @return the number of live snapshots */
    synchronized int retainedCount() {
        int n = 0;
        for (int c : retained.values()) {
            n += c;
        }
        return n;
    }
}
