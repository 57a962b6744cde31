package io.cairn.checkpoint.storage;

import io.cairn.common.JobID;
import io.cairn.fs.FileSystem;
import io.cairn.fs.Path;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Objects;

/**
 * Checkpoints in a file-system directory:
 *
 * <pre>
 * &lt;checkpoints-dir&gt;/&lt;job-id&gt;/
 *     chk-&lt;id&gt;/_metadata      the metadata, written last and atomically
 *     chk-&lt;id&gt;/&lt;uuid&gt;         state files owned by that checkpoint
 *     shared/&lt;uuid&gt;            state files shared by incremental checkpoints
 *     taskowned/&lt;uuid&gt;         state files owned by tasks
 * &lt;savepoints-dir&gt;/savepoint-&lt;jobid6&gt;-&lt;random&gt;/_metadata (+ its state files: self-contained)
 * </pre>
 *
 * State streams smaller than the file-state threshold are inlined into the metadata. Immutable and
 * thread-safe.
 */
public class FileSystemCheckpointStorage extends ConfigurableCheckpointStorage {

    /** The name of the metadata file in every checkpoint and savepoint directory. */
    public static final String METADATA_FILE_NAME = "_metadata";

    /** The default inlining threshold, 20 KiB. */
    public static final int DEFAULT_FILE_STATE_THRESHOLD = 20 * 1024;

    /** The default write buffer, 4 KiB. */
    public static final int DEFAULT_WRITE_BUFFER_SIZE = 4 * 1024;

    private final Path checkpointsDirectory;
    private final Path savepointsDirectory;
    private final int fileStateThreshold;
    private final int writeBufferSize;

    /** Which settings were made in code (and so win over configuration). */
    private final boolean savepointsSet;
    private final boolean thresholdSet;
    private final boolean bufferSet;

    /**
     * @param checkpointsDirectory the base directory of all jobs' checkpoints
     * @param savepointsDirectory the default savepoint directory, or null for none
     * @param fileStateThreshold streams smaller than this many bytes are inlined into the metadata
     * @param writeBufferSize bytes buffered per state stream
     * @throws IllegalArgumentException if a size is negative or the threshold exceeds 1 MiB
     */
    public FileSystemCheckpointStorage(
            Path checkpointsDirectory, Path savepointsDirectory, int fileStateThreshold, int writeBufferSize) {
        this(checkpointsDirectory, savepointsDirectory, fileStateThreshold, writeBufferSize, true, true, true);
    }

    private FileSystemCheckpointStorage(
            Path checkpointsDirectory,
            Path savepointsDirectory,
            int fileStateThreshold,
            int writeBufferSize,
            boolean savepointsSet,
            boolean thresholdSet,
            boolean bufferSet) {
        this.savepointsSet = savepointsSet;
        this.thresholdSet = thresholdSet;
        this.bufferSet = bufferSet;
        this.checkpointsDirectory = Objects.requireNonNull(checkpointsDirectory, "checkpointsDirectory");
        this.savepointsDirectory = savepointsDirectory;
        if (fileStateThreshold < 0 || fileStateThreshold > 1024 * 1024) {
            throw new IllegalArgumentException("state.storage.fs.memory-threshold must be in [0, 1 MiB]: "
                    + fileStateThreshold + " bytes");
        }
        if (writeBufferSize < 0) {
            throw new IllegalArgumentException("state.storage.fs.write-buffer-size must not be negative: " + writeBufferSize);
        }
        this.fileStateThreshold = fileStateThreshold;
        this.writeBufferSize = writeBufferSize;
        FileSystem.get(checkpointsDirectory);
    }

    /**
     * Storage with default threshold and buffer and no default savepoint directory.
     *
     * @param checkpointsDirectory the base directory, a URI or local path
     */
    public FileSystemCheckpointStorage(String checkpointsDirectory) {
        this(Path.of(checkpointsDirectory));
    }

    /**
     * Storage whose savepoint directory, threshold and buffer come from configuration (or defaults).
     *
     * @param checkpointsDirectory the base directory
     */
    public FileSystemCheckpointStorage(Path checkpointsDirectory) {
        this(checkpointsDirectory, null, DEFAULT_FILE_STATE_THRESHOLD, DEFAULT_WRITE_BUFFER_SIZE, false, false, false);
    }

    @Override
    public FileSystemCheckpointStorage configure(io.cairn.config.ReadableConfig config, ClassLoader classLoader) {
        Path savepoints = savepointsSet
                ? savepointsDirectory
                : config.getOptional(io.cairn.config.CheckpointingOptions.SAVEPOINT_DIRECTORY)
                        .map(s -> CheckpointStorageLoader.checkedPath(
                                io.cairn.config.CheckpointingOptions.SAVEPOINT_DIRECTORY.key(), s))
                        .orElse(null);
        int threshold = thresholdSet ? fileStateThreshold : CheckpointStorageLoader.checkedIntBytes(
                io.cairn.config.CheckpointingOptions.FS_SMALL_FILE_THRESHOLD.key(),
                config.get(io.cairn.config.CheckpointingOptions.FS_SMALL_FILE_THRESHOLD).getBytes());
        int buffer = bufferSet ? writeBufferSize : CheckpointStorageLoader.checkedIntBytes(
                io.cairn.config.CheckpointingOptions.FS_WRITE_BUFFER_SIZE.key(),
                config.get(io.cairn.config.CheckpointingOptions.FS_WRITE_BUFFER_SIZE).getBytes());
        return new FileSystemCheckpointStorage(checkpointsDirectory, savepoints, threshold, buffer, true, true, true);
    }

    /** @return the base directory of all jobs' checkpoints */
    public Path getCheckpointPath() {
        return checkpointsDirectory;
    }

    /** @return the default savepoint directory, or null */
    public Path getSavepointPath() {
        return savepointsDirectory;
    }

    /** @return the inlining threshold in bytes */
    public int getMinFileSizeThreshold() {
        return fileStateThreshold;
    }

    /** @return the per-stream write buffer in bytes */
    public int getWriteBufferSize() {
        return writeBufferSize;
    }

    @Override
    public boolean supportsHighlyAvailableStorage() {
        return true;
    }

    @Override
    public boolean hasDefaultSavepointLocation() {
        return savepointsDirectory != null;
    }

    @Override
    public String getDefaultSavepointDirectory() {
        return savepointsDirectory == null ? null : savepointsDirectory.toString();
    }

    @Override
    public FsCheckpointStorageAccess resolveCheckpointStorageAccess(JobID jobId) {
        return new FsCheckpointStorageAccess(this, jobId);
    }

    @Override
    public CheckpointStorageWorkerView createCheckpointStorageWorkerView(JobID jobId) {
        return new FsCheckpointStorageAccess(this, jobId);
    }

    @Override
    public CompletedCheckpointStorageLocation resolveCheckpoint(String externalPointer) throws IOException {
        return resolveCheckpointPointer(externalPointer);
    }

    /**
     * Resolves a checkpoint or savepoint directory, or its {@code _metadata} file, on any file system.
     *
     * @param externalPointer the directory or metadata file
     * @return the location
     * @throws FileNotFoundException if there is no metadata file there; the message names the path
     * @throws IOException if the file system cannot be read
     */
    public static FsCompletedCheckpointStorageLocation resolveCheckpointPointer(String externalPointer) throws IOException {
        Objects.requireNonNull(externalPointer, "externalPointer cannot be null");
        Path path = Path.of(externalPointer);
        FileSystem fs = FileSystem.get(path);
        if (!fs.exists(path)) {
            throw new FileNotFoundException("no checkpoint or savepoint at '" + externalPointer + "': the path does not exist");
        }
        Path metadata = fs.getFileStatus(path).isDirectory() ? path.child(METADATA_FILE_NAME) : path;
        if (!fs.exists(metadata)) {
            throw new FileNotFoundException("no checkpoint or savepoint at '" + externalPointer + "': " + metadata
                    + " does not exist (the checkpoint may be incomplete)");
        }
        long size = fs.getFileStatus(metadata).length();
        return new FsCompletedCheckpointStorageLocation(metadata.getParent(), metadata, size);
    }

    int fileStateThreshold() {
        return fileStateThreshold;
    }

    int writeBufferSize() {
        return writeBufferSize;
    }

    @Override
    public String toString() {
        return "FileSystemCheckpointStorage{checkpoints=" + checkpointsDirectory + ", savepoints=" + savepointsDirectory
                + ", memory-threshold=" + fileStateThreshold + "}";
    }
}
