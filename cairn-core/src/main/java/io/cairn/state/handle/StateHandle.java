package io.cairn.state.handle;

/**
 * A durable pointer to one piece of snapshot data (bytes in memory, a file, a range of key groups
 * in a file). Handles are immutable and cheap to copy; they are written into checkpoint metadata.
 */
public interface StateHandle extends StateObject {}
