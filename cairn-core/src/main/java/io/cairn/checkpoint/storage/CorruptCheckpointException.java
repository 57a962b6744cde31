package io.cairn.checkpoint.storage;

import java.io.IOException;

/**
 * Snapshot data failed a check while being read: wrong magic, unknown version, bad checksum,
 * truncation or an impossible value. The message names the file (or handle) and the offset.
 */
public class CorruptCheckpointException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message names the file, the offset and what was wrong
     */
    public CorruptCheckpointException(String message) {
        super(message);
    }

    /**
     * @param message names the file, the offset and what was wrong
     * @param cause the underlying failure
     */
    public CorruptCheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
