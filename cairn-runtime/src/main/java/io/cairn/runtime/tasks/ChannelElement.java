package io.cairn.runtime.tasks;

import io.cairn.runtime.io.CheckpointBarrier;

/** What travels through a {@link Channel}: a buffer of serialized records, or an event. */
sealed interface ChannelElement {

    /** Serialized records, back to back. */
    record Buffer(byte[] data, int length) implements ChannelElement {}

    /** A checkpoint barrier. */
    record Barrier(CheckpointBarrier barrier) implements ChannelElement {}

    /** Cancels a checkpoint downstream. */
    record CancelMarker(long checkpointId) implements ChannelElement {}

    /** The producer is done: nothing follows. */
    record EndOfPartition() implements ChannelElement {}
}
