package io.cairn.config;

/** A configuration value that cannot be parsed, a malformed configuration file, or an unknown key. */
public final class IllegalConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the offending key and value. */
    public IllegalConfigurationException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public IllegalConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
