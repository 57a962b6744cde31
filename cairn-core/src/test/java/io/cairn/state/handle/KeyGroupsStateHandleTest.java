package io.cairn.state.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.fs.FSDataInputStream;
import io.cairn.fs.Path;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keygroup.KeyGroupRangeOffsets;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyGroupsStateHandleTest {

    @TempDir
    java.nio.file.Path tmp;

    /** Key groups 10..19, block of key group k at offset 100 * (k - 10) + 4. */
    private static KeyGroupRangeOffsets offsets() {
        long[] o = new long[10];
        for (int i = 0; i < o.length; i++) {
            o[i] = 100L * i + 4;
        }
        return new KeyGroupRangeOffsets(KeyGroupRange.of(10, 19), o);
    }

    private static final ByteStreamStateHandle DATA = new ByteStreamStateHandle("kg", new byte[1004]);

    @Test
    void exposesRangeOffsetsAndDelegate() throws IOException {
        KeyGroupsStateHandle handle = new KeyGroupsStateHandle(offsets(), DATA);
        assertThat(handle.getKeyGroupRange()).isEqualTo(KeyGroupRange.of(10, 19));
        assertThat(handle.getGroupRangeOffsets()).isEqualTo(offsets());
        assertThat(handle.getDelegateStateHandle()).isSameAs(DATA);
        assertThat(handle.getStateSize()).isEqualTo(1004);
        assertThat(handle.asBytesIfInMemory()).isPresent();
        try (FSDataInputStream in = handle.openInputStream()) {
            assertThat(in.readAllBytes()).hasSize(1004);
        }
        assertThat(handle.toString()).contains("10..19");
    }

    @Test
    void intersectionNarrowsOffsetsAndSharesTheStream() {
        KeyGroupsStateHandle handle = new KeyGroupsStateHandle(offsets(), DATA);
        KeyGroupsStateHandle part = handle.getIntersection(KeyGroupRange.of(15, 40));
        assertThat(part).isNotNull();
        assertThat(part.getKeyGroupRange()).isEqualTo(KeyGroupRange.of(15, 19));
        for (int kg = 15; kg <= 19; kg++) {
            assertThat(part.getGroupRangeOffsets().getKeyGroupOffset(kg)).isEqualTo(100L * (kg - 10) + 4);
        }
        assertThatThrownBy(() -> part.getGroupRangeOffsets().getKeyGroupOffset(14))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(part.getDelegateStateHandle()).isSameAs(DATA);

        KeyGroupsStateHandle inner = handle.getIntersection(KeyGroupRange.of(12, 12));
        assertThat(inner.getKeyGroupRange()).isEqualTo(KeyGroupRange.of(12, 12));
        assertThat(inner.getGroupRangeOffsets().getKeyGroupOffset(12)).isEqualTo(204);

        assertThat(handle.getIntersection(KeyGroupRange.of(0, 100))).isEqualTo(handle);
    }

    @Test
    void intersectionWithoutOverlapIsNull() {
        KeyGroupsStateHandle handle = new KeyGroupsStateHandle(offsets(), DATA);
        assertThat(handle.getIntersection(KeyGroupRange.of(0, 9))).isNull();
        assertThat(handle.getIntersection(KeyGroupRange.of(20, 30))).isNull();
        assertThat(handle.getIntersection(KeyGroupRange.EMPTY)).isNull();
    }

    @Test
    void discardDelegates() throws IOException {
        java.nio.file.Path local = tmp.resolve("kg-file");
        Files.write(local, new byte[] {1, 2, 3});
        FileStateHandle file = new FileStateHandle(Path.fromLocal(local), 3);
        KeyGroupsStateHandle handle = new KeyGroupsStateHandle(
                new KeyGroupRangeOffsets(KeyGroupRange.of(0, 0), new long[] {0}), file);
        assertThat(handle.asBytesIfInMemory()).isEmpty();
        assertThat(handle.getStateSize()).isEqualTo(3);
        handle.discardState();
        assertThat(Files.exists(local)).isFalse();
        handle.discardState();
    }

    @Test
    void equalsAndNulls() {
        KeyGroupsStateHandle a = new KeyGroupsStateHandle(offsets(), DATA);
        assertThat(a).isEqualTo(new KeyGroupsStateHandle(offsets(), DATA))
                .hasSameHashCodeAs(new KeyGroupsStateHandle(offsets(), DATA));
        assertThat(a).isNotEqualTo(a.getIntersection(KeyGroupRange.of(10, 18)));
        assertThat(a).isNotEqualTo(new KeyGroupsStateHandle(offsets(), new ByteStreamStateHandle("other", new byte[1004])));
        assertThatThrownBy(() -> new KeyGroupsStateHandle(null, DATA)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new KeyGroupsStateHandle(offsets(), null)).isInstanceOf(NullPointerException.class);
    }
}
