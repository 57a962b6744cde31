package io.cairn.checkpoint.storage;

import java.io.IOException;

/** Creates the streams that a task writes one checkpoint's state to. Thread-safe. */
public interface CheckpointStreamFactory {

    /**
     * Opens a new stream for a piece of state.
     *
     * @param scope whether the piece belongs to this checkpoint only or may be shared
     * @return a fresh stream
     * @throws IOException if the stream cannot be created
     */
    CheckpointStateOutputStream createCheckpointStateOutputStream(CheckpointedStateScope scope) throws IOException;
}
