package io.cairn.fs;

/**
 * What a {@link FileSystem} knows about one file or directory.
 *
 * @param path the location
 * @param length the size in bytes (0 for directories)
 * @param isDirectory whether it is a directory
 * @param modificationTime the last modification, in epoch milliseconds
 */
public record FileStatus(Path path, long length, boolean isDirectory, long modificationTime) {}
