package io.cairn.checkpoint.inspect;

import io.cairn.checkpoint.metadata.OperatorState;
import io.cairn.checkpoint.metadata.OperatorSubtaskState;
import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.fs.FileStatus;
import io.cairn.fs.FileSystem;
import io.cairn.fs.Path;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.handle.StatePiece;
import io.cairn.state.handle.StreamStateHandle;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a checkpoint or savepoint end to end, as a restore would read it, and reports the first
 * problem precisely:
 *
 * <ol>
 *   <li>the metadata: magic, version, checksum and structure;
 *   <li>every referenced file exists and has exactly the size the metadata recorded;
 *   <li>every keyed stream: header checksum, every key-group block's checksum, and every entry decodes
 *       with the key, namespace and value serializers recorded in the header into the key group it is
 *       stored in;
 *   <li>every operator state record: checksum, state index, and decoding with the recorded serializers.
 * </ol>
 *
 * <p>Native keyed handles (incremental or native full checkpoints, native savepoints) are checked for
 * their files only: each exists with the size the metadata recorded. Thread-safe: it holds no state.
 */
public final class CheckpointVerifier {

    private CheckpointVerifier() {}

    /** Counts what was checked so far. */
    private static final class Counts {
        int files;
        int streams;
        int keyGroups;
        long entries;
        long records;
        int incremental;

        VerificationResult failure(String message) {
            return new VerificationResult(false, message, files, streams, keyGroups, entries, records);
        }
    }

    /**
     * Verifies a checkpoint or savepoint.
     *
     * @param path the checkpoint or savepoint directory, or its {@code _metadata} file (plain path or URI)
     * @return ok with a summary, or the first problem (a corrupt metadata file is a problem, not an exception)
     * @throws java.io.FileNotFoundException if there is no checkpoint at {@code path} at all
     * @throws IOException if the metadata cannot be read at all
     */
    public static VerificationResult verify(String path) throws IOException {
        Counts counts = new Counts();
        SnapshotStreams.Loaded loaded;
        try {
            loaded = SnapshotStreams.load(path);
        } catch (CorruptCheckpointException e) {
            return counts.failure("corrupt metadata: " + e.getMessage());
        }
        Collection<OperatorState> operators = loaded.checkpoint().getOperatorStates().values();

        // 1. every referenced file exists with the recorded size
        Map<Path, String> files = new LinkedHashMap<>();
        Map<Path, Long> sizes = new LinkedHashMap<>();
        for (OperatorState op : operators) {
            for (Map.Entry<Integer, OperatorSubtaskState> e : op.getSubtaskStates().entrySet()) {
                String owner = "operator " + op.getOperatorID() + " subtask " + e.getKey();
                for (KeyedStateHandle h : e.getValue().getManagedKeyedState()) {
                    if (h instanceof KeyGroupsStateHandle k) {
                        addFile(k.getDelegateStateHandle(), owner, files, sizes);
                    } else if (h instanceof IncrementalKeyedStateHandle inc) {
                        addFile(inc.getMetaStateHandle(), owner, files, sizes);
                        for (StatePiece p : inc.getSharedState()) {
                            addFile(p.handle(), owner, files, sizes);
                        }
                        for (StatePiece p : inc.getPrivateState()) {
                            addFile(p.handle(), owner, files, sizes);
                        }
                    }
                }
                for (OperatorStateHandle h : e.getValue().getManagedOperatorState()) {
                    addFile(h.getDelegateStateHandle(), owner, files, sizes);
                }
            }
        }
        for (Map.Entry<Path, String> f : files.entrySet()) {
            Path file = f.getKey();
            long recorded = sizes.get(file);
            FileStatus status;
            try {
                FileSystem fs = FileSystem.get(file);
                if (!fs.exists(file)) {
                    return counts.failure("missing file " + file + " (" + recorded + " bytes, referenced by " + f.getValue()
                            + ")");
                }
                status = fs.getFileStatus(file);
            } catch (IOException | RuntimeException e) {
                return counts.failure("cannot read file " + file + " (referenced by " + f.getValue() + "): " + e);
            }
            if (status.isDirectory()) {
                return counts.failure(file + " is a directory, but " + f.getValue() + " references it as a state file");
            }
            if (status.length() != recorded) {
                return counts.failure((status.length() < recorded ? "truncated file " : "wrong size of file ") + file + ": "
                        + status.length() + " bytes, but the checkpoint recorded " + recorded + " (referenced by "
                        + f.getValue() + "; the data ends at offset " + status.length() + ")");
            }
            counts.files++;
        }

        // 2. every keyed stream and every operator state record decodes
        for (OperatorState op : operators) {
            counts.incremental += SnapshotStreams.incrementalHandles(op).size();
            for (SnapshotStreams.KeyedStream s : SnapshotStreams.keyedStreams(op)) {
                try {
                    SnapshotStreams.scanKeyed(s, op.getMaxParallelism(), new SnapshotStreams.KeyedVisitor() {
                        @Override
                        public void keyGroup(int keyGroup) {
                            counts.keyGroups++;
                        }

                        @Override
                        public void entry(int stateIndex, Object key, Object namespace, Object value) {
                            counts.entries++;
                        }
                    });
                } catch (IOException | RuntimeException e) {
                    return counts.failure(problem(e, op, s.stream));
                }
                counts.streams++;
            }
            for (SnapshotStreams.OperatorStream s : SnapshotStreams.operatorStreams(op)) {
                try {
                    counts.records += SnapshotStreams.scanOperator(s, null, (name, mode, key, value) -> { });
                } catch (IOException | RuntimeException e) {
                    return counts.failure(problem(e, op, s.stream));
                }
                counts.streams++;
            }
        }
        String summary = "OK: " + loaded.checkpoint().getExternalPointer() + ": metadata, " + counts.files + " files, "
                + counts.streams + " streams, " + counts.keyGroups + " key groups, " + counts.entries + " entries, "
                + counts.records + " operator state records checked"
                + (counts.incremental == 0 ? "" : "; " + counts.incremental
                        + " native handles (incremental or full): files checked, contents not readable by this tool");
        return new VerificationResult(true, summary, counts.files, counts.streams, counts.keyGroups, counts.entries,
                counts.records);
    }

    private static void addFile(StreamStateHandle h, String owner, Map<Path, String> files, Map<Path, Long> sizes) {
        if (h instanceof FileStateHandle f) {
            files.putIfAbsent(f.getFilePath(), owner);
            sizes.putIfAbsent(f.getFilePath(), f.getStateSize());
        }
    }

    private static String problem(Exception e, OperatorState op, StreamStateHandle stream) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        String source = SnapshotStreams.describe(stream);
        String where = message.contains(source) ? "" : " (in " + source + ")";
        return message + where + " [operator " + op.getOperatorID() + "]";
    }
}
