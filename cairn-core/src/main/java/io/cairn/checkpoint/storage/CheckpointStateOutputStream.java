package io.cairn.checkpoint.storage;

import io.cairn.fs.FSDataOutputStream;
import io.cairn.state.handle.StreamStateHandle;
import java.io.IOException;

/**
 * A stream that a task writes one piece of snapshot state to. {@link #closeAndGetHandle()} makes the
 * bytes durable and returns the handle; {@link #close()} without it discards the bytes.
 */
public abstract class CheckpointStateOutputStream extends FSDataOutputStream {

    /** Creates a stream. */
    protected CheckpointStateOutputStream() {}

    /**
     * Makes the written bytes durable, closes the stream and returns a handle to them.
     *
     * @return a handle to the bytes, or null if nothing was written
     * @throws IOException if the bytes cannot be made durable
     */
    public abstract StreamStateHandle closeAndGetHandle() throws IOException;

    /** Closes the stream and deletes anything written, unless {@link #closeAndGetHandle()} was called. */
    @Override
    public abstract void close() throws IOException;
}
