package io.cairn.state;

/** A state backend failed to read or write a state; the message names the state and the cause. */
public class StateAccessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message names the state and what failed
     * @param cause the underlying failure
     */
    public StateAccessException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param message names the state and what failed
     */
    public StateAccessException(String message) {
        super(message);
    }
}
