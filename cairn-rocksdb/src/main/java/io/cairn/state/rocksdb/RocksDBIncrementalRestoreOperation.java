package io.cairn.state.rocksdb;

import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.serialization.TypeSerializerSnapshot;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.PlaceholderStreamStateHandle;
import io.cairn.state.handle.StatePiece;
import io.cairn.state.handle.StreamStateHandle;
import io.cairn.state.keyed.RestoreChecks;
import io.cairn.state.keyed.StateMetaInfo;
import io.cairn.state.keygroup.KeyGroupRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Restores native snapshots ({@link IncrementalKeyedStateHandle}s written by
 * {@link RocksDBIncrementalSnapshotStrategy}: incremental and native full checkpoints, native
 * savepoints) into an
 * empty RocksDB backend. Every downloaded file is checked against the size and CRC32C its meta
 * stream records.
 *
 * <ul>
 *   <li><b>No rescale</b> (one handle, written by a backend with exactly this backend's key groups):
 *       its files become the database as they are, and its shared SST files (none for a native full
 *       checkpoint or a native savepoint) the confirmed base of the next incremental checkpoint.
 *   <li><b>Rescale</b>: the handle with the largest key-group overlap is the base. Its files become
 *       the database, and {@code deleteRange} drops the key groups outside this backend's range in
 *       every column family (keys start with the key group). Each other handle is downloaded into a
 *       temporary directory, opened read-only, and only the entries of the key groups this backend
 *       takes from it are copied over, by seeking to the first key group's prefix; then the
 *       temporary database is closed and its directory deleted.
 * </ul>
 *
 * <p>The state infos are rebuilt from the meta streams' state lists. Runs on the task thread; an
 * interrupt stops a download between chunks.
 *
 * @param <K> the key type
 */
final class RocksDBIncrementalRestoreOperation<K> {

    /** Bytes of writes gathered before a batch is applied while copying key groups. */
    static final long BATCH_BYTES = 4L << 20;

    private final RocksDBKeyedStateBackend<K> backend;
    private final List<IncrementalKeyedStateHandle> handles;
    private final RocksDBIncrementalSnapshotStrategy<K> snapshots;
    private final KeyGroupRange range;

    /** A handle to restore, its meta, and the key groups this backend takes from it. */
    private record Part(IncrementalKeyedStateHandle handle, RocksDBSnapshotMeta meta, KeyGroupRange overlap, String source) {}

    RocksDBIncrementalRestoreOperation(RocksDBKeyedStateBackend<K> backend, List<IncrementalKeyedStateHandle> handles,
            RocksDBIncrementalSnapshotStrategy<K> snapshots) {
        this.backend = backend;
        this.handles = handles;
        this.snapshots = snapshots;
        this.range = backend.getKeyGroupRange();
    }

    @SuppressWarnings("unchecked")
    void restore() throws IOException {
        List<Part> parts = new ArrayList<>();
        for (IncrementalKeyedStateHandle handle : handles) {
            RestoreChecks.checkKeyGroupRange(handle, backend.getNumberOfKeyGroups(), backend.operatorIdentifier());
            IncrementalKeyedStateHandle narrowed = handle.getIntersection(range);
            if (narrowed == null) {
                continue;
            }
            String source = RocksDBSnapshotMeta.describe(handle.getMetaStateHandle());
            RocksDBSnapshotMeta meta = RocksDBSnapshotMeta.read(handle.getMetaStateHandle(), backend.classLoader());
            RestoreChecks.checkKeySerializer(
                    (TypeSerializerSnapshot<K>) meta.header().keySerializerSnapshot(), backend.getKeySerializer(), source);
            KeyGroupRange overlap = meta.range().getIntersection(narrowed.getKeyGroupRange());
            if (!overlap.isEmpty()) {
                parts.add(new Part(handle, meta, overlap, source));
            }
        }
        if (parts.isEmpty()) {
            return;
        }
        Part base = parts.get(0);
        for (Part p : parts) {
            if (p.overlap().getNumberOfKeyGroups() > base.overlap().getNumberOfKeyGroups()) {
                base = p;
            }
        }
        Path scratch = backend.instanceDirectory().resolve("restore-" + UUID.randomUUID());
        try {
            boolean asIs = parts.size() == 1 && base.meta().range().equals(range);
            restoreBase(base, asIs);
            int n = 0;
            for (Part p : parts) {
                if (p != base) {
                    copyKeyGroups(p, scratch.resolve("db-" + n++));
                }
            }
        } finally {
            RocksDBDatabases.deleteRecursively(scratch);
        }
    }

    /** Makes the base handle's files the database; drops foreign key groups unless restored as is. */
    private void restoreBase(Part base, boolean asIs) throws IOException {
        backend.closeEmptyDatabase();
        Path dbPath = backend.dbPath();
        Files.createDirectories(dbPath);
        download(base, dbPath);
        List<StateMetaInfo> states = base.meta().header().states();
        List<ColumnFamilyHandle> columnFamilies;
        try {
            columnFamilies = backend.openRestoredDatabase(states);
        } catch (RocksDBException e) {
            throw new IOException("cannot open RocksDB at " + dbPath + " restored from " + base.source() + " for "
                    + backend.operatorIdentifier() + ": " + e.getMessage(), e);
        }
        int registered = 0;
        try {
            for (; registered < states.size(); registered++) {
                RocksDBRestoredStates.stateFor(backend, states.get(registered), base.source(), columnFamilies.get(registered));
            }
        } finally {
            for (int i = registered; i < columnFamilies.size(); i++) {
                columnFamilies.get(i).close(); // not handed to the backend, which closes the others
            }
        }
        if (asIs) {
            snapshots.restored(base.handle().getCheckpointId(), uploadedSstFiles(base));
            return;
        }
        try {
            RocksDB db = backend.db();
            for (RocksDBStateInfo info : backend.stateInfos()) {
                if (range.getStartKeyGroup() > 0) {
                    db.deleteRange(info.columnFamily, backend.resources().writeOptions(),
                            RocksDBKeyedStateBackend.keyGroupPrefix(0),
                            RocksDBKeyedStateBackend.keyGroupPrefix(range.getStartKeyGroup()));
                }
                db.deleteRange(info.columnFamily, backend.resources().writeOptions(),
                        RocksDBKeyedStateBackend.keyGroupPrefix(range.getEndKeyGroup() + 1), new byte[] {(byte) 0xFF, (byte) 0xFF});
            }
        } catch (RocksDBException e) {
            throw new IOException("cannot drop the key groups outside " + range + " from RocksDB at " + dbPath
                    + " restored from " + base.source() + ": " + e.getMessage(), e);
        }
    }

    /** The base's shared SST pieces, which the restored database holds under the same names. */
    private static Map<String, RocksDBIncrementalSnapshotStrategy.UploadedFile> uploadedSstFiles(Part base) {
        Map<String, RocksDBSnapshotMeta.FileInfo> infos = new HashMap<>();
        for (RocksDBSnapshotMeta.FileInfo f : base.meta().files()) {
            infos.put(f.name(), f);
        }
        Map<String, RocksDBIncrementalSnapshotStrategy.UploadedFile> files = new HashMap<>();
        for (StatePiece p : base.handle().getSharedState()) {
            RocksDBSnapshotMeta.FileInfo info = infos.get(p.name());
            if (!p.isPlaceholder() && info != null && p.name().endsWith(RocksDBIncrementalSnapshotStrategy.SST_SUFFIX)) {
                files.put(p.name(), new RocksDBIncrementalSnapshotStrategy.UploadedFile(p.handle(), info));
            }
        }
        return files;
    }

    /** Opens another handle's files read-only in {@code directory} and copies the key groups taken from it. */
    private void copyKeyGroups(Part part, Path directory) throws IOException {
        Files.createDirectories(directory);
        download(part, directory);
        List<StateMetaInfo> states = part.meta().header().states();
        List<ColumnFamilyHandle> columnFamilies = new ArrayList<>(states.size() + 1);
        RocksDB temporary = null;
        try (ReadOptions readOptions = new ReadOptions().setFillCache(false).setTotalOrderSeek(true); WriteBatch batch = new WriteBatch()) {
            temporary = RocksDBDatabases.open(backend.resources(), directory, names(states), columnFamilies, true);
            byte[] first = RocksDBKeyedStateBackend.keyGroupPrefix(part.overlap().getStartKeyGroup());
            for (int s = 0; s < states.size(); s++) {
                RocksDBStateInfo target = RocksDBRestoredStates.stateFor(backend, states.get(s), part.source(), null);
                try (RocksIterator it = temporary.newIterator(columnFamilies.get(s + 1), readOptions)) {
                    for (it.seek(first); it.isValid(); it.next()) {
                        byte[] key = it.key();
                        if (RocksDBKeyedStateBackend.readKeyGroup(key) > part.overlap().getEndKeyGroup()) {
                            break;
                        }
                        batch.put(target.columnFamily, key, it.value());
                        if (batch.getDataSize() >= BATCH_BYTES) {
                            backend.db().write(backend.resources().writeOptions(), batch);
                            batch.clear();
                        }
                    }
                    it.status();
                }
                checkNotInterrupted();
            }
            if (batch.count() > 0) {
                backend.db().write(backend.resources().writeOptions(), batch);
            }
        } catch (RocksDBException e) {
            throw new IOException("cannot copy key groups " + part.overlap() + " restored from " + part.source()
                    + " (opened at " + directory + ") into RocksDB at " + backend.dbPath() + " of "
                    + backend.operatorIdentifier() + ": " + e.getMessage(), e);
        } finally {
            for (ColumnFamilyHandle cf : columnFamilies) {
                cf.close();
            }
            if (temporary != null) {
                temporary.close();
            }
            RocksDBDatabases.deleteRecursively(directory);
        }
    }

    /** Downloads every file the part's meta stream lists into {@code directory}. */
    private void download(Part part, Path directory) throws IOException {
        Map<String, StreamStateHandle> pieces = new HashMap<>();
        for (StatePiece p : part.handle().getSharedState()) {
            pieces.put(p.name(), p.handle());
        }
        for (StatePiece p : part.handle().getPrivateState()) {
            pieces.put(p.name(), p.handle());
        }
        for (RocksDBSnapshotMeta.FileInfo file : part.meta().files()) {
            StreamStateHandle piece = pieces.get(file.name());
            if (piece == null && file.size() > 0) {
                throw new CorruptCheckpointException("file " + file.name() + " (" + file.size() + " bytes) listed in "
                        + part.source() + " is not a piece of " + part.handle());
            }
            if (piece instanceof PlaceholderStreamStateHandle) {
                throw new IOException("piece " + file.name() + " of " + part.handle() + " is a placeholder ("
                        + piece + "): register the checkpoint's shared state before restoring it");
            }
            RocksDBFileTransfer.download(piece, file, directory.resolve(file.name()), this::checkNotInterrupted);
        }
    }

    private void checkNotInterrupted() throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new IOException("restore of " + backend.operatorIdentifier() + " interrupted");
        }
    }

    private static List<String> names(List<StateMetaInfo> states) {
        List<String> names = new ArrayList<>(states.size());
        for (StateMetaInfo s : states) {
            names.add(s.name());
        }
        return names;
    }
}
