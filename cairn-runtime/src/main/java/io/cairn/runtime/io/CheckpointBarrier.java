package io.cairn.runtime.io;

import io.cairn.checkpoint.storage.CheckpointOptions;
import java.util.Objects;

/**
 * The in-band marker of checkpoint {@code id}: everything before it in a channel belongs to the
 * checkpoint, everything after it does not.
 *
 * @param id the checkpoint id
 * @param timestamp the trigger timestamp
 * @param options the checkpoint's options (exactly-once or at-least-once, location)
 */
public record CheckpointBarrier(long id, long timestamp, CheckpointOptions options) {

    /** Checks the options. */
    public CheckpointBarrier {
        Objects.requireNonNull(options, "options");
    }
}
