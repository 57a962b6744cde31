package io.cairn.state.rocksdb;

import static io.cairn.state.rocksdb.RocksDBIncrementalCheckpointTest.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStateOutputStream;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.checkpoint.storage.CheckpointedStateScope;
import io.cairn.checkpoint.storage.CorruptCheckpointException;
import io.cairn.serialization.LongSerializer;
import io.cairn.state.ValueState;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StatePiece;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.heap.HashMapStateBackend;
import io.cairn.state.keyed.KeyedStateBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native snapshots that go wrong: an upload cancelled or failing at every stream leaves no file
 * behind and loses nothing; corrupt, truncated and foreign uploads are rejected naming the path.
 */
class RocksDBNativeSnapshotFailureTest {

    static final int MAX_PARALLELISM = 128;

    @TempDir
    Path tmp;

    private final List<KeyedStateBackend<?>> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(KeyedStateBackend::close);
    }

    RocksDBKeyedStateBackend<Long> open(List<KeyedStateHandle> restore) throws Exception {
        RocksDBKeyedStateBackend<Long> b = (RocksDBKeyedStateBackend<Long>) new EmbeddedRocksDBStateBackend()
                .withLocalDirectory(tmp.resolve("rocksdb"))
                .withIncrementalCheckpoints(true)
                .createKeyedStateBackend(KeyedStateBackendParameters.forSubtask(
                        "failures", LongSerializer.INSTANCE, MAX_PARALLELISM, 1, 0));
        opened.add(b);
        b.restore(StateHandles.of(restore));
        return b;
    }

    static ValueState<String> value(KeyedStateBackend<Long> b, long key) {
        b.setCurrentKey(key);
        return b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                RocksDBIncrementalCheckpointTest.VALUE);
    }

    static void check(KeyedStateBackend<Long> b, Map<Long, String> model, long keys) throws IOException {
        for (long k = 0; k < keys; k++) {
            assertThat(value(b, k).value()).as("key %d", k).isEqualTo(model.get(k));
        }
    }

    /** A real stream factory that runs an action when the {@code at}-th stream is created. */
    static final class Interrupting implements CheckpointStreamFactory {
        interface Action {
            void run() throws IOException;
        }

        final CheckpointStreamFactory delegate;
        final int at;
        final Action action;
        int created;

        Interrupting(CheckpointStreamFactory delegate, int at, Action action) {
            this.delegate = delegate;
            this.at = at;
            this.action = action;
        }

        @Override
        public CheckpointStateOutputStream createCheckpointStateOutputStream(CheckpointedStateScope scope) throws IOException {
            if (++created == at) {
                action.run();
            }
            return delegate.createCheckpointStateOutputStream(scope);
        }
    }

    /** Local RocksDB checkpoint directories left under the backend's instance directory. */
    static List<Path> localCheckpoints(RocksDBKeyedStateBackend<?> b) throws IOException {
        try (Stream<Path> s = Files.list(b.instanceDirectory())) {
            return s.filter(p -> p.getFileName().toString().startsWith("chk-")).toList();
        }
    }

    @Test
    void anUploadCancelledOrFailingAtAnyStreamLeavesNoFileAndTheNextCheckpointHasEverything() throws Exception {
        for (boolean cancel : new boolean[] {true, false}) {
            boolean reached = true;
            for (int stream = 1; reached; stream++) {
                int at = stream;
                String what = (cancel ? "cancelled" : "failed") + " at stream " + at;
                CheckpointHarness h = new CheckpointHarness(tmp.resolve("store-" + cancel + "-" + at), 1, MAX_PARALLELISM);
                RocksDBKeyedStateBackend<Long> b = open(List.of());
                Map<Long, String> model = new HashMap<>();
                for (long k = 0; k < 2_000; k++) {
                    value(b, k).update(payload(k, 0));
                    model.put(k, payload(k, 0));
                }
                h.complete(1, List.of(b), h.snapshot(List.of(b), 1));
                for (long k = 0; k < 2_000; k += 3) {
                    value(b, k).update(payload(k, 1));
                    model.put(k, payload(k, 1));
                }
                List<RunnableFuture<SnapshotResult<KeyedStateHandle>>> future = new ArrayList<>();
                Interrupting streams = new Interrupting(h.location(2), at, () -> {
                    if (cancel) {
                        future.get(0).cancel(true);
                    } else {
                        throw new IOException("injected failure at stream " + at);
                    }
                });
                future.add(b.snapshot(2, 2, streams, CheckpointOptions.forCheckpointWithDefaultLocation()));
                future.get(0).run();
                Thread.interrupted(); // the cancellation interrupted this thread, which ran the upload
                reached = streams.created >= at;
                if (reached && cancel) {
                    assertThat(future.get(0).isCancelled()).as(what).isTrue();
                    assertThatThrownBy(future.get(0)::get).isInstanceOf(CancellationException.class);
                } else if (reached) {
                    assertThatThrownBy(future.get(0)::get).as(what).isInstanceOf(ExecutionException.class)
                            .hasMessageContaining("injected failure");
                }
                if (reached) {
                    assertThat(CheckpointHarness.files(h.access.getCheckpointDirectory(2).toLocalPath())).as(what).isEmpty();
                    assertThat(h.sharedFiles()).as(what).isEqualTo(h.sharedFilesOfRetainedCheckpoints());
                    assertThat(localCheckpoints(b)).as(what).isEmpty();
                    h.abort(2, List.of(b), List.of());
                } else {
                    h.complete(2, List.of(b), List.of(future.get(0).get().getJobManagerOwnedSnapshot()));
                }
                value(b, 5L).update("five");
                model.put(5L, "five");
                h.complete(3, List.of(b), h.snapshot(List.of(b), 3));
                assertThat(localCheckpoints(b)).as(what).isEmpty();
                assertThat(h.sharedFiles()).as(what).isEqualTo(h.sharedFilesOfRetainedCheckpoints());
                check(open(h.latest()), model, 2_000);
                assertThat(h.cleanupErrors).isEmpty();
                assertThat(stream).as("the loop ends once a snapshot creates fewer streams").isLessThan(50);
            }
        }
    }

    @Test
    void aBackendClosedDuringTheUploadStopsItAndLeavesNoFile() throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        RocksDBKeyedStateBackend<Long> b = open(List.of());
        for (long k = 0; k < 1_000; k++) {
            value(b, k).update(payload(k, 0));
        }
        // another thread (the task's) closes the backend while this one uploads
        Thread closer = new Thread(b::close, "closer");
        RunnableFuture<SnapshotResult<KeyedStateHandle>> f = b.snapshot(1, 1,
                new Interrupting(h.location(1), 2, () -> {
                    closer.start();
                    while (!b.guard().isClosed()) {
                        Thread.onSpinWait();
                    }
                }), CheckpointOptions.forCheckpointWithDefaultLocation());
        f.run();
        closer.join();
        assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasMessageContaining("closed");
        assertThat(CheckpointHarness.files(h.access.getCheckpointDirectory(1).toLocalPath())).isEmpty();
        assertThat(h.sharedFiles()).isEmpty();
        assertThat(b.instanceDirectory()).doesNotExist();
    }

    private List<KeyedStateHandle> completedCheckpoint(CheckpointHarness h) throws Exception {
        RocksDBKeyedStateBackend<Long> b = open(List.of());
        for (long k = 0; k < 2_000; k++) {
            value(b, k).update(payload(k, 0));
        }
        List<KeyedStateHandle> handles = h.snapshot(List.of(b), 1);
        h.complete(1, List.of(b), handles);
        return handles;
    }

    private static Path firstSst(List<KeyedStateHandle> handles) {
        for (StatePiece p : ((IncrementalKeyedStateHandle) handles.get(0)).getSharedState()) {
            if (p.name().endsWith(".sst")) {
                return ((FileStateHandle) p.handle()).getFilePath().toLocalPath();
            }
        }
        throw new AssertionError("no SST file in " + handles);
    }

    @Test
    void aTruncatedSstFileIsReportedWithItsPath() throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        List<KeyedStateHandle> handles = completedCheckpoint(h);
        Path sst = firstSst(handles);
        byte[] bytes = Files.readAllBytes(sst);
        Files.write(sst, Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> open(handles))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("truncated")
                .hasMessageContaining(sst.toString());
    }

    @Test
    void aFlippedByteInAnSstFileIsCaughtByTheChecksumNamingThePath() throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        List<KeyedStateHandle> handles = completedCheckpoint(h);
        Path sst = firstSst(handles);
        byte[] bytes = Files.readAllBytes(sst);
        bytes[bytes.length / 3] ^= 0x20;
        Files.write(sst, bytes);
        assertThatThrownBy(() -> open(handles))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("checksum")
                .hasMessageContaining(sst.toString());
    }

    @Test
    void aMissingFileIsReportedWithItsPath() throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        List<KeyedStateHandle> handles = completedCheckpoint(h);
        Path sst = firstSst(handles);
        Files.delete(sst);
        assertThatThrownBy(() -> open(handles)).isInstanceOf(IOException.class).hasMessageContaining(sst.toString());
    }

    @Test
    void aTruncatedOrCorruptMetaStreamIsReportedWithItsPath() throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        List<KeyedStateHandle> handles = completedCheckpoint(h);
        Path meta = ((FileStateHandle) ((IncrementalKeyedStateHandle) handles.get(0)).getMetaStateHandle())
                .getFilePath().toLocalPath();
        byte[] bytes = Files.readAllBytes(meta);
        Files.write(meta, Arrays.copyOf(bytes, bytes.length - 5));
        assertThatThrownBy(() -> open(handles))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("truncated")
                .hasMessageContaining(meta.toString());
        byte[] flipped = bytes.clone();
        flipped[flipped.length - 10] ^= 0x01;
        Files.write(meta, flipped);
        assertThatThrownBy(() -> open(handles))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("checksum")
                .hasMessageContaining(meta.toString());
        byte[] badVersion = bytes.clone();
        badVersion[5] = 9;
        Files.write(meta, badVersion);
        assertThatThrownBy(() -> open(handles))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("version 9")
                .hasMessageContaining(meta.toString());
    }

    @Test
    void aNativeCheckpointIsRejectedByTheHeapBackendWithAClearError() throws Exception {
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        List<KeyedStateHandle> handles = completedCheckpoint(h);
        KeyedStateBackend<Long> heap = new HashMapStateBackend().createKeyedStateBackend(
                KeyedStateBackendParameters.forSubtask("failures", LongSerializer.INSTANCE, MAX_PARALLELISM, 1, 0));
        opened.add(heap);
        assertThatThrownBy(() -> heap.restore(StateHandles.of(handles)))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("rocksdb backend")
                .hasMessageContaining("canonical savepoint");
    }

    @Test
    void aHeapIncrementalCheckpointIsRejectedWithAClearError() throws Exception {
        KeyedStateBackend<Long> heap = new HashMapStateBackend().withIncrementalCheckpoints(true).createKeyedStateBackend(
                KeyedStateBackendParameters.forSubtask("failures", LongSerializer.INSTANCE, MAX_PARALLELISM, 1, 0));
        opened.add(heap);
        value(heap, 1L).update("one");
        CheckpointHarness h = new CheckpointHarness(tmp.resolve("store"), 1, MAX_PARALLELISM);
        List<KeyedStateHandle> handles = h.snapshot(List.of(heap), 1);
        assertThatThrownBy(() -> open(handles))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("hashmap backend")
                .hasMessageContaining("canonical savepoint");
    }
}
