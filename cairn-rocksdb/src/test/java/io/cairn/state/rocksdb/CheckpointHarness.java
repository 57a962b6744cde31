package io.cairn.state.rocksdb;

import io.cairn.checkpoint.CheckpointsCleaner;
import io.cairn.checkpoint.CompletedCheckpoint;
import io.cairn.checkpoint.StandaloneCompletedCheckpointStore;
import io.cairn.checkpoint.metadata.OperatorState;
import io.cairn.checkpoint.metadata.OperatorSubtaskState;
import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointProperties;
import io.cairn.checkpoint.storage.CheckpointRetentionPolicy;
import io.cairn.checkpoint.storage.CheckpointStorageLocation;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.checkpoint.storage.CheckpointType;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.checkpoint.storage.FsCheckpointStorageAccess;
import io.cairn.checkpoint.storage.FsCompletedCheckpointStorageLocation;
import io.cairn.checkpoint.storage.SavepointFormatType;
import io.cairn.common.JobID;
import io.cairn.common.OperatorID;
import io.cairn.fs.FileSystem;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.SharedStateRegistryImpl;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StatePiece;
import io.cairn.state.handle.StreamStateHandle;
import io.cairn.state.keyed.KeyedStateBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RunnableFuture;
import java.util.stream.Stream;

/**
 * What the checkpoint coordinator does with keyed snapshots, with its real parts: file-system
 * checkpoint storage (every stream a file: threshold 0), the {@link SharedStateRegistryImpl}, the
 * {@link StandaloneCompletedCheckpointStore} with its subsumption, and the {@link CheckpointsCleaner},
 * all running synchronously. A checkpoint is registered and added to the store on completion, then
 * the backends are notified; an aborted one has its never-registered state discarded and its
 * directory deleted, then the backends are notified.
 */
final class CheckpointHarness {

    static final OperatorID OPERATOR = OperatorID.fromUid("keyed");

    final Path root;
    final FileSystemCheckpointStorage storage;
    final FsCheckpointStorageAccess access;
    final SharedStateRegistryImpl registry = new SharedStateRegistryImpl(Runnable::run);
    final List<Throwable> cleanupErrors = new CopyOnWriteArrayList<>();
    final CheckpointsCleaner cleaner = new CheckpointsCleaner(Runnable::run, cleanupErrors::add);
    final StandaloneCompletedCheckpointStore store;
    final int maxParallelism;

    CheckpointHarness(Path root, int retained, int maxParallelism) throws IOException {
        this.root = root;
        this.maxParallelism = maxParallelism;
        this.storage = new FileSystemCheckpointStorage(io.cairn.fs.Path.fromLocal(root.resolve("checkpoints")),
                io.cairn.fs.Path.fromLocal(root.resolve("savepoints")), 0, 4096);
        this.access = storage.resolveCheckpointStorageAccess(JobID.generate());
        access.initializeBaseLocationsForCheckpoint();
        this.store = new StandaloneCompletedCheckpointStore(retained, registry);
    }

    /** @return the stream factory of checkpoint {@code id}, creating its directory */
    CheckpointStorageLocation location(long id) throws IOException {
        return access.initializeLocationForCheckpoint(id);
    }

    /** Runs every backend's snapshot to completion into checkpoint {@code id}; handles by subtask (null if empty). */
    List<KeyedStateHandle> snapshot(List<? extends KeyedStateBackend<?>> backends, long id) throws Exception {
        CheckpointStreamFactory factory = location(id);
        List<KeyedStateHandle> handles = new ArrayList<>();
        for (KeyedStateBackend<?> b : backends) {
            RunnableFuture<SnapshotResult<KeyedStateHandle>> f =
                    b.snapshot(id, id, factory, CheckpointOptions.forCheckpointWithDefaultLocation());
            f.run();
            handles.add(f.get().getJobManagerOwnedSnapshot());
        }
        return handles;
    }

    /** Completes checkpoint {@code id} as the coordinator does: register, store (subsuming older ones), notify. */
    void complete(long id, List<? extends KeyedStateBackend<?>> backends, List<KeyedStateHandle> handles) {
        OperatorState state = operatorState(handles);
        registry.registerAll(List.of(state), id);
        io.cairn.fs.Path dir = access.getCheckpointDirectory(id);
        store.addCheckpointAndSubsumeOldestOne(new CompletedCheckpoint(id, id, id, Map.of(OPERATOR, state), List.of(),
                CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION),
                new FsCompletedCheckpointStorageLocation(dir, dir.child(FileSystemCheckpointStorage.METADATA_FILE_NAME), 0)),
                cleaner);
        registry.checkpointCompleted(id);
        for (KeyedStateBackend<?> b : backends) {
            b.notifyCheckpointComplete(id);
        }
    }

    /** Aborts checkpoint {@code id} as the coordinator does: discard what the tasks sent, delete its directory, notify. */
    void abort(long id, List<? extends KeyedStateBackend<?>> backends, List<KeyedStateHandle> handles) throws IOException {
        new OperatorSubtaskState(handles.stream().filter(h -> h != null).toList(), List.of()).discardNeverRegisteredState();
        io.cairn.fs.Path dir = access.getCheckpointDirectory(id);
        FileSystem.get(dir).delete(dir, true);
        for (KeyedStateBackend<?> b : backends) {
            b.notifyCheckpointAborted(id);
        }
    }

    private OperatorState operatorState(List<KeyedStateHandle> handles) {
        Map<Integer, OperatorSubtaskState> subtasks = new HashMap<>();
        for (int i = 0; i < handles.size(); i++) {
            subtasks.put(i, new OperatorSubtaskState(handles.get(i) == null ? List.of() : List.of(handles.get(i)), List.of()));
        }
        return new OperatorState(OPERATOR, handles.size(), maxParallelism, subtasks);
    }

    /** @return the keyed handles of the latest retained checkpoint, as registered (placeholders resolved) */
    List<KeyedStateHandle> latest() {
        List<KeyedStateHandle> handles = new ArrayList<>();
        for (OperatorSubtaskState s : store.getLatestCheckpoint().getOperatorStates().get(OPERATOR).getSubtaskStates().values()) {
            handles.addAll(s.getManagedKeyedState());
        }
        return handles;
    }

    /** @return options of a native savepoint into a new directory under {@code savepoints/} */
    CheckpointStorageLocation savepointLocation(long id) throws IOException {
        return access.initializeLocationForSavepoint(id, null);
    }

    static CheckpointOptions nativeSavepoint(CheckpointStorageLocation location) {
        return new CheckpointOptions(CheckpointType.SAVEPOINT, location.getLocationReference(), true,
                SavepointFormatType.NATIVE);
    }

    /** @return every file under the job's {@code shared/} directory */
    TreeSet<Path> sharedFiles() throws IOException {
        return files(access.getSharedStateDirectory().toLocalPath());
    }

    /** @return the local paths of every file the retained checkpoints' handles name under {@code shared/} */
    TreeSet<Path> sharedFilesOfRetainedCheckpoints() {
        TreeSet<Path> paths = new TreeSet<>();
        Path shared = access.getSharedStateDirectory().toLocalPath();
        for (CompletedCheckpoint cp : store.getAllCheckpoints()) {
            for (OperatorSubtaskState s : cp.getOperatorStates().get(OPERATOR).getSubtaskStates().values()) {
                for (KeyedStateHandle h : s.getManagedKeyedState()) {
                    for (StreamStateHandle f : files(h)) {
                        Path p = ((FileStateHandle) f).getFilePath().toLocalPath();
                        if (p.startsWith(shared)) {
                            paths.add(p);
                        }
                    }
                }
            }
        }
        return paths;
    }

    /** @return the meta stream and every piece of a native handle */
    static List<StreamStateHandle> files(KeyedStateHandle handle) {
        IncrementalKeyedStateHandle inc = (IncrementalKeyedStateHandle) handle;
        List<StreamStateHandle> all = new ArrayList<>();
        all.add(inc.getMetaStateHandle());
        for (StatePiece p : inc.getSharedState()) {
            all.add(p.handle());
        }
        for (StatePiece p : inc.getPrivateState()) {
            all.add(p.handle());
        }
        return all;
    }

    static TreeSet<Path> files(Path dir) throws IOException {
        TreeSet<Path> files = new TreeSet<>();
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(Files::isRegularFile).forEach(files::add);
            }
        }
        return files;
    }
}
