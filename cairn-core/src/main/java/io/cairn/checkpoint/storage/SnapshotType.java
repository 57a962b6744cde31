package io.cairn.checkpoint.storage;

/** What kind of snapshot is being taken: a checkpoint or a savepoint. */
public interface SnapshotType {

    /** @return a human-readable name */
    String getName();

    /** @return true for savepoints, which users own and the system never subsumes */
    boolean isSavepoint();
}
