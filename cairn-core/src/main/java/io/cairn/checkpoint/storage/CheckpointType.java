package io.cairn.checkpoint.storage;

/** The two kinds of snapshot. */
public enum CheckpointType implements SnapshotType {
    /** A periodic or manual checkpoint, owned by the system and subsumed by later ones. */
    CHECKPOINT("Checkpoint"),
    /** A savepoint, owned by the user and never subsumed. */
    SAVEPOINT("Savepoint");

    private final String name;

    CheckpointType(String name) {
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isSavepoint() {
        return this == SAVEPOINT;
    }
}
