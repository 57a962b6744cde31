package io.cairn.fs;

/** Thrown when no {@link FileSystem} serves a path's scheme. */
public final class UnsupportedFileSystemException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message names the scheme and the available schemes
     */
    public UnsupportedFileSystemException(String message) {
        super(message);
    }
}
