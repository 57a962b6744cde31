package io.cairn.checkpoint.storage;

/** The layout of a savepoint's state. */
public enum SavepointFormatType {
    /** Backend-independent: a heap savepoint restores into RocksDB and back. */
    CANONICAL,
    /** The backend's own format: faster to take and restore, tied to that backend. */
    NATIVE;

    /** The format used when none is given. */
    public static final SavepointFormatType DEFAULT = CANONICAL;
}
