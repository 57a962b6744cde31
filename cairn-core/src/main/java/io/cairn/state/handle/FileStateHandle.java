package io.cairn.state.handle;

import io.cairn.fs.FSDataInputStream;
import io.cairn.fs.FileSystem;
import io.cairn.fs.Path;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/** Snapshot bytes in one file of a {@link FileSystem}. Discarding deletes the file. */
public final class FileStateHandle implements StreamStateHandle {

    private static final long serialVersionUID = 1L;

    private final Path filePath;
    private final long stateSize;

    /**
     * @param filePath the file
     * @param stateSize its size in bytes, as written
     */
    public FileStateHandle(Path filePath, long stateSize) {
        this.filePath = Objects.requireNonNull(filePath, "filePath");
        if (stateSize < 0) {
            throw new IllegalArgumentException("stateSize must not be negative: stateSize=" + stateSize);
        }
        this.stateSize = stateSize;
    }

    /** @return the file */
    public Path getFilePath() {
        return filePath;
    }

    @Override
    public FSDataInputStream openInputStream() throws IOException {
        return FileSystem.get(filePath).open(filePath);
    }

    @Override
    public Optional<byte[]> asBytesIfInMemory() {
        return Optional.empty();
    }

    @Override
    public void discardState() throws IOException {
        FileSystem.get(filePath).delete(filePath, false);
    }

    @Override
    public long getStateSize() {
        return stateSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileStateHandle
                && filePath.equals(((FileStateHandle) o).filePath)
                && stateSize == ((FileStateHandle) o).stateSize;
    }

    @Override
    public int hashCode() {
        return filePath.hashCode() * 31 + Long.hashCode(stateSize);
    }

    @Override
    public String toString() {
        return "FileStateHandle{" + filePath + ", " + stateSize + " bytes}";
    }
}
