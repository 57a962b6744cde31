package io.cairn.state.handle;

import io.cairn.fs.FSDataInputStream;
import java.io.IOException;
import java.util.Optional;

/** A handle to a sequence of bytes that can be read as a seekable stream. */
public interface StreamStateHandle extends StateHandle {

    /**
     * Opens the bytes for reading. The caller closes the stream.
     *
     * @return a seekable stream positioned at the start
     * @throws IOException if the data cannot be opened, e.g. its file is gone
     */
    FSDataInputStream openInputStream() throws IOException;

    /** @return the bytes, if they are held in memory rather than in a file */
    Optional<byte[]> asBytesIfInMemory();
}
