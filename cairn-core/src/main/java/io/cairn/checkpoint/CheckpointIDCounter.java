package io.cairn.checkpoint;

/**
 * Hands out checkpoint ids, strictly increasing across restarts of the coordinator. The standalone
 * counter lives in memory; a highly-available one (ZooKeeper) comes later. Thread-safe.
 */
public interface CheckpointIDCounter {

    /** The first id handed out by a fresh counter. */
    long INITIAL_CHECKPOINT_ID = 1;

    /**
     * @return the next id, then advances the counter
     * @throws Exception if the counter's store fails
     */
    long getAndIncrement() throws Exception;

    /** @return the next id, without advancing */
    long get();

    /**
     * Sets the next id, e.g. after restoring checkpoint {@code n} to {@code n + 1}.
     *
     * @param newId the next id to hand out
     * @throws Exception if the counter's store fails
     */
    void setCount(long newId) throws Exception;
}
