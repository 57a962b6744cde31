package io.cairn.fs;

/** Serves the {@code file} scheme with {@link LocalFileSystem}. */
public final class LocalFileSystemFactory implements FileSystemFactory {

    /** Creates the factory (called by {@link java.util.ServiceLoader}). */
    public LocalFileSystemFactory() {}

    @Override
    public String getScheme() {
        return "file";
    }

    @Override
    public FileSystem create() {
        return LocalFileSystem.INSTANCE;
    }
}
