package io.cairn.checkpoint.storage;

import io.cairn.fs.FSDataOutputStream;
import java.io.IOException;

/** The stream the coordinator writes a checkpoint's metadata to; publishing it completes the checkpoint. */
public abstract class CheckpointMetadataOutputStream extends FSDataOutputStream {

    /** Creates the stream. */
    protected CheckpointMetadataOutputStream() {}

    /**
     * Makes the metadata durable and visible in one step, and closes the stream.
     *
     * @return the completed location
     * @throws IOException if the metadata could not be published; then nothing is visible
     */
    public abstract CompletedCheckpointStorageLocation closeAndFinalizeCheckpoint() throws IOException;

    /** Closes the stream; if not finalized, the metadata is discarded. */
    @Override
    public abstract void close() throws IOException;
}
