package io.cairn.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * One system's backend for the {@link Workload#SNAPSHOT_RESTORE} workload: a {@code ValueState<Long>}
 * named {@code value} over keys {@code 0..valueKeys-1} (key {@code k} holds {@code k}) and a
 * {@code MapState<Long, Long>} named {@code map} over keys {@code 0..mapKeys-1} with
 * {@link Workload#ELEMENTS} entries each (user key {@code u} of key {@code k} holds
 * {@code k * ELEMENTS + u}), both in the void namespace of a backend with {@code Long} keys, max
 * parallelism 128, owning key groups 0..127. Every value is a distinct number, so a restore that
 * mixed up keys fails {@link #verify}.
 *
 * <p>Life: {@link #populate} once; then any number of cycles of {@link #snapshot}, {@link #restore},
 * optionally {@link #verify}, {@link #discard}; then {@link #close}. One thread only.
 */
interface SnapshotBenchmark extends AutoCloseable {

    /** What a snapshot cost: the synchronous part, the asynchronous part, and the bytes written. */
    record Snapshot(long syncNanos, long asyncNanos, long bytes) {

        /** @return synchronous plus asynchronous part, in nanoseconds */
        long totalNanos() {
            return syncNanos + asyncNanos;
        }
    }

    /** @return the system and its version as printed, e.g. {@code cairn-0.1.0-SNAPSHOT} */
    String system();

    /** @return the backend, {@code heap} or {@code rocksdb} */
    String backend();

    /**
     * Creates the source backend and both states, and fills them (not timed).
     *
     * @param valueKeys keys of the value state
     * @param mapKeys keys of the map state, each with {@link Workload#ELEMENTS} entries; 0 creates no map state
     * @throws Exception if the backend cannot be created
     */
    void populate(int valueKeys, int mapKeys) throws Exception;

    /**
     * Takes a full snapshot of the source backend, both parts on this thread, into checkpoint
     * {@code checkpointId} of the system's own file-system checkpoint storage with its default
     * settings, rooted at {@code dir}. The storage location is created before timing starts.
     *
     * @param dir a fresh directory for this snapshot's files
     * @param checkpointId the checkpoint id, positive
     * @param savepoint false for a checkpoint, true for a savepoint in the canonical format (the
     *     same for heap backends; Flink's RocksDB backend takes a checkpoint by copying its SST files)
     * @return the times and the snapshot's size
     * @throws Exception if the snapshot fails
     */
    Snapshot snapshot(Path dir, long checkpointId, boolean savepoint) throws Exception;

    /**
     * Restores the last snapshot into a fresh backend and registers both states with it; keeps that
     * backend open for {@link #verify}.
     *
     * @return the nanoseconds from creating the backend to both states being registered
     * @throws Exception if restoring fails
     */
    long restore() throws Exception;

    /**
     * @param key a key of the value state
     * @return what the restored backend holds for it
     * @throws Exception if reading fails
     */
    Long restoredValue(long key) throws Exception;

    /**
     * @param key a key of the map state
     * @param userKey a user key
     * @return what the restored backend's map of {@code key} holds for {@code userKey}
     * @throws Exception if reading fails
     */
    Long restoredMapValue(long key, long userKey) throws Exception;

    /**
     * @param key a key of the map state
     * @return the number of entries of the restored backend's map of {@code key}
     * @throws Exception if reading fails
     */
    int restoredMapSize(long key) throws Exception;

    /**
     * Disposes the restored backend but keeps the last snapshot, so that {@link #restore} can read
     * it again (the runner's cold restore).
     *
     * @throws IOException if disposing fails
     */
    void discardRestored() throws IOException;

    /** Disposes the restored backend and deletes the last snapshot's files. */
    void discard() throws IOException;

    /** Disposes every backend and deletes their files. */
    @Override
    void close() throws IOException;

    /**
     * Checks {@code sample} random keys of each state of the restored backend (seed
     * {@code Workload.SEED + 1}) against the populated values, and that a key beyond the value state's
     * keys is absent.
     *
     * @param valueKeys the value state's keys, as populated
     * @param mapKeys the map state's keys, as populated
     * @param sample how many keys of each state to check
     * @return the number of values checked
     * @throws IllegalStateException naming the key, the expected and the found value on a mismatch
     * @throws Exception if reading fails
     */
    default int verify(int valueKeys, int mapKeys, int sample) throws Exception {
        Random random = new Random(Workload.SEED + 1);
        int checked = 0;
        for (int i = 0; i < sample; i++) {
            long key = random.nextInt(valueKeys);
            expect("value of key " + key, key, restoredValue(key));
            checked++;
        }
        expect("value of the never-written key " + valueKeys, null, restoredValue(valueKeys));
        checked++;
        for (int i = 0; i < sample && mapKeys > 0; i++) {
            long key = random.nextInt(mapKeys);
            long userKey = random.nextInt(Workload.ELEMENTS);
            expect("map entry " + userKey + " of key " + key, key * Workload.ELEMENTS + userKey,
                    restoredMapValue(key, userKey));
            checked++;
            if (i < 10) {
                expect("entries of the map of key " + key, (long) Workload.ELEMENTS, (long) restoredMapSize(key));
            }
        }
        return checked;
    }

    private String label() {
        return system() + " " + backend();
    }

    private void expect(String what, Long expected, Long actual) {
        if (!java.util.Objects.equals(expected, actual)) {
            throw new IllegalStateException(label() + ": restored " + what + " is " + actual + ", expected " + expected);
        }
    }
}
