package io.cairn.state.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.fs.FSDataInputStream;
import io.cairn.fs.Path;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateHandleTest {

    @TempDir
    java.nio.file.Path tmp;

    private Path write(String name, byte[] data) throws IOException {
        java.nio.file.Path local = tmp.resolve(name);
        Files.write(local, data);
        return Path.fromLocal(local);
    }

    @Test
    void opensTheFile() throws IOException {
        byte[] data = new byte[100_000];
        new Random(1).nextBytes(data);
        Path p = write("state", data);
        FileStateHandle handle = new FileStateHandle(p, data.length);
        assertThat(handle.getFilePath()).isEqualTo(p);
        assertThat(handle.getStateSize()).isEqualTo(data.length);
        assertThat(handle.asBytesIfInMemory()).isEmpty();
        try (FSDataInputStream in = handle.openInputStream()) {
            assertThat(in.getPos()).isZero();
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        try (FSDataInputStream in = handle.openInputStream()) {
            in.seek(77_777);
            assertThat(in.read()).isEqualTo(data[77_777] & 0xFF);
        }
    }

    @Test
    void discardDeletesTheFileAndIsIdempotent() throws IOException {
        Path p = write("state", new byte[] {1, 2, 3});
        FileStateHandle handle = new FileStateHandle(p, 3);
        handle.discardState();
        assertThat(Files.exists(p.toLocalPath())).isFalse();
        handle.discardState();
        assertThat(Files.exists(p.toLocalPath())).isFalse();
        assertThatThrownBy(handle::openInputStream)
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining(p.toString());
    }

    @Test
    void discardOfNeverWrittenFileIsNoError() throws IOException {
        FileStateHandle handle = new FileStateHandle(Path.fromLocal(tmp.resolve("never/written")), 0);
        handle.discardState();
        assertThat(Files.exists(tmp.resolve("never"))).isFalse();
    }

    @Test
    void discardLeavesSiblingsAlone() throws IOException {
        Path a = write("a", new byte[] {1});
        Path b = write("b", new byte[] {2});
        new FileStateHandle(a, 1).discardState();
        assertThat(Files.exists(a.toLocalPath())).isFalse();
        assertThat(Files.readAllBytes(b.toLocalPath())).containsExactly(2);
    }

    @Test
    void rejectsInvalidArguments() {
        assertThatThrownBy(() -> new FileStateHandle(null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new FileStateHandle(Path.of("/x"), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void equalsHashCodeToString() {
        FileStateHandle a = new FileStateHandle(Path.of("/x/y"), 10);
        assertThat(a).isEqualTo(new FileStateHandle(Path.of("file:///x/y"), 10))
                .hasSameHashCodeAs(new FileStateHandle(Path.of("/x/y"), 10));
        assertThat(a).isNotEqualTo(new FileStateHandle(Path.of("/x/y"), 11));
        assertThat(a).isNotEqualTo(new FileStateHandle(Path.of("/x/z"), 10));
        assertThat(a.toString()).contains("/x/y").contains("10");
    }
}
