package io.cairn.fs;

import java.io.IOException;
import java.io.OutputStream;

/** An output stream that knows its position and can force its bytes to durable storage. */
public abstract class FSDataOutputStream extends OutputStream {

    /** Creates a stream. */
    protected FSDataOutputStream() {}

    /**
     * @return the number of bytes written so far
     * @throws IOException if it cannot be determined
     */
    public abstract long getPos() throws IOException;

    /**
     * Flushes and forces written bytes to durable storage (fsync on local disks).
     *
     * @throws IOException if the bytes cannot be made durable
     */
    public abstract void sync() throws IOException;
}
