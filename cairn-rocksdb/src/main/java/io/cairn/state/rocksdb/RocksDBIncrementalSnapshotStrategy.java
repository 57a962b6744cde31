package io.cairn.state.rocksdb;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStateOutputStream;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.checkpoint.storage.CheckpointedStateScope;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.PlaceholderStreamStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StatePiece;
import io.cairn.state.handle.StreamStateHandle;
import io.cairn.state.keyed.ReleasingSnapshotTask;
import io.cairn.state.keyed.StateMetaInfo;
import io.cairn.state.keygroup.KeyGroupRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableFuture;
import java.util.stream.Stream;
import org.rocksdb.Checkpoint;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Native snapshots: RocksDB's own files. Serves incremental checkpoints, native full checkpoints
 * (checkpoints when incremental checkpoints are off and {@link RocksDBOptions#CHECKPOINT_FORMAT} is
 * {@link RocksDBCheckpointFormat#NATIVE}) and native savepoints.
 *
 * <p><b>Synchronous part</b> (task thread): a RocksDB checkpoint into a new local directory (RocksDB
 * flushes the memtables, then hard-links the SST files and copies the small ones), and the states'
 * meta info and serializers frozen.
 *
 * <p><b>Asynchronous part</b>: uploads the checkpoint's files and writes a {@link RocksDBSnapshotMeta}
 * stream; the result is an {@link IncrementalKeyedStateHandle}. For an incremental checkpoint, an SST
 * file that the last <em>confirmed</em> checkpoint already uploaded is sent as a
 * {@link PlaceholderStreamStateHandle} of that upload; every other SST file is uploaded into a new
 * SHARED stream (the job's {@code shared/} directory), and the MANIFEST, CURRENT, OPTIONS and log
 * files into EXCLUSIVE streams ({@code chk-<id>/}) as private pieces. A <em>self-contained</em>
 * snapshot (a native full checkpoint or a native savepoint) uploads every file as an exclusive private
 * piece, refers to nothing else, and is never the base of a later checkpoint. SST files are immutable
 * and their numbers never reused within a database, so a name identifies its bytes.
 *
 * <p><b>Confirmation</b>, as the coordinator's {@code SharedStateRegistry} expects: the SST files a
 * checkpoint used (uploaded or referenced) are remembered per checkpoint id when its upload ends; on
 * {@link #notifyCheckpointComplete} they become the confirmed set, on
 * {@link #notifyCheckpointAborted} they are forgotten. Placeholders only ever name uploads of a
 * completed checkpoint, which the registry holds while any retained checkpoint uses them; uploads of
 * an aborted or failed checkpoint are never referenced again.
 *
 * <p><b>Release.</b> The local directory is deleted when the upload ends, fails or is cancelled
 * ({@link ReleasingSnapshotTask}); a failed or stopped upload deletes what it uploaded. The upload
 * stops between chunks when its thread is interrupted (cancellation) or the backend closes.
 *
 * <p><b>Threads.</b> {@link #snapshot}, the notifications and {@link #restored} run on the task
 * thread, which alone reads and writes the confirmed set; an upload records its files in a
 * concurrent map.
 *
 * @param <K> the key type
 */
final class RocksDBIncrementalSnapshotStrategy<K> implements RocksDBSnapshotStrategy {

    /** Files named so are SST files, which checkpoints share. */
    static final String SST_SUFFIX = ".sst";

    /**
     * One uploaded SST file.
     *
     * @param handle the upload (never a placeholder)
     * @param info its name, size and CRC32C
     */
    record UploadedFile(StreamStateHandle handle, RocksDBSnapshotMeta.FileInfo info) {}

    private final RocksDBKeyedStateBackend<K> backend;
    /** Whether checkpoints are incremental; if not, every snapshot of this strategy is self-contained. */
    private final boolean incremental;
    private final UUID backendId = UUID.randomUUID();

    /** SST files of the last confirmed checkpoint, by name; task thread only. */
    private Map<String, UploadedFile> confirmed = Map.of();
    private long confirmedId = -1;
    /** SST files used by checkpoints whose upload ended and that are not yet confirmed or aborted. */
    private final ConcurrentHashMap<Long, Map<String, UploadedFile>> uploaded = new ConcurrentHashMap<>();

    /**
     * @param backend the backend whose database it snapshots
     * @param incremental whether checkpoints are incremental; if false, checkpoints are native full
     *     snapshots, self-contained like native savepoints
     */
    RocksDBIncrementalSnapshotStrategy(RocksDBKeyedStateBackend<K> backend, boolean incremental) {
        this.backend = backend;
        this.incremental = incremental;
    }

    @Override
    public RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot(
            long checkpointId, long timestamp, CheckpointStreamFactory streamFactory, CheckpointOptions checkpointOptions)
            throws IOException {
        List<RocksDBStateInfo> infos = backend.stateInfos();
        if (infos.isEmpty()) {
            FutureTask<SnapshotResult<KeyedStateHandle>> done = new FutureTask<>(SnapshotResult::empty);
            done.run();
            return done;
        }
        boolean selfContained = !incremental || checkpointOptions.getCheckpointType().isSavepoint();
        List<StateMetaInfo> metas = new ArrayList<>(infos.size());
        for (RocksDBStateInfo info : infos) {
            metas.add(info.metaInfo());
        }
        Path local = createLocalCheckpoint(checkpointId);
        Upload upload =
                new Upload(checkpointId, local, metas, selfContained ? Map.of() : confirmed, selfContained, streamFactory);
        return new ReleasingSnapshotTask<>(upload, () -> RocksDBDatabases.deleteRecursively(local));
    }

    /**
     * The synchronous part: a RocksDB checkpoint (memtables flushed, SST files hard-linked) in a new
     * directory under the instance directory, on the same file system as the database.
     *
     * @return the checkpoint's directory; the caller deletes it
     * @throws IOException naming the database if RocksDB fails
     */
    private Path createLocalCheckpoint(long checkpointId) throws IOException {
        RocksDB db = backend.db();
        Path directory = backend.instanceDirectory().resolve("chk-" + checkpointId + "-" + UUID.randomUUID());
        try (Checkpoint checkpoint = Checkpoint.create(db)) {
            checkpoint.createCheckpoint(directory.toString());
        } catch (RocksDBException e) {
            RocksDBDatabases.deleteRecursively(directory);
            throw new IOException("cannot take a RocksDB checkpoint of " + backend.dbPath() + " into " + directory
                    + " for " + backend.operatorIdentifier() + ": " + e.getMessage(), e);
        }
        return directory;
    }

    /** Makes the SST files of {@code checkpointId} the base of later checkpoints, if it is newer. */
    void notifyCheckpointComplete(long checkpointId) {
        Map<String, UploadedFile> files = uploaded.get(checkpointId);
        if (files == null || checkpointId <= confirmedId) {
            return;
        }
        confirmed = files;
        confirmedId = checkpointId;
        uploaded.keySet().removeIf(id -> id <= checkpointId);
    }

    /** Forgets the uploads of an aborted checkpoint. */
    void notifyCheckpointAborted(long checkpointId) {
        uploaded.remove(checkpointId);
    }

    /**
     * After a restore that opened one snapshot's files as they are: its shared SST files, which the
     * database now holds under the same names, are the confirmed base of the next checkpoint.
     *
     * @param checkpointId the restored checkpoint
     * @param files its uploaded SST files by name
     */
    void restored(long checkpointId, Map<String, UploadedFile> files) {
        confirmed = Map.copyOf(files);
        confirmedId = checkpointId;
    }

    /** @return the id of the last confirmed checkpoint, or -1 */
    long confirmedCheckpointId() {
        return confirmedId;
    }

    /** The asynchronous part: everything it reads was frozen by the synchronous part. */
    private final class Upload implements Callable<SnapshotResult<KeyedStateHandle>> {

        private final long checkpointId;
        private final Path local;
        private final List<StateMetaInfo> metas;
        private final Map<String, UploadedFile> base;
        /** Every file exclusive and private, no base, not recorded as a base for later checkpoints. */
        private final boolean selfContained;
        private final CheckpointStreamFactory streams;
        private final TypeSerializer<K> keySerializer = backend.getKeySerializer().duplicate();
        private final KeyGroupRange range = backend.getKeyGroupRange();
        /** Handles this upload created, deleted if it fails. */
        private final List<StreamStateHandle> created = new ArrayList<>();

        Upload(long checkpointId, Path local, List<StateMetaInfo> metas, Map<String, UploadedFile> base, boolean selfContained,
                CheckpointStreamFactory streams) {
            this.checkpointId = checkpointId;
            this.local = local;
            this.metas = metas;
            this.base = base;
            this.selfContained = selfContained;
            this.streams = streams;
        }

        @Override
        public SnapshotResult<KeyedStateHandle> call() throws IOException {
            if (!backend.guard().tryEnter()) {
                throw new IOException("the keyed state backend of " + backend.operatorIdentifier()
                        + " was closed before its snapshot was written");
            }
            boolean success = false;
            try {
                SnapshotResult<KeyedStateHandle> result = upload();
                success = true;
                return result;
            } finally {
                backend.guard().exit();
                if (!success) {
                    discardCreated();
                }
            }
        }

        private SnapshotResult<KeyedStateHandle> upload() throws IOException {
            List<Path> files;
            try (Stream<Path> list = Files.list(local)) {
                files = list.sorted().toList();
            }
            List<StatePiece> shared = new ArrayList<>();
            List<StatePiece> privatePieces = new ArrayList<>();
            List<RocksDBSnapshotMeta.FileInfo> infos = new ArrayList<>();
            Map<String, UploadedFile> used = new LinkedHashMap<>();
            for (Path file : files) {
                checkContinue();
                String name = file.getFileName().toString();
                boolean sst = !selfContained && name.endsWith(SST_SUFFIX);
                UploadedFile earlier = sst ? base.get(name) : null;
                if (earlier != null && Files.size(file) == earlier.info().size()) {
                    shared.add(StatePiece.of(name, PlaceholderStreamStateHandle.of(earlier.handle())));
                    infos.add(earlier.info());
                    used.put(name, earlier);
                    continue;
                }
                RocksDBFileTransfer.Uploaded u = RocksDBFileTransfer.upload(file, streams,
                        sst ? CheckpointedStateScope.SHARED : CheckpointedStateScope.EXCLUSIVE, this::checkContinue);
                infos.add(u.info());
                if (u.handle() == null) {
                    continue; // an empty file: the meta stream records it, restore recreates it
                }
                created.add(u.handle());
                (sst ? shared : privatePieces).add(StatePiece.of(name, u.handle()));
                if (sst) {
                    used.put(name, new UploadedFile(u.handle(), u.info()));
                }
            }
            StreamStateHandle meta;
            CheckpointStateOutputStream out = streams.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
            try {
                RocksDBSnapshotMeta.write(out, range, keySerializer, metas, infos);
                checkContinue();
                meta = out.closeAndGetHandle();
            } catch (IOException | RuntimeException e) {
                try {
                    out.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            created.add(meta);
            IncrementalKeyedStateHandle handle =
                    new IncrementalKeyedStateHandle(backendId, range, checkpointId, meta, shared, privatePieces);
            if (!selfContained) {
                uploaded.put(checkpointId, used);
            }
            return SnapshotResult.of(handle);
        }

        private void checkContinue() throws IOException {
            if (Thread.currentThread().isInterrupted()) {
                throw new IOException("snapshot " + checkpointId + " of " + backend.operatorIdentifier() + " cancelled");
            }
            if (backend.guard().isClosed()) {
                throw new IOException("the keyed state backend of " + backend.operatorIdentifier()
                        + " was closed while snapshot " + checkpointId + " was uploaded");
            }
        }

        private void discardCreated() {
            for (StreamStateHandle h : created) {
                try {
                    h.discardState();
                } catch (IOException | RuntimeException ignored) {
                    // best effort: the checkpoint failed; a leftover file is named by no handle
                }
            }
        }
    }
}
