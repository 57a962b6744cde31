package io.cairn.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.checkpoint.metadata.CheckpointMetadata;
import io.cairn.checkpoint.metadata.MetadataFormat;
import io.cairn.checkpoint.metadata.OperatorState;
import io.cairn.checkpoint.metadata.OperatorSubtaskState;
import io.cairn.checkpoint.storage.CheckpointProperties;
import io.cairn.checkpoint.storage.CheckpointRetentionPolicy;
import io.cairn.common.OperatorID;
import io.cairn.fs.Path;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.PlaceholderStreamStateHandle;
import io.cairn.state.handle.SharedStateRegistryImpl;
import io.cairn.state.handle.StatePiece;
import io.cairn.state.handle.StreamStateHandle;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomized coordinator simulation: incremental checkpoints that reuse random subsets of earlier
 * pieces, aborts (registered at acknowledgement or never registered), retention of the last K, and
 * restarts that re-register the retained checkpoints from their metadata. After every step the set of
 * existing files must be exactly what the retained checkpoints (and still-recent aborted ones) use.
 */
class SharedStateRegistryPropertyTest {

    static final OperatorID OP = OperatorID.fromUid("keyed");
    static final int MAX_PARALLELISM = 128;
    static final CheckpointProperties PROPS = CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION);

    @TempDir
    java.nio.file.Path tmp;

    /** Discards run only when drained. */
    static final class QueueExecutor implements java.util.concurrent.Executor {
        final ArrayDeque<Runnable> queue = new ArrayDeque<>();

        @Override
        public void execute(Runnable command) {
            queue.add(command);
        }

        void drain() {
            for (Runnable r; (r = queue.poll()) != null; ) {
                r.run();
            }
        }
    }

    record Retained(long id, OperatorState state) {}

    /** One run of the simulation. */
    final class Run {
        final Random rnd;
        final long seed;
        final java.nio.file.Path root;
        final int retain;
        final int parallelism;
        final QueueExecutor cleaner = new QueueExecutor();
        SharedStateRegistryImpl registry = new SharedStateRegistryImpl(cleaner);
        final List<Map<String, StreamStateHandle>> confirmed = new ArrayList<>();
        final UUID[] backendIds;
        final ArrayDeque<Retained> retained = new ArrayDeque<>();
        final Set<java.nio.file.Path> created = new LinkedHashSet<>();
        /** Shared files registered by aborted checkpoints, with the highest such checkpoint id. */
        final Map<java.nio.file.Path, Long> lingering = new HashMap<>();
        /** Files a restart made unknown to the registry: never deleted, like Flink's orphans. */
        final Set<java.nio.file.Path> orphans = new HashSet<>();
        long lowestRetainedAtLastUnregister = 0;
        int pieceCounter;
        int aborts;
        int restarts;

        Run(long seed) throws IOException {
            this.seed = seed;
            this.rnd = new Random(seed);
            this.root = Files.createDirectories(tmp.resolve("run-" + seed));
            this.retain = 1 + rnd.nextInt(3);
            this.parallelism = 1 + rnd.nextInt(2);
            this.backendIds = new UUID[parallelism];
            for (int b = 0; b < parallelism; b++) {
                backendIds[b] = new UUID(seed, b);
                confirmed.add(new LinkedHashMap<>());
            }
        }

        FileStateHandle newFile(String relative) throws IOException {
            java.nio.file.Path p = root.resolve(relative);
            Files.createDirectories(p.getParent());
            byte[] data = new byte[1 + rnd.nextInt(64)];
            rnd.nextBytes(data);
            Files.write(p, data);
            created.add(p);
            return new FileStateHandle(Path.fromLocal(p), data.length);
        }

        /**
         * @param mayResend whether the backend may re-send an earlier upload as its real (equal) handle; only
         *     safe for a checkpoint that gets registered: an unregistered one discards every non-placeholder
         */
        IncrementalKeyedStateHandle snapshot(int backend, long id, boolean mayResend) throws IOException {
            List<StatePiece> shared = new ArrayList<>();
            for (Map.Entry<String, StreamStateHandle> e : confirmed.get(backend).entrySet()) {
                if (rnd.nextInt(10) < 6) {
                    // normally a placeholder; sometimes the backend re-sends the (equal) real handle
                    StreamStateHandle h = mayResend && rnd.nextInt(10) == 0 ? e.getValue() : PlaceholderStreamStateHandle.of(e.getValue());
                    shared.add(StatePiece.of(e.getKey(), h));
                }
            }
            int fresh = rnd.nextInt(3) + (shared.isEmpty() ? 1 : 0);
            for (int i = 0; i < fresh; i++) {
                String name = String.format("%06d.sst", ++pieceCounter);
                shared.add(StatePiece.of(name, newFile("shared/b" + backend + "-" + name)));
            }
            return new IncrementalKeyedStateHandle(backendIds[backend],
                    KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(MAX_PARALLELISM, parallelism, backend), id,
                    newFile("chk-" + id + "/b" + backend + "-meta"), shared,
                    List.of(StatePiece.of("MANIFEST", newFile("chk-" + id + "/b" + backend + "-MANIFEST"))));
        }

        void step(long id) throws IOException {
            boolean abort = rnd.nextInt(100) < 15;
            List<IncrementalKeyedStateHandle> handles = new ArrayList<>();
            for (int b = 0; b < parallelism; b++) {
                handles.add(snapshot(b, id, !abort));
            }
            if (abort) {
                abort(id, handles);
            } else {
                complete(id, handles);
                if (rnd.nextInt(100) < 8) {
                    restart();
                }
            }
            cleaner.drain();
            check(id);
        }

        void abort(long id, List<IncrementalKeyedStateHandle> handles) throws IOException {
            aborts++;
            for (IncrementalKeyedStateHandle h : handles) {
                if (rnd.nextBoolean()) {
                    // acknowledged before the abort: the coordinator registered it on receipt
                    registry.registerAll(List.of(h), id);
                    for (StatePiece p : h.getSharedState()) {
                        lingering.merge(local(p.handle()), id, Math::max);
                    }
                    h.discardState();
                } else {
                    h.discardState();
                    h.discardUnregisteredSharedState();
                }
            }
        }

        void complete(long id, List<IncrementalKeyedStateHandle> handles) throws IOException {
            Map<Integer, OperatorSubtaskState> subtasks = new HashMap<>();
            for (int b = 0; b < parallelism; b++) {
                subtasks.put(b, new OperatorSubtaskState(List.of(handles.get(b)), List.of()));
            }
            OperatorState state = new OperatorState(OP, parallelism, MAX_PARALLELISM, subtasks);
            registry.registerAll(List.of(state), id);
            registry.checkpointCompleted(id);
            for (int b = 0; b < parallelism; b++) {
                confirmed.set(b, piecesOf(handles.get(b)));
            }
            retained.addLast(new Retained(id, state));
            while (retained.size() > retain) {
                retained.removeFirst().state().discardState();
            }
            lowestRetainedAtLastUnregister = retained.getFirst().id();
            registry.unregisterUnusedState(lowestRetainedAtLastUnregister);
        }

        Map<String, StreamStateHandle> piecesOf(IncrementalKeyedStateHandle h) {
            Map<String, StreamStateHandle> pieces = new LinkedHashMap<>();
            for (StatePiece p : h.getSharedState()) {
                assertThat(p.isPlaceholder()).as("seed %d: placeholder left after registration", seed).isFalse();
                pieces.put(p.name(), p.handle());
            }
            return pieces;
        }

        /** Job restart: a new registry fed with the retained checkpoints read back from their metadata. */
        void restart() throws IOException {
            restarts++;
            registry.close();
            cleaner.drain();
            Set<java.nio.file.Path> referenced = referenced();
            for (Map.Entry<java.nio.file.Path, Long> e : lingering.entrySet()) {
                if (e.getValue() >= lowestRetainedAtLastUnregister && !referenced.contains(e.getKey())) {
                    orphans.add(e.getKey());
                }
            }
            lingering.clear();
            registry = new SharedStateRegistryImpl(cleaner);
            List<Retained> reloaded = new ArrayList<>();
            for (Retained r : retained) {
                Path dir = Path.fromLocal(root.resolve("chk-" + r.id()));
                CheckpointMetadata m = new CheckpointMetadata(r.id(), r.id(), r.id(), PROPS, List.of(r.state()), List.of());
                CheckpointMetadata back = MetadataFormat.deserialize(MetadataFormat.serialize(m, dir), "chk-" + r.id(), dir);
                assertThat(back).isEqualTo(m);
                reloaded.add(new Retained(r.id(), back.operatorStates().get(0)));
            }
            retained.clear();
            for (Retained r : reloaded) {
                registry.registerAll(List.of(r.state()), r.id());
                retained.addLast(r);
            }
            // backends restore from the latest retained checkpoint
            OperatorState latest = retained.getLast().state();
            for (int b = 0; b < parallelism; b++) {
                confirmed.set(b, piecesOf((IncrementalKeyedStateHandle) latest.getState(b).getManagedKeyedState().get(0)));
            }
            registry.unregisterUnusedState(lowestRetainedAtLastUnregister);
        }

        Set<java.nio.file.Path> referenced() {
            Set<java.nio.file.Path> files = new HashSet<>();
            for (Retained r : retained) {
                for (OperatorSubtaskState s : r.state().getSubtaskStates().values()) {
                    for (KeyedStateHandle k : s.getManagedKeyedState()) {
                        IncrementalKeyedStateHandle h = (IncrementalKeyedStateHandle) k;
                        files.add(local(h.getMetaStateHandle()));
                        for (StatePiece p : h.getPrivateState()) {
                            files.add(local(p.handle()));
                        }
                        for (StatePiece p : h.getSharedState()) {
                            files.add(local(p.handle()));
                        }
                    }
                }
            }
            return files;
        }

        void check(long id) {
            Set<java.nio.file.Path> referenced = referenced();
            for (java.nio.file.Path f : referenced) {
                assertThat(Files.exists(f)).as("seed %d after checkpoint %d: %s is used by a retained checkpoint", seed, id, f)
                        .isTrue();
            }
            for (java.nio.file.Path f : created) {
                boolean lingers = lingering.getOrDefault(f, -1L) >= lowestRetainedAtLastUnregister;
                boolean expected = referenced.contains(f) || lingers || orphans.contains(f);
                assertThat(Files.exists(f))
                        .as("seed %d after checkpoint %d (retain %d): %s referenced=%s lingering=%s orphan=%s", seed, id,
                                retain, f, referenced.contains(f), lingers, orphans.contains(f))
                        .isEqualTo(expected);
            }
        }
    }

    static java.nio.file.Path local(StreamStateHandle h) {
        return ((FileStateHandle) h).getFilePath().toLocalPath();
    }

    @Test
    void existingFilesAreExactlyThoseTheRetainedCheckpointsUse() throws IOException {
        Random seeds = new Random(20240607L);
        int aborts = 0;
        int restarts = 0;
        int checkpoints = 0;
        for (int iteration = 0; iteration < 200; iteration++) {
            Run run = new Run(seeds.nextLong());
            int n = 5 + run.rnd.nextInt(12);
            for (long id = 1; id <= n; id++) {
                run.step(id);
            }
            aborts += run.aborts;
            restarts += run.restarts;
            checkpoints += n;
        }
        // the generator exercises every path
        assertThat(checkpoints).isGreaterThan(1000);
        assertThat(aborts).isGreaterThan(50);
        assertThat(restarts).isGreaterThan(20);
    }
}
