package io.cairn.fs;

import java.io.IOException;

/**
 * An output stream whose file appears whole or not at all. Bytes become visible at the target path
 * only when {@link #commit()} succeeds; {@link #close()} without a commit discards everything.
 * On a local disk this is a temp file, fsync and atomic rename; on an object store a single PUT.
 */
public abstract class AtomicOutputStream extends FSDataOutputStream {

    /** Creates a stream. */
    protected AtomicOutputStream() {}

    /**
     * Makes the written bytes durable and visible at the target path, replacing any file there,
     * and closes the stream.
     *
     * @throws IOException if the file could not be published; nothing is then visible at the target
     */
    public abstract void commit() throws IOException;
}
