package io.cairn.state.keyed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.fs.Path;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StatePiece;
import io.cairn.state.keygroup.KeyGroupRange;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleasingSnapshotTaskTest {

    @TempDir
    java.nio.file.Path tmp;

    private FileStateHandle file(String name) throws IOException {
        java.nio.file.Path local = tmp.resolve(name);
        Files.write(local, new byte[] {1, 2, 3});
        return new FileStateHandle(Path.fromLocal(local), 3);
    }

    @Test
    void releasesOnceWhenTheWriteSucceedsFailsOrIsCancelledBeforeStarting() throws Exception {
        AtomicInteger released = new AtomicInteger();
        ReleasingSnapshotTask<KeyedStateHandle> ok = new ReleasingSnapshotTask<>(SnapshotResult::empty, released::incrementAndGet);
        ok.run();
        ok.cancel(true);
        assertThat(released).hasValue(1);

        ReleasingSnapshotTask<KeyedStateHandle> failing = new ReleasingSnapshotTask<>(() -> {
            throw new IOException("disk full");
        }, released::incrementAndGet);
        failing.run();
        assertThatThrownBy(failing::get).isInstanceOf(ExecutionException.class).hasMessageContaining("disk full");
        assertThat(released).hasValue(2);

        ReleasingSnapshotTask<KeyedStateHandle> never = new ReleasingSnapshotTask<>(SnapshotResult::empty, released::incrementAndGet);
        never.cancel(false);
        never.run();
        assertThat(released).hasValue(3);
    }

    @Test
    void aResultProducedAfterCancellationIsDiscardedWithTheSharedPiecesItUploaded() throws Exception {
        FileStateHandle meta = file("meta");
        FileStateHandle sst = file("sst");
        AtomicReference<ReleasingSnapshotTask<KeyedStateHandle>> self = new AtomicReference<>();
        ReleasingSnapshotTask<KeyedStateHandle> task = new ReleasingSnapshotTask<>(() -> {
            self.get().cancel(false); // cancelled while the write runs: its result reaches nobody
            return SnapshotResult.of(new IncrementalKeyedStateHandle(
                    UUID.randomUUID(), KeyGroupRange.of(0, 3), 1, meta, List.of(StatePiece.of("1.sst", sst)), List.of()));
        }, () -> {});
        self.set(task);
        task.run();
        assertThatThrownBy(task::get).isInstanceOf(CancellationException.class);
        assertThat(Files.exists(meta.getFilePath().toLocalPath())).isFalse();
        assertThat(Files.exists(sst.getFilePath().toLocalPath())).isFalse();
    }
}
