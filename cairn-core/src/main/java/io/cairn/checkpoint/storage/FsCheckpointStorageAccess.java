package io.cairn.checkpoint.storage;

import io.cairn.common.ClassPreloading;
import io.cairn.common.JobID;
import io.cairn.fs.FileSystem;
import io.cairn.fs.Path;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** One job's view of a {@link FileSystemCheckpointStorage}. Thread-safe. */
public final class FsCheckpointStorageAccess implements CheckpointStorageAccess {

    /** Prefix of checkpoint directories: {@code chk-<id>}. */
    public static final String CHECKPOINT_DIR_PREFIX = "chk-";
    /** Directory of shared state files. */
    public static final String SHARED_STATE_DIR = "shared";
    /** Directory of task-owned state files. */
    public static final String TASK_OWNED_STATE_DIR = "taskowned";

    static {
        // The output streams a checkpoint writes through, initialized when a job that checkpoints
        // to a file system is set up, not at its first checkpoint. Each is another subclass of
        // FSDataOutputStream: HotSpot's C2 compiles a call to FSDataOutputStream.write (a file
        // sink's, say) as a direct call while only one linked class overrides it, and throws the
        // compiled code, or a compile in progress, away when a second one is linked. Linked
        // mid-job, these classes did that to the demo's keyed path: its first C2 compile, 0.9 s of
        // compiler time, failed with "concurrent class loading" at the first checkpoint
        // (docs/benchmarks.md). See ClassPreloading.
        ClassPreloading.initialize(
                FsCheckpointStreamFactory.FsCheckpointStateOutputStream.class,
                FsCheckpointStorageLocation.MetadataOutputStream.class);
    }

    private final FileSystemCheckpointStorage storage;
    private final JobID jobId;
    private final Path jobDirectory;
    private final Path sharedDirectory;
    private final Path taskOwnedDirectory;

    FsCheckpointStorageAccess(FileSystemCheckpointStorage storage, JobID jobId) {
        this.storage = storage;
        this.jobId = jobId;
        this.jobDirectory = storage.getCheckpointPath().child(jobId.toHexString());
        this.sharedDirectory = jobDirectory.child(SHARED_STATE_DIR);
        this.taskOwnedDirectory = jobDirectory.child(TASK_OWNED_STATE_DIR);
    }

    /** @return {@code <checkpoints-dir>/<job-id>} */
    public Path getJobDirectory() {
        return jobDirectory;
    }

    /** @return {@code <job-dir>/shared} */
    public Path getSharedStateDirectory() {
        return sharedDirectory;
    }

    /**
     * @param checkpointId a checkpoint id
     * @return {@code <job-dir>/chk-<id>}
     */
    public Path getCheckpointDirectory(long checkpointId) {
        return jobDirectory.child(CHECKPOINT_DIR_PREFIX + checkpointId);
    }

    /**
     * Finds the newest completed checkpoint of this job: the {@code chk-<id>} directory with the
     * highest id that has a {@code _metadata} file. Used to resume after the whole process died.
     *
     * @return its directory, or empty if there is none
     * @throws IOException if the job directory cannot be listed
     */
    public java.util.Optional<String> findLatestCompletedCheckpoint() throws IOException {
        FileSystem fs = FileSystem.get(jobDirectory);
        if (!fs.exists(jobDirectory)) {
            return java.util.Optional.empty();
        }
        long best = -1;
        Path bestDir = null;
        for (io.cairn.fs.FileStatus st : fs.listStatus(jobDirectory)) {
            String name = st.path().getName();
            if (!st.isDirectory() || !name.startsWith(CHECKPOINT_DIR_PREFIX)) {
                continue;
            }
            long id;
            try {
                id = Long.parseLong(name.substring(CHECKPOINT_DIR_PREFIX.length()));
            } catch (NumberFormatException e) {
                continue;
            }
            if (id > best && fs.exists(st.path().child(FileSystemCheckpointStorage.METADATA_FILE_NAME))) {
                best = id;
                bestDir = st.path();
            }
        }
        return java.util.Optional.ofNullable(bestDir).map(Path::toString);
    }

    @Override
    public void initializeBaseLocationsForCheckpoint() throws IOException {
        FileSystem fs = FileSystem.get(jobDirectory);
        fs.mkdirs(sharedDirectory);
        fs.mkdirs(taskOwnedDirectory);
    }

    @Override
    public CheckpointStorageLocation initializeLocationForCheckpoint(long checkpointId) throws IOException {
        if (checkpointId <= 0) {
            throw new IllegalArgumentException("checkpoint id must be positive: " + checkpointId);
        }
        Path dir = getCheckpointDirectory(checkpointId);
        FileSystem.get(dir).mkdirs(dir);
        return new FsCheckpointStorageLocation(dir, sharedDirectory, CheckpointStorageLocationReference.getDefault(),
                storage.fileStateThreshold(), storage.writeBufferSize());
    }

    @Override
    public CheckpointStorageLocation initializeLocationForSavepoint(long checkpointId, String targetLocation)
            throws IOException {
        Path parent;
        if (targetLocation != null) {
            parent = Path.of(targetLocation);
        } else if (storage.getSavepointPath() != null) {
            parent = storage.getSavepointPath();
        } else {
            throw new IllegalArgumentException("no savepoint target given and no default savepoint directory "
                    + "configured (state.savepoints.dir)");
        }
        FileSystem fs = FileSystem.get(parent);
        String prefix = "savepoint-" + jobId.toHexString().substring(0, 6) + "-";
        for (int attempt = 0; attempt < 10; attempt++) {
            byte[] random = new byte[6];
            ThreadLocalRandom.current().nextBytes(random);
            Path dir = parent.child(prefix + HexFormat.of().formatHex(random));
            if (!fs.exists(dir)) {
                fs.mkdirs(dir);
                // savepoints are self-contained: "shared" state goes into the savepoint directory too
                return new FsCheckpointStorageLocation(dir, dir,
                        new CheckpointStorageLocationReference(dir.toString().getBytes(StandardCharsets.UTF_8)),
                        storage.fileStateThreshold(), storage.writeBufferSize());
            }
        }
        throw new IOException("could not create a unique savepoint directory under " + parent);
    }

    @Override
    public CompletedCheckpointStorageLocation resolveCheckpoint(String externalPointer) throws IOException {
        return FileSystemCheckpointStorage.resolveCheckpointPointer(externalPointer);
    }

    @Override
    public boolean supportsHighlyAvailableStorage() {
        return storage.supportsHighlyAvailableStorage();
    }

    @Override
    public boolean hasDefaultSavepointLocation() {
        return storage.hasDefaultSavepointLocation();
    }

    @Override
    public CheckpointStreamFactory resolveCheckpointStorageLocation(
            long checkpointId, CheckpointStorageLocationReference reference) {
        if (reference.isDefaultReference()) {
            return new FsCheckpointStreamFactory(getCheckpointDirectory(checkpointId), sharedDirectory,
                    storage.fileStateThreshold(), storage.writeBufferSize());
        }
        Path dir = Path.of(new String(reference.getReferenceBytes(), StandardCharsets.UTF_8));
        return new FsCheckpointStreamFactory(dir, dir, storage.fileStateThreshold(), storage.writeBufferSize());
    }

    @Override
    public CheckpointStateOutputStream createTaskOwnedStateStream() {
        return new FsCheckpointStreamFactory(taskOwnedDirectory, taskOwnedDirectory, storage.fileStateThreshold(),
                storage.writeBufferSize()).createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
    }

    @Override
    public String toString() {
        return "FsCheckpointStorageAccess{" + jobDirectory + "}";
    }
}
