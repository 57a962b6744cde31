package io.cairn.state.handle;

import java.io.IOException;
import java.io.Serializable;

/**
 * Anything that holds or points to snapshot data and can be discarded: a single handle, or a
 * composite such as all the handles of one task.
 */
public interface StateObject extends Serializable {

    /**
     * Deletes the data this object points to. Idempotent: discarding twice, or discarding data that
     * is already gone, is not an error.
     *
     * @throws IOException if the data exists but cannot be deleted
     */
    void discardState() throws IOException;

    /** @return the size of the data in bytes, or 0 if unknown */
    long getStateSize();
}
