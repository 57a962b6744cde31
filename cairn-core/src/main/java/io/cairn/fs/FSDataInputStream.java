package io.cairn.fs;

import java.io.IOException;
import java.io.InputStream;

/** An input stream that can seek; what every {@link FileSystem} and stream handle opens. */
public abstract class FSDataInputStream extends InputStream {

    /** Creates a stream. */
    protected FSDataInputStream() {}

    /**
     * Moves the read position.
     *
     * @param position the byte offset from the start, not negative and not past the end
     * @throws IOException if seeking fails or the position is invalid
     */
    public abstract void seek(long position) throws IOException;

    /**
     * @return the current read position
     * @throws IOException if it cannot be determined
     */
    public abstract long getPos() throws IOException;
}
