package io.cairn.checkpoint.storage;

/** Who owns a piece of checkpointed state, which decides where it is written and when it is deleted. */
public enum CheckpointedStateScope {
    /** Belongs to one checkpoint only; written under {@code chk-<id>/} and deleted with it. */
    EXCLUSIVE,
    /** May be referenced by several checkpoints; written under {@code shared/} and reference-counted. */
    SHARED
}
