package io.cairn.state.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.fs.Path;
import io.cairn.state.keygroup.KeyGroupRange;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalKeyedStateHandleTest {

    static final UUID BACKEND = new UUID(1, 2);

    @TempDir
    java.nio.file.Path tmp;

    private FileStateHandle file(String name, int size) throws IOException {
        java.nio.file.Path local = tmp.resolve(name);
        Files.createDirectories(local.getParent());
        Files.write(local, new byte[size]);
        return new FileStateHandle(Path.fromLocal(local), size);
    }

    private static boolean exists(FileStateHandle h) {
        return Files.exists(h.getFilePath().toLocalPath());
    }

    @Test
    void sizesCountPlaceholdersInStateSizeButNotInCheckpointedSize() throws IOException {
        FileStateHandle meta = file("chk-2/meta", 10);
        FileStateHandle newSst = file("shared/2.sst", 100);
        FileStateHandle manifest = file("chk-2/MANIFEST", 5);
        PlaceholderStreamStateHandle old = new PlaceholderStreamStateHandle(SharedStateRegistryKey.of("shared/1.sst"), 1000);
        IncrementalKeyedStateHandle h = new IncrementalKeyedStateHandle(BACKEND, KeyGroupRange.of(0, 63), 2, meta,
                List.of(StatePiece.of("1.sst", old), StatePiece.of("2.sst", newSst)),
                List.of(StatePiece.of("MANIFEST", manifest)));
        assertThat(h.getStateSize()).isEqualTo(1115);
        assertThat(h.getCheckpointedSize()).isEqualTo(115);
        assertThat(h.getCheckpointId()).isEqualTo(2);
        assertThat(h.getBackendIdentifier()).isEqualTo(BACKEND);
        assertThat(h.getMetaStateHandle()).isEqualTo(meta);
        assertThat(h.getSharedState()).extracting(StatePiece::name).containsExactly("1.sst", "2.sst");
        assertThat(h.getSharedState().get(0).isPlaceholder()).isTrue();
        assertThat(h.getPrivateState()).containsExactly(StatePiece.of("MANIFEST", manifest));
        assertThat(h.toString()).contains("checkpoint 2").contains(BACKEND.toString());
    }

    @Test
    void intersectionKeepsThePiecesAndNarrowsTheRange() throws IOException {
        IncrementalKeyedStateHandle h = new IncrementalKeyedStateHandle(BACKEND, KeyGroupRange.of(10, 19), 3,
                file("m", 1), List.of(StatePiece.of("a.sst", file("a", 2))), List.of());
        IncrementalKeyedStateHandle part = h.getIntersection(KeyGroupRange.of(15, 40));
        assertThat(part.getKeyGroupRange()).isEqualTo(KeyGroupRange.of(15, 19));
        assertThat(part.getSharedState()).isEqualTo(h.getSharedState());
        assertThat(part.getMetaStateHandle()).isEqualTo(h.getMetaStateHandle());
        assertThat(part.getCheckpointedSize()).isEqualTo(h.getCheckpointedSize());
        assertThat(h.getIntersection(KeyGroupRange.of(20, 30))).isNull();
        assertThat(h.getIntersection(KeyGroupRange.of(0, 127))).isEqualTo(h);
    }

    @Test
    void discardDeletesOnlyMetaAndPrivatePieces() throws IOException {
        FileStateHandle meta = file("chk-1/meta", 3);
        FileStateHandle priv = file("chk-1/MANIFEST", 3);
        FileStateHandle shared = file("shared/1.sst", 3);
        IncrementalKeyedStateHandle h = new IncrementalKeyedStateHandle(BACKEND, KeyGroupRange.of(0, 1), 1, meta,
                List.of(StatePiece.of("1.sst", shared)), List.of(StatePiece.of("MANIFEST", priv)));
        h.discardState();
        h.discardState();
        assertThat(exists(meta)).isFalse();
        assertThat(exists(priv)).isFalse();
        assertThat(exists(shared)).isTrue();
    }

    @Test
    void unregisteredSharedPiecesCanBeDiscardedByTheCallerButNotAfterRegistration() throws IOException {
        FileStateHandle fresh = file("shared/2.sst", 3);
        FileStateHandle older = file("shared/1.sst", 3);
        SharedStateRegistryImpl registry = new SharedStateRegistryImpl(Runnable::run);
        registry.registerReference(SharedStateRegistryKey.forStreamStateHandle(older), older, 1);
        IncrementalKeyedStateHandle aborted = new IncrementalKeyedStateHandle(BACKEND, KeyGroupRange.of(0, 1), 2,
                file("chk-2/meta", 1), List.of(StatePiece.of("1.sst", PlaceholderStreamStateHandle.of(older)),
                        StatePiece.of("2.sst", fresh)), List.of());
        aborted.discardState();
        aborted.discardUnregisteredSharedState();
        assertThat(exists(fresh)).isFalse();
        assertThat(exists(older)).as("placeholder target untouched").isTrue();

        IncrementalKeyedStateHandle registered = new IncrementalKeyedStateHandle(BACKEND, KeyGroupRange.of(0, 1), 3,
                file("chk-3/meta", 1), List.of(StatePiece.of("1.sst", PlaceholderStreamStateHandle.of(older))), List.of());
        registered.registerSharedStates(registry, 3);
        assertThat(registered.isRegistered()).isTrue();
        assertThatThrownBy(registered::discardUnregisteredSharedState)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("checkpoint 3");
        assertThat(exists(older)).isTrue();
    }

    @Test
    void registrationReplacesPlaceholdersInPlace() throws IOException {
        FileStateHandle sst = file("shared/1.sst", 7);
        SharedStateRegistryImpl registry = new SharedStateRegistryImpl(Runnable::run);
        registry.registerAll(List.of(new IncrementalKeyedStateHandle(BACKEND, KeyGroupRange.of(0, 1), 1, file("m1", 1),
                List.of(StatePiece.of("1.sst", sst)), List.of())), 1);
        IncrementalKeyedStateHandle second = new IncrementalKeyedStateHandle(BACKEND, KeyGroupRange.of(0, 1), 2,
                file("m2", 1), List.of(StatePiece.of("1.sst", PlaceholderStreamStateHandle.of(sst))), List.of());
        assertThat(second.getCheckpointedSize()).isEqualTo(1);
        registry.registerAll(List.of(second), 2);
        assertThat(second.getSharedState()).containsExactly(StatePiece.of("1.sst", sst));
        assertThat(second.getSharedState().get(0).handle()).isSameAs(sst);
        assertThat(second.getCheckpointedSize()).as("fixed at creation").isEqualTo(1);
        assertThat(second.getStateSize()).isEqualTo(8);
    }

    @Test
    void rejectsInvalidArgumentsNamingTheValue() throws IOException {
        FileStateHandle meta = file("m", 1);
        FileStateHandle a = file("a", 1);
        KeyGroupRange r = KeyGroupRange.of(0, 1);
        assertThatThrownBy(() -> new IncrementalKeyedStateHandle(BACKEND, r, -4, meta, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-4");
        assertThatThrownBy(() -> new IncrementalKeyedStateHandle(BACKEND, r, 1, meta,
                List.of(StatePiece.of("x.sst", a)), List.of(StatePiece.of("x.sst", a))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x.sst'");
        PlaceholderStreamStateHandle p = PlaceholderStreamStateHandle.of(a);
        assertThatThrownBy(() -> new IncrementalKeyedStateHandle(BACKEND, r, 1, meta, List.of(),
                List.of(StatePiece.of("MANIFEST", p))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MANIFEST");
        assertThatThrownBy(() -> new IncrementalKeyedStateHandle(BACKEND, r, 1, p, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("placeholder");
        assertThatThrownBy(() -> new IncrementalKeyedStateHandle(BACKEND, r, 1, meta, List.of(), List.of(), 99))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("99");
        assertThatThrownBy(() -> StatePiece.of("", a)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StatePiece.of("n", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void placeholderHoldsNoData() {
        PlaceholderStreamStateHandle p = new PlaceholderStreamStateHandle(SharedStateRegistryKey.of("file:/s/1.sst"), 42);
        assertThat(p.getStateSize()).isEqualTo(42);
        assertThat(p.asBytesIfInMemory()).isEmpty();
        assertThatThrownBy(p::openInputStream)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("file:/s/1.sst")
                .hasMessageContaining("SharedStateRegistry");
        p.discardState();
        assertThat(p).isEqualTo(new PlaceholderStreamStateHandle(SharedStateRegistryKey.of("file:/s/1.sst"), 42))
                .hasSameHashCodeAs(new PlaceholderStreamStateHandle(SharedStateRegistryKey.of("file:/s/1.sst"), 42));
        assertThatThrownBy(() -> new PlaceholderStreamStateHandle(SharedStateRegistryKey.of("k"), -3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-3");
    }

    @Test
    void registryKeysComeFromThePhysicalLocation() {
        FileStateHandle f = new FileStateHandle(Path.of("/chk/shared/abc"), 3);
        assertThat(SharedStateRegistryKey.forStreamStateHandle(f).keyString()).isEqualTo(Path.of("/chk/shared/abc").toString());
        assertThat(SharedStateRegistryKey.forStreamStateHandle(new ByteStreamStateHandle("inline-7", new byte[1])))
                .isEqualTo(SharedStateRegistryKey.of("inline-7"));
        assertThat(SharedStateRegistryKey.forStreamStateHandle(PlaceholderStreamStateHandle.of(f)))
                .isEqualTo(SharedStateRegistryKey.forStreamStateHandle(f));
        assertThat(SharedStateRegistryKey.of(BACKEND + "-000042.sst").toString()).isEqualTo(BACKEND + "-000042.sst");
        assertThatThrownBy(() -> SharedStateRegistryKey.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SharedStateRegistryKey.forStreamStateHandle(new KeyGroupsStateHandle(
                new io.cairn.state.keygroup.KeyGroupRangeOffsets(KeyGroupRange.of(0, 0), new long[] {0}), f)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KeyGroupsStateHandle");
    }
}
