package io.cairn.fs;

/**
 * Service-provider interface that makes a {@link FileSystem} available for one URI scheme. List
 * implementations in {@code META-INF/services/io.cairn.fs.FileSystemFactory}.
 */
public interface FileSystemFactory {

    /** @return the URI scheme served, e.g. {@code file} */
    String getScheme();

    /** @return the file system; called at most once per scheme and JVM */
    FileSystem create();
}
