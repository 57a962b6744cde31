package io.cairn.state.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.fs.Path;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotResultTest {

    @TempDir
    java.nio.file.Path tmp;

    /** A handle that records discards and can be told to fail them. */
    static final class RecordingHandle implements StateHandle {
        private static final long serialVersionUID = 1L;
        final long size;
        final String failure;
        int discards;

        RecordingHandle(long size, String failure) {
            this.size = size;
            this.failure = failure;
        }

        @Override
        public void discardState() throws IOException {
            discards++;
            if (failure != null) {
                throw new IOException(failure);
            }
        }

        @Override
        public long getStateSize() {
            return size;
        }
    }

    private FileStateHandle file(String name) throws IOException {
        java.nio.file.Path local = tmp.resolve(name);
        Files.write(local, new byte[] {1, 2, 3, 4, 5});
        return new FileStateHandle(Path.fromLocal(local), 5);
    }

    @Test
    void emptyResult() throws IOException {
        SnapshotResult<StateHandle> empty = SnapshotResult.empty();
        assertThat(empty.getJobManagerOwnedSnapshot()).isNull();
        assertThat(empty.getTaskLocalSnapshot()).isNull();
        assertThat(empty.getStateSize()).isZero();
        empty.discardState();
        assertThat(SnapshotResult.<StateHandle>of(null)).isSameAs(empty);
        assertThat(SnapshotResult.<FileStateHandle>empty()).isSameAs(empty);
    }

    @Test
    void resultWithoutLocalCopy() {
        RecordingHandle h = new RecordingHandle(42, null);
        SnapshotResult<RecordingHandle> r = SnapshotResult.of(h);
        assertThat(r.getJobManagerOwnedSnapshot()).isSameAs(h);
        assertThat(r.getTaskLocalSnapshot()).isNull();
        assertThat(r.getStateSize()).isEqualTo(42);
        assertThat(r.toString()).doesNotContain("local=");
    }

    @Test
    void resultWithLocalCopyReportsOnlyTheJobManagerSize() {
        RecordingHandle jm = new RecordingHandle(42, null);
        RecordingHandle local = new RecordingHandle(1000, null);
        SnapshotResult<RecordingHandle> r = SnapshotResult.withLocalState(jm, local);
        assertThat(r.getJobManagerOwnedSnapshot()).isSameAs(jm);
        assertThat(r.getTaskLocalSnapshot()).isSameAs(local);
        assertThat(r.getStateSize()).isEqualTo(42);
        assertThat(r.toString()).contains("local=");
    }

    @Test
    void localCopyWithoutJobManagerSnapshotIsRejected() {
        assertThatThrownBy(() -> SnapshotResult.withLocalState(null, new RecordingHandle(1, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void discardDeletesBothCopies() throws IOException {
        FileStateHandle jm = file("jm");
        FileStateHandle local = file("local");
        SnapshotResult<FileStateHandle> r = SnapshotResult.withLocalState(jm, local);
        r.discardState();
        assertThat(Files.exists(jm.getFilePath().toLocalPath())).isFalse();
        assertThat(Files.exists(local.getFilePath().toLocalPath())).isFalse();
        r.discardState(); // idempotent
    }

    @Test
    void discardTriesBothAndReportsFirstFailureWithSecondSuppressed() {
        RecordingHandle jm = new RecordingHandle(1, "jm failed");
        RecordingHandle local = new RecordingHandle(1, "local failed");
        SnapshotResult<RecordingHandle> r = SnapshotResult.withLocalState(jm, local);
        assertThatThrownBy(r::discardState)
                .isInstanceOf(IOException.class)
                .hasMessage("jm failed")
                .satisfies(e -> assertThat(e.getSuppressed())
                        .singleElement()
                        .satisfies(s -> assertThat(s).hasMessage("local failed")));
        assertThat(jm.discards).isEqualTo(1);
        assertThat(local.discards).isEqualTo(1);
    }

    @Test
    void discardContinuesAfterFirstFailure() {
        RecordingHandle jm = new RecordingHandle(1, "jm failed");
        RecordingHandle local = new RecordingHandle(1, null);
        SnapshotResult<RecordingHandle> r = SnapshotResult.withLocalState(jm, local);
        assertThatThrownBy(r::discardState).hasMessage("jm failed");
        assertThat(local.discards).isEqualTo(1);
    }

    private IncrementalKeyedStateHandle incremental(FileStateHandle meta, FileStateHandle uploaded, FileStateHandle earlier,
            FileStateHandle privatePiece) {
        return new IncrementalKeyedStateHandle(java.util.UUID.randomUUID(), io.cairn.state.keygroup.KeyGroupRange.of(0, 9), 2,
                meta, java.util.List.of(StatePiece.of("new.sst", uploaded),
                        StatePiece.of("old.sst", PlaceholderStreamStateHandle.of(earlier))),
                java.util.List.of(StatePiece.of("MANIFEST", privatePiece)));
    }

    @Test
    void discardingANeverRegisteredResultDeletesItsOwnSharedUploadsButNotWhatPlaceholdersNameOrAfterRegistration()
            throws IOException {
        FileStateHandle meta = file("meta");
        FileStateHandle uploaded = file("new");
        FileStateHandle earlier = file("old");
        FileStateHandle privatePiece = file("manifest");
        SnapshotResult.of(incremental(meta, uploaded, earlier, privatePiece)).discardNeverRegisteredState();
        assertThat(Files.exists(meta.getFilePath().toLocalPath())).isFalse();
        assertThat(Files.exists(privatePiece.getFilePath().toLocalPath())).isFalse();
        assertThat(Files.exists(uploaded.getFilePath().toLocalPath())).isFalse();
        assertThat(Files.exists(earlier.getFilePath().toLocalPath())).isTrue();

        // once registered, the registry owns the shared pieces: only the meta and private pieces go
        FileStateHandle meta2 = file("meta2");
        FileStateHandle uploaded2 = file("new2");
        FileStateHandle private2 = file("manifest2");
        IncrementalKeyedStateHandle registered = incremental(meta2, uploaded2, earlier, private2);
        SharedStateRegistryImpl registry = new SharedStateRegistryImpl(Runnable::run);
        registry.registerReference(SharedStateRegistryKey.forStreamStateHandle(earlier), earlier, 1);
        registry.registerAll(java.util.List.of(registered), 2);
        SnapshotResult.of(registered).discardNeverRegisteredState();
        assertThat(Files.exists(meta2.getFilePath().toLocalPath())).isFalse();
        assertThat(Files.exists(uploaded2.getFilePath().toLocalPath())).isTrue();
        assertThat(Files.exists(earlier.getFilePath().toLocalPath())).isTrue();
    }
}
