package io.cairn.state.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.fs.Path;
import io.cairn.state.keygroup.KeyGroupRange;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedStateRegistryImplTest {

    static final UUID BACKEND = new UUID(7, 7);

    @TempDir
    java.nio.file.Path tmp;

    /** Runs discards only when drained, so tests see exactly when they happen. */
    static final class QueueExecutor implements Executor {
        final ArrayDeque<Runnable> queue = new ArrayDeque<>();

        @Override
        public void execute(Runnable command) {
            queue.add(command);
        }

        int drain() {
            int n = 0;
            for (Runnable r; (r = queue.poll()) != null; n++) {
                r.run();
            }
            return n;
        }
    }

    private final Map<String, FileStateHandle> sharedFiles = new LinkedHashMap<>();

    private FileStateHandle file(String name) throws IOException {
        java.nio.file.Path local = tmp.resolve(name);
        Files.createDirectories(local.getParent());
        Files.write(local, name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new FileStateHandle(Path.fromLocal(local), Files.size(local));
    }

    private static boolean exists(StreamStateHandle h) {
        return Files.exists(((FileStateHandle) h).getFilePath().toLocalPath());
    }

    /** The snapshot a backend takes: pieces it uploaded before become placeholders, new ones are uploaded. */
    private IncrementalKeyedStateHandle snapshot(long checkpointId, String... pieceNames) throws IOException {
        List<StatePiece> shared = new ArrayList<>();
        for (String name : pieceNames) {
            FileStateHandle uploaded = sharedFiles.get(name);
            if (uploaded == null) {
                uploaded = file("shared/" + name);
                sharedFiles.put(name, uploaded);
                shared.add(StatePiece.of(name, uploaded));
            } else {
                shared.add(StatePiece.of(name, PlaceholderStreamStateHandle.of(uploaded)));
            }
        }
        return new IncrementalKeyedStateHandle(BACKEND, KeyGroupRange.of(0, 127), checkpointId,
                file("chk-" + checkpointId + "/meta"), shared, List.of(StatePiece.of("MANIFEST", file("chk-" + checkpointId + "/MANIFEST"))));
    }

    private boolean sharedExists(String name) {
        return exists(sharedFiles.get(name));
    }

    @Test
    void tracksReferencesAcrossOverlappingCheckpoints() throws IOException {
        QueueExecutor cleaner = new QueueExecutor();
        SharedStateRegistryImpl registry = new SharedStateRegistryImpl(cleaner);
        // piece sets: 1 {a b c}, 2 {b c d}, 3 {c d e}, 4 {a'...}: each checkpoint drops one, adds one
        IncrementalKeyedStateHandle c1 = snapshot(1, "a", "b", "c");
        IncrementalKeyedStateHandle c2 = snapshot(2, "b", "c", "d");
        IncrementalKeyedStateHandle c3 = snapshot(3, "c", "d", "e");
        IncrementalKeyedStateHandle c4 = snapshot(4, "e", "f");
        List<IncrementalKeyedStateHandle> all = List.of(c1, c2, c3, c4);
        for (IncrementalKeyedStateHandle c : all) {
            registry.registerAll(List.of(c), c.getCheckpointId());
            registry.checkpointCompleted(c.getCheckpointId());
        }
        assertThat(registry.size()).isEqualTo(6);
        assertThat(registry.getHighestCompletedCheckpointId()).isEqualTo(4);
        for (IncrementalKeyedStateHandle c : all) {
            assertThat(c.getSharedState()).noneMatch(StatePiece::isPlaceholder);
        }

        // retain {2,3,4}: a (last used by 1) goes
        c1.discardState();
        registry.unregisterUnusedState(2);
        assertThat(sharedExists("a")).as("discard is asynchronous").isTrue();
        assertThat(cleaner.drain()).isEqualTo(1);
        assertThat(sharedExists("a")).isFalse();
        assertThat(List.of("b", "c", "d", "e", "f")).allMatch(this::sharedExists);
        assertThat(exists(c1.getMetaStateHandle())).isFalse();

        // retain {4}: b, c, d go; e, f stay
        registry.unregisterUnusedState(4);
        assertThat(cleaner.drain()).isEqualTo(3);
        assertThat(List.of("b", "c", "d")).noneMatch(this::sharedExists);
        assertThat(List.of("e", "f")).allMatch(this::sharedExists);
        assertThat(registry.size()).isEqualTo(2);

        // nothing more to do at the same bound
        registry.unregisterUnusedState(4);
        assertThat(cleaner.drain()).isZero();
    }

    @Test
    void placeholdersAreResolvedToTheRegisteredHandle() throws IOException {
        SharedStateRegistryImpl registry = new SharedStateRegistryImpl(Runnable::run);
        FileStateHandle sst = file("shared/1.sst");
        SharedStateRegistryKey key = SharedStateRegistryKey.forStreamStateHandle(sst);
        assertThat(registry.registerReference(key, sst, 1)).isSameAs(sst);
        assertThat(registry.registerReference(key, PlaceholderStreamStateHandle.of(sst), 2)).isSameAs(sst);
        assertThat(registry.getRegistered(key)).isSameAs(sst);
        // the placeholder kept the piece alive for checkpoint 2
        registry.unregisterUnusedState(2);
        assertThat(exists(sst)).isTrue();
        registry.unregisterUnusedState(3);
        assertThat(exists(sst)).isFalse();
        assertThat(registry.getRegistered(key)).isNull();
    }

    @Test
    void aPlaceholderForAnUnknownKeyIsRejectedNamingTheKey() {
        SharedStateRegistryImpl registry = new SharedStateRegistryImpl(Runnable::run);
        SharedStateRegistryKey key = SharedStateRegistryKey.of("file:/gone/9.sst");
        assertThatThrownBy(() -> registry.registerReference(key, new PlaceholderStreamStateHandle(key, 4), 5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("file:/gone/9.sst")
                .hasMessageContaining("checkpoint 5");
        assertThatThrownBy(() -> registry.registerReference(key, new ByteStreamStateHandle("x", new byte[1]), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void aDuplicateUploadOfAnExistingKeyIsDiscardedAndTheFirstKept() throws IOException {
        QueueExecutor cleaner = new QueueExecutor();
        SharedStateRegistryImpl registry = new SharedStateRegistryImpl(cleaner);
        SharedStateRegistryKey key = SharedStateRegistryKey.of(BACKEND + "-000012.sst");
        FileStateHandle first = file("shared/upload-1");
        FileStateHandle retried = file("shared/upload-2");
        assertThat(registry.registerReference(key, first, 3)).isSameAs(first);
        assertThat(registry.registerReference(key, retried, 4)).isSameAs(first);
        assertThat(cleaner.drain()).isEqualTo(1);
        assertThat(exists(retried)).isFalse();
        assertThat(exists(first)).isTrue();
        // an equal handle (e.g. the same file again, read back from metadata) is not a duplicate
        FileStateHandle sameFile = new FileStateHandle(first.getFilePath(), first.getStateSize());
        assertThat(registry.registerReference(key, sameFile, 5)).isSameAs(first);
        FileStateHandle sameFileOtherSize = new FileStateHandle(first.getFilePath(), first.getStateSize() + 1);
        assertThat(registry.registerReference(key, sameFileOtherSize, 5)).isSameAs(first);
        assertThat(cleaner.drain()).isZero();
        assertThat(exists(first)).isTrue();
        // the duplicate still counted as a use by checkpoint 4 and 5
        registry.unregisterUnusedState(5);
        assertThat(cleaner.drain()).isZero();
        registry.unregisterUnusedState(6);
        assertThat(cleaner.drain()).isEqualTo(1);
        assertThat(exists(first)).isFalse();
    }

    @Test
    void piecesOfAnAbortedCheckpointThatWereNeverRegisteredAreNotTouched() throws IOException {
        SharedStateRegistryImpl registry = new SharedStateRegistryImpl(Runnable::run);
        IncrementalKeyedStateHandle c1 = snapshot(1, "a", "b");
        registry.registerAll(List.of(c1), 1);
        IncrementalKeyedStateHandle aborted = snapshot(2, "b", "c");
        IncrementalKeyedStateHandle c3 = snapshot(3, "b", "d");
        registry.registerAll(List.of(c3), 3);
        registry.unregisterUnusedState(3);
        registry.unregisterUnusedState(100);
        assertThat(sharedExists("c")).as("never registered: the caller owns it").isTrue();
        assertThat(List.of("a", "b", "d")).noneMatch(this::sharedExists);
        // the caller (coordinator aborting checkpoint 2) discards it
        aborted.discardState();
        aborted.discardUnregisteredSharedState();
        assertThat(sharedExists("c")).isFalse();
        assertThat(exists(aborted.getMetaStateHandle())).isFalse();
    }

    @Test
    void piecesOfAnAbortedCheckpointThatWereRegisteredGoOnceItIsBelowTheLowestRetained() throws IOException {
        SharedStateRegistryImpl registry = new SharedStateRegistryImpl(Runnable::run);
        registry.registerAll(List.of(snapshot(1, "a")), 1);
        IncrementalKeyedStateHandle aborted = snapshot(2, "a", "b");
        registry.registerAll(List.of(aborted), 2);
        aborted.discardState();
        registry.unregisterUnusedState(1);
        assertThat(sharedExists("b")).isTrue();
        registry.registerAll(List.of(snapshot(3, "a", "c")), 3);
        registry.unregisterUnusedState(3);
        assertThat(sharedExists("b")).isFalse();
        assertThat(sharedExists("a")).isTrue();
    }

    @Test
    void reRegistrationAfterRestartRebuildsTheReferences() throws IOException {
        SharedStateRegistryImpl before = new SharedStateRegistryImpl(Runnable::run);
        IncrementalKeyedStateHandle c1 = snapshot(1, "a", "b");
        IncrementalKeyedStateHandle c2 = snapshot(2, "b", "c");
        IncrementalKeyedStateHandle c3 = snapshot(3, "c", "d");
        before.registerAll(List.of(c1), 1);
        before.registerAll(List.of(c2), 2);
        before.registerAll(List.of(c3), 3);
        c1.discardState();
        before.unregisterUnusedState(2);
        before.close();

        // restart: the retained checkpoints 2 and 3 come back as fresh (equal) objects, oldest first
        SharedStateRegistryImpl after = new SharedStateRegistryImpl(Runnable::run);
        IncrementalKeyedStateHandle r2 = copyOf(c2);
        IncrementalKeyedStateHandle r3 = copyOf(c3);
        after.registerAll(List.of(r2), 2);
        after.registerAll(List.of(r3), 3);
        assertThat(after.size()).isEqualTo(3);
        assertThat(List.of("b", "c", "d")).allMatch(this::sharedExists);

        // the restored backend continues from checkpoint 3 with placeholders
        IncrementalKeyedStateHandle c4 = snapshot(4, "d", "e");
        after.registerAll(List.of(c4), 4);
        r2.discardState();
        after.unregisterUnusedState(3);
        assertThat(sharedExists("b")).isFalse();
        assertThat(List.of("c", "d", "e")).allMatch(this::sharedExists);
        r3.discardState();
        after.unregisterUnusedState(4);
        assertThat(sharedExists("c")).isFalse();
        assertThat(List.of("d", "e")).allMatch(this::sharedExists);
    }

    private static IncrementalKeyedStateHandle copyOf(IncrementalKeyedStateHandle h) {
        List<StatePiece> shared = new ArrayList<>();
        for (StatePiece p : h.getSharedState()) {
            FileStateHandle f = (FileStateHandle) p.handle();
            shared.add(StatePiece.of(p.name(), new FileStateHandle(f.getFilePath(), f.getStateSize())));
        }
        return new IncrementalKeyedStateHandle(h.getBackendIdentifier(), h.getKeyGroupRange(), h.getCheckpointId(),
                h.getMetaStateHandle(), shared, h.getPrivateState(), h.getCheckpointedSize());
    }

    @Test
    void outOfOrderRegistrationKeepsTheHighestUser() throws IOException {
        SharedStateRegistryImpl registry = new SharedStateRegistryImpl(Runnable::run);
        FileStateHandle sst = file("shared/x");
        SharedStateRegistryKey key = SharedStateRegistryKey.forStreamStateHandle(sst);
        registry.registerReference(key, sst, 5);
        registry.registerReference(key, PlaceholderStreamStateHandle.of(sst), 3);
        registry.unregisterUnusedState(5);
        assertThat(exists(sst)).isTrue();
    }

    @Test
    void aClosedRegistryRejectsRegistrationAndDeletesNothing() throws IOException {
        SharedStateRegistryImpl registry = new SharedStateRegistryImpl(Runnable::run);
        FileStateHandle sst = file("shared/x");
        SharedStateRegistryKey key = SharedStateRegistryKey.forStreamStateHandle(sst);
        registry.registerReference(key, sst, 1);
        registry.close();
        registry.unregisterUnusedState(10);
        assertThat(exists(sst)).isTrue();
        assertThatThrownBy(() -> registry.registerReference(key, sst, 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed")
                .hasMessageContaining(key.toString());
        assertThat(registry.toString()).contains("closed");
    }

    @Test
    void aRejectingExecutorFallsBackToDiscardingInline() throws IOException {
        SharedStateRegistryImpl registry = new SharedStateRegistryImpl(r -> {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        });
        FileStateHandle sst = file("shared/x");
        registry.registerReference(SharedStateRegistryKey.forStreamStateHandle(sst), sst, 1);
        registry.unregisterUnusedState(2);
        assertThat(exists(sst)).isFalse();
    }

    @Test
    void registerAllSkipsNonCompositeObjectsAndNulls() throws IOException {
        SharedStateRegistryImpl registry = new SharedStateRegistryImpl(Runnable::run);
        List<StateObject> objects = new ArrayList<>();
        objects.add(null);
        objects.add(file("full-snapshot"));
        objects.add(snapshot(1, "a"));
        registry.registerAll(objects, 1);
        assertThat(registry.size()).isEqualTo(1);
    }
}
