package io.cairn.runtime.jobgraph;

/** How records of an edge are routed from upstream subtasks to downstream subtasks. */
public enum Partitioning {
    /** Subtask i sends to subtask i; both sides have the same parallelism. */
    FORWARD,
    /** By key group of the record's key, so each key always reaches the subtask that owns its state. */
    HASH,
    /** Round robin over all downstream subtasks. */
    REBALANCE,
    /** Every record to every downstream subtask. */
    BROADCAST
}
