package io.cairn.checkpoint;

import java.util.Objects;

/** A checkpoint failed; {@link #getCheckpointFailureReason()} says why. */
public class CheckpointException extends Exception {

    private static final long serialVersionUID = 1L;

    private final CheckpointFailureReason reason;

    /**
     * @param reason why the checkpoint failed
     */
    public CheckpointException(CheckpointFailureReason reason) {
        super(reason.message());
        this.reason = reason;
    }

    /**
     * @param message details, prefixed to the reason's explanation
     * @param reason why the checkpoint failed
     */
    public CheckpointException(String message, CheckpointFailureReason reason) {
        super(message + ": " + reason.message());
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * @param message details
     * @param reason why the checkpoint failed
     * @param cause the underlying failure
     */
    public CheckpointException(String message, CheckpointFailureReason reason, Throwable cause) {
        super(message + ": " + reason.message(), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return why the checkpoint failed */
    public CheckpointFailureReason getCheckpointFailureReason() {
        return reason;
    }
}
