package io.cairn.state.heap;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
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
 * <p><b>Recycling.</b> The old copy of a full-size {@code long[]} segment ({@link #RECYCLED_LENGTH}
 * longs, the long layout's) that a write replaced is kept with the version it was copied under
 * ({@link #recycleSegment}). When no snapshot at or below that version remains, it is garbage; it
 * then goes to a free list that the next copy takes from instead of allocating. So with snapshots
 * back to back, copy-on-write stops allocating: the copies live in the old generation, and young
 * collections no longer evacuate a fresh copy of the table per snapshot (on the 1,000,000-key
 * benchmark, young pauses of up to 200 ms). The free list is only weakly reachable: it is memory the
 * collector may reclaim at any time, and it is not counted by {@link #retainedCopyBytes()}.
 *
 * <p>Threads: {@link #current()}, {@link #retainSnapshot()} and {@link #recycleSegment} are called
 * by the task thread only; {@link #release} may be called from any thread (a snapshot finishing on
 * an I/O thread), after the snapshot's last read of its views. {@link #highestRetained()} is a
 * volatile read: a stale value only causes a needless copy. The monitor orders a released
 * snapshot's reads of a segment before the task's writes into it as a recycled copy.
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

    /** The length of the segments that are recycled: a long-layout segment of 512 slots. */
    static final int RECYCLED_LENGTH = (1 << KeyGroupStateMap.MAX_SEGMENT_SHIFT) * 2;

    /** Replaced segments still read by snapshots of the version (and older); guarded by {@code this}. */
    private final TreeMap<Integer, List<long[]>> retiredSegments = new TreeMap<>();

    /** Segments no snapshot reads, the first {@link #freeCount} of the array; guarded by {@code this}. */
    private WeakReference<long[][]> freeSegments = new WeakReference<>(null);
    private int freeCount;
    /** Segments handed out for reuse so far; guarded by {@code this}. */
    private long recycledSegments;

    /**
     * Records that a write copied a shared structure, whose old copy now lives only as long as the
     * snapshots of {@code version} and older.
     *
     * @param version the highest retained version at the time of the copy
     * @param bytes the old copy's size
     */
    synchronized void recordCopy(int version, long bytes) {
        if (version == pendingVersion) {
            pendingBytes += bytes;
        } else {
            recordCopySlow(version, bytes);
        }
    }

    /**
     * The version whose copies {@link #pendingBytes} counts, not yet added to {@link #copiedBytes}
     * (0: none). Copies come in runs under one version (the newest retained), so a copy adds to
     * two fields instead of a boxed {@code TreeMap.merge}, which kept the compiled write path of
     * every state large. Guarded by {@code this}.
     */
    private int pendingVersion;
    private long pendingBytes;

    /** Moves the pending count into {@link #copiedBytes} and starts one for {@code version}. */
    private void recordCopySlow(int version, long bytes) {
        flushPendingCopies();
        pendingVersion = version;
        pendingBytes = bytes;
    }

    /** Adds the pending count to {@link #copiedBytes}; the caller holds {@code this}. */
    private void flushPendingCopies() {
        if (pendingVersion != 0) {
            copiedBytes.merge(pendingVersion, pendingBytes, Long::sum);
            pendingVersion = 0;
            pendingBytes = 0;
        }
    }

    /**
     * Records that a write replaced the shared segment {@code old} by a copy, and returns an array
     * to copy it into: a recycled segment no snapshot reads any more, or null (the caller
     * allocates). Only segments of {@link #RECYCLED_LENGTH} are recycled.
     *
     * @param version the highest retained version at the time of the copy
     * @param old the segment being replaced; snapshots of {@code version} and older still read it
     * @return a free array of {@code old.length} with unspecified content, or null
     */
    synchronized long[] recycleSegment(int version, long[] old) {
        recordCopy(version, (long) old.length * 8 + 16);
        if (old.length != RECYCLED_LENGTH) {
            return null;
        }
        retiredSegments.computeIfAbsent(version, v -> new ArrayList<>()).add(old);
        long[][] free = freeSegments.get();
        if (free == null || freeCount == 0) {
            return null;
        }
        long[] recycled = free[--freeCount];
        free[freeCount] = null;
        recycledSegments++;
        return recycled;
    }

    /** @return the number of segments handed out for reuse so far */
    synchronized long recycledSegmentCount() {
        return recycledSegments;
    }

    /** @return the number of segments on the free list (for tests) */
    synchronized int freeSegmentCount() {
        return freeSegments.get() == null ? 0 : freeCount;
    }

    /** Moves the segments retired under versions below {@code lowest} (null: all) to the free list. */
    private void freeRetired(Integer lowest) {
        Map<Integer, List<long[]>> done = lowest == null ? retiredSegments : retiredSegments.headMap(lowest, false);
        if (done.isEmpty()) {
            return;
        }
        long[][] old = freeSegments.get();
        int kept = old == null ? 0 : freeCount;
        int added = 0;
        for (List<long[]> list : done.values()) {
            added += list.size();
        }
        long[][] free = new long[kept + added][];
        if (kept > 0) {
            System.arraycopy(old, 0, free, 0, kept);
        }
        int n = kept;
        for (List<long[]> list : done.values()) {
            for (long[] segment : list) {
                free[n++] = segment;
            }
        }
        done.clear();
        freeSegments = new WeakReference<>(free);
        freeCount = n;
    }

    /** @return bytes of old copies that live snapshots still hold */
    synchronized long retainedCopyBytes() {
        flushPendingCopies();
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
            flushPendingCopies();
            copiedBytes.headMap(lowest == null ? Integer.MAX_VALUE : lowest, false).clear();
            freeRetired(lowest);
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
