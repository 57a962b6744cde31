package io.cairn.benchmarks;

/**
 * One system's state backend set up for one {@link Workload}. Implementations run the operation
 * loop themselves, so each system's loop is compiled and profiled on its own even when both
 * systems share a JVM.
 *
 * <p>Life: {@link #setUp} (creates the keyed backend and the state and populates it; not timed),
 * then {@link #run} any number of times, then {@link #close}. One thread only.
 */
public interface StateBenchmark extends AutoCloseable {

    /** @return the system and its version as printed, e.g. {@code cairn-0.1.0-SNAPSHOT} */
    String system();

    /** @return the backend, {@code heap} or {@code rocksdb} */
    String backend();

    /**
     * Creates a keyed backend with {@code Long} keys, max parallelism 128 owning key groups 0..127,
     * and the workload's state in the void namespace, and populates it: value workloads set every
     * key to 1; {@code list-get} adds {@link Workload#ELEMENTS} elements and the map workloads put
     * {@link Workload#ELEMENTS} entries per key; {@code list-add} starts empty.
     *
     * @param workload the workload
     * @param keys the number of keys, {@code 0..keys-1}
     * @throws Exception if the backend cannot be created
     */
    void setUp(Workload workload, int keys) throws Exception;

    /**
     * Runs operations {@code from} (inclusive) to {@code to} (exclusive) of the sequence.
     *
     * @param operations the pre-generated sequence
     * @param from the first operation
     * @param to one past the last operation, at most {@code operations.size()}
     * @return a value depending on what was read, so the work cannot be optimized away
     * @throws Exception whatever the state access throws
     */
    long run(Workload.Operations operations, int from, int to) throws Exception;

    /**
     * Disposes the backend and deletes its files.
     *
     * @throws java.io.IOException if its resources cannot be released or its files deleted
     */
    @Override
    void close() throws java.io.IOException;
}
