package io.cairn.state;

/**
 * A restored state cannot be used with the serializer or kind the program now registers: the
 * message names the state and both serializers (or kinds).
 */
public class StateMigrationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message names the state and what does not match
     */
    public StateMigrationException(String message) {
        super(message);
    }
}
