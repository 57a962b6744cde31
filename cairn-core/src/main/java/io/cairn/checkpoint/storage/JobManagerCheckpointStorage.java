package io.cairn.checkpoint.storage;

import io.cairn.common.ClassPreloading;
import io.cairn.common.JobID;
import io.cairn.fs.Path;
import io.cairn.state.handle.ByteStreamStateHandle;
import io.cairn.state.handle.StreamStateHandle;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps checkpoint state in the JobManager's memory: every state stream becomes bytes in a handle,
 * limited to {@code state.storage.jobmanager.max-state-size} (5 MiB by default), and metadata is
 * kept by this storage instance under a {@code jobmanager://<job-id>/chk-<id>} pointer. Nothing
 * survives the process: use it for tests and small jobs. Thread-safe.
 */
public class JobManagerCheckpointStorage extends ConfigurableCheckpointStorage {

    /** The default per-stream size limit, 5 MiB. */
    public static final int DEFAULT_MAX_STATE_SIZE = 5 * 1024 * 1024;

    private static final String SCHEME = "jobmanager://";

    static {
        // the output streams a checkpoint to this storage writes through, initialized with the
        // storage rather than at the first checkpoint: see ClassPreloading
        ClassPreloading.initialize(MemCheckpointStreamFactory.MemoryStream.class, MetadataOutputStream.class);
    }

    private final int maxStateSize;
    private final boolean maxStateSizeSet;
    private final Map<String, byte[]> metadataByPointer = new ConcurrentHashMap<>();

    /** Storage whose limit comes from configuration, 5 MiB by default. */
    public JobManagerCheckpointStorage() {
        this(DEFAULT_MAX_STATE_SIZE, false);
    }


    /**
     * @param maxStateSize the largest state stream, in bytes
     * @throws IllegalArgumentException if not positive
     */
    public JobManagerCheckpointStorage(int maxStateSize) {
        this(maxStateSize, true);
    }

    private JobManagerCheckpointStorage(int maxStateSize, boolean maxStateSizeSet) {
        if (maxStateSize <= 0) {
            throw new IllegalArgumentException("state.storage.jobmanager.max-state-size must be positive: " + maxStateSize);
        }
        this.maxStateSize = maxStateSize;
        this.maxStateSizeSet = maxStateSizeSet;
    }

    @Override
    public JobManagerCheckpointStorage configure(io.cairn.config.ReadableConfig config, ClassLoader classLoader) {
        if (maxStateSizeSet) {
            return this;
        }
        io.cairn.config.ConfigOption<io.cairn.config.MemorySize> option =
                io.cairn.config.CheckpointingOptions.JOBMANAGER_MAX_STATE_SIZE;
        long bytes = config.get(option).getBytes();
        if (bytes <= 0) {
            throw new io.cairn.config.IllegalConfigurationException(option.key() + ": must be positive, was " + bytes + " bytes");
        }
        return new JobManagerCheckpointStorage(CheckpointStorageLoader.checkedIntBytes(option.key(), bytes), true);
    }

    /** @return the largest state stream, in bytes */
    public int getMaxStateSize() {
        return maxStateSize;
    }

    @Override
    public boolean supportsHighlyAvailableStorage() {
        return false;
    }

    @Override
    public boolean hasDefaultSavepointLocation() {
        return false;
    }

    @Override
    public String getDefaultSavepointDirectory() {
        return null;
    }

    @Override
    public CheckpointStorageAccess resolveCheckpointStorageAccess(JobID jobId) {
        return new Access(jobId);
    }

    @Override
    public CheckpointStorageWorkerView createCheckpointStorageWorkerView(JobID jobId) {
        return new Access(jobId);
    }

    @Override
    public CompletedCheckpointStorageLocation resolveCheckpoint(String externalPointer) throws IOException {
        if (!externalPointer.startsWith(SCHEME)) {
            return FileSystemCheckpointStorage.resolveCheckpointPointer(externalPointer);
        }
        byte[] metadata = metadataByPointer.get(externalPointer);
        if (metadata == null) {
            throw new FileNotFoundException("no checkpoint at '" + externalPointer + "' in this JobManager's memory");
        }
        return new MemoryLocation(externalPointer, metadata, metadataByPointer);
    }

    @Override
    public String toString() {
        return "JobManagerCheckpointStorage{max-state-size=" + maxStateSize + "}";
    }

    /** The completed location of an in-memory checkpoint. */
    private static final class MemoryLocation implements CompletedCheckpointStorageLocation {
        private static final long serialVersionUID = 1L;
        private final String pointer;
        private final byte[] metadata;
        private final transient Map<String, byte[]> registry;

        MemoryLocation(String pointer, byte[] metadata, Map<String, byte[]> registry) {
            this.pointer = pointer;
            this.metadata = metadata;
            this.registry = registry;
        }

        @Override
        public String getExternalPointer() {
            return pointer;
        }

        @Override
        public StreamStateHandle getMetadataHandle() {
            return new ByteStreamStateHandle(pointer + "/_metadata", metadata);
        }

        @Override
        public Path getDirectory() {
            return null;
        }

        @Override
        public void disposeStorageLocation() {
            if (registry != null) {
                registry.remove(pointer);
            }
        }
    }

    /**
     * The in-memory metadata stream: the bytes go to the storage's map under the checkpoint's
     * pointer when {@link #closeAndFinalizeCheckpoint} succeeds. A named class so that it is
     * initialized with the storage (see {@link ClassPreloading}).
     */
    private static final class MetadataOutputStream extends CheckpointMetadataOutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final String pointer;
        private final int maxStateSize;
        private final Map<String, byte[]> metadataByPointer;
        private boolean closed;

        MetadataOutputStream(String pointer, int maxStateSize, Map<String, byte[]> metadataByPointer) {
            this.pointer = pointer;
            this.maxStateSize = maxStateSize;
            this.metadataByPointer = metadataByPointer;
        }

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public long getPos() {
            return bytes.size();
        }

        @Override
        public void sync() {
            // memory
        }

        @Override
        public CompletedCheckpointStorageLocation closeAndFinalizeCheckpoint() throws IOException {
            if (closed) {
                throw new IOException("metadata stream of " + pointer + " is closed");
            }
            closed = true;
            if (bytes.size() > maxStateSize) {
                throw new IOException("checkpoint metadata of " + bytes.size() + " bytes exceeds the "
                        + "in-memory limit of " + maxStateSize + " bytes; raise "
                        + "state.storage.jobmanager.max-state-size or use file-system checkpoint storage");
            }
            byte[] data = bytes.toByteArray();
            metadataByPointer.put(pointer, data);
            return new MemoryLocation(pointer, data, metadataByPointer);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** One job's in-memory access. */
    private final class Access implements CheckpointStorageAccess {
        private final JobID jobId;

        Access(JobID jobId) {
            this.jobId = jobId;
        }

        @Override
        public void initializeBaseLocationsForCheckpoint() {
            // nothing to create
        }

        @Override
        public CheckpointStorageLocation initializeLocationForCheckpoint(long checkpointId) {
            return location(SCHEME + jobId + "/chk-" + checkpointId);
        }

        @Override
        public CheckpointStorageLocation initializeLocationForSavepoint(long checkpointId, String targetLocation)
                throws IOException {
            if (targetLocation != null) {
                // a savepoint with a target goes to that directory, like file-system storage
                return new FileSystemCheckpointStorage(Path.of(targetLocation), Path.of(targetLocation),
                                FileSystemCheckpointStorage.DEFAULT_FILE_STATE_THRESHOLD,
                                FileSystemCheckpointStorage.DEFAULT_WRITE_BUFFER_SIZE)
                        .resolveCheckpointStorageAccess(jobId)
                        .initializeLocationForSavepoint(checkpointId, targetLocation);
            }
            return location(SCHEME + jobId + "/savepoint-" + checkpointId);
        }

        private CheckpointStorageLocation location(String pointer) {
            MemCheckpointStreamFactory streams = new MemCheckpointStreamFactory(maxStateSize);
            return new CheckpointStorageLocation() {
                @Override
                public CheckpointStateOutputStream createCheckpointStateOutputStream(CheckpointedStateScope scope) {
                    return streams.createCheckpointStateOutputStream(scope);
                }

                @Override
                public CheckpointMetadataOutputStream createMetadataOutputStream() {
                    return new MetadataOutputStream(pointer, maxStateSize, metadataByPointer);
                }

                @Override
                public void disposeOnFailure() {
                    metadataByPointer.remove(pointer);
                }

                @Override
                public Path getMetadataDirectory() {
                    return null;
                }

                @Override
                public CheckpointStorageLocationReference getLocationReference() {
                    return CheckpointStorageLocationReference.getDefault();
                }
            };
        }

        @Override
        public CompletedCheckpointStorageLocation resolveCheckpoint(String externalPointer) throws IOException {
            return JobManagerCheckpointStorage.this.resolveCheckpoint(externalPointer);
        }

        @Override
        public boolean supportsHighlyAvailableStorage() {
            return false;
        }

        @Override
        public boolean hasDefaultSavepointLocation() {
            return false;
        }

        @Override
        public CheckpointStreamFactory resolveCheckpointStorageLocation(
                long checkpointId, CheckpointStorageLocationReference reference) {
            if (!reference.isDefaultReference()) {
                Path dir = Path.of(new String(reference.getReferenceBytes(), java.nio.charset.StandardCharsets.UTF_8));
                return new FsCheckpointStreamFactory(dir, dir, FileSystemCheckpointStorage.DEFAULT_FILE_STATE_THRESHOLD,
                        FileSystemCheckpointStorage.DEFAULT_WRITE_BUFFER_SIZE);
            }
            return new MemCheckpointStreamFactory(maxStateSize);
        }

        @Override
        public CheckpointStateOutputStream createTaskOwnedStateStream() {
            return new MemCheckpointStreamFactory(maxStateSize).createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
        }
    }
}
