package io.cairn.fs;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The storage Cairn writes checkpoints to, chosen by the scheme of a {@link Path}.
 *
 * <p>Implementations are found with {@link ServiceLoader} through {@link FileSystemFactory}, so
 * object storage plugs in by adding a jar. Code outside this package must not assume that renames
 * are atomic or that listing is cheap; all-or-nothing writes go through {@link #createAtomic}.
 * Implementations are thread-safe.
 */
public abstract class FileSystem {

    private static final Map<String, FileSystem> CACHE = new ConcurrentHashMap<>();

    /** Creates a file system. */
    protected FileSystem() {}

    /**
     * Returns the file system for a path's scheme.
     *
     * @param path the path
     * @return the file system that serves the scheme
     * @throws UnsupportedFileSystemException if no factory serves the scheme; the message names the
     *     scheme and the schemes that are available
     */
    public static FileSystem get(Path path) {
        String scheme = path.getScheme();
        FileSystem cached = CACHE.get(scheme);
        if (cached != null) {
            return cached;
        }
        Map<String, FileSystemFactory> factories = factories();
        FileSystemFactory factory = factories.get(scheme);
        if (factory == null) {
            throw new UnsupportedFileSystemException("no file system for scheme '" + scheme + "' in path '" + path
                    + "'; available schemes: " + factories.keySet());
        }
        return CACHE.computeIfAbsent(scheme, s -> factory.create());
    }

    /** @return the schemes served by the factories on the class path */
    public static List<String> availableSchemes() {
        return List.copyOf(factories().keySet());
    }

    private static Map<String, FileSystemFactory> factories() {
        Map<String, FileSystemFactory> result = new TreeMap<>();
        for (FileSystemFactory f : ServiceLoader.load(FileSystemFactory.class, FileSystem.class.getClassLoader())) {
            result.putIfAbsent(f.getScheme(), f);
        }
        return result;
    }

    /**
     * Creates a file for writing, creating parent directories as needed.
     *
     * @param path the file
     * @param overwrite whether to replace an existing file
     * @return the stream
     * @throws IOException if the file exists and {@code overwrite} is false, or creation fails
     */
    public abstract FSDataOutputStream create(Path path, boolean overwrite) throws IOException;

    /**
     * Creates a file that appears at {@code path} whole or not at all.
     *
     * @param path the target file
     * @return the stream; call {@link AtomicOutputStream#commit()} to publish
     * @throws IOException if the stream cannot be created
     */
    public abstract AtomicOutputStream createAtomic(Path path) throws IOException;

    /**
     * Opens a file for reading.
     *
     * @param path the file
     * @return a seekable stream
     * @throws java.io.FileNotFoundException if the file does not exist
     * @throws IOException if opening fails
     */
    public abstract FSDataInputStream open(Path path) throws IOException;

    /**
     * @param path a file or directory
     * @return its status
     * @throws java.io.FileNotFoundException if it does not exist
     * @throws IOException if it cannot be read
     */
    public abstract FileStatus getFileStatus(Path path) throws IOException;

    /**
     * @param path a file or directory
     * @return true if it exists
     * @throws IOException if existence cannot be determined
     */
    public abstract boolean exists(Path path) throws IOException;

    /**
     * Lists a directory.
     *
     * @param dir the directory
     * @return its entries, in no particular order; an entry renamed or deleted while the directory is being
     *     listed may be left out
     * @throws IOException if {@code dir} is not a readable directory
     */
    public abstract List<FileStatus> listStatus(Path dir) throws IOException;

    /**
     * Deletes a file or directory.
     *
     * @param path what to delete
     * @param recursive whether to delete a non-empty directory with its content
     * @return true if something was deleted, false if nothing existed
     * @throws IOException if deletion fails
     */
    public abstract boolean delete(Path path, boolean recursive) throws IOException;

    /**
     * Creates a directory and its parents.
     *
     * @param dir the directory
     * @throws IOException if it cannot be created
     */
    public abstract void mkdirs(Path dir) throws IOException;
}
