package io.cairn.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathTest {

    @TempDir
    java.nio.file.Path tmp;

    @Test
    void plainAbsolutePathBecomesFileUri() {
        java.nio.file.Path local = tmp.resolve("data").resolve("chk-1");
        Path p = Path.of(local.toString());
        assertThat(p.getScheme()).isEqualTo("file");
        assertThat(p.toUri().getPath()).isEqualTo(local.toString());
        assertThat(p.toLocalPath()).isEqualTo(local);
        assertThat(p.getName()).isEqualTo("chk-1");
        assertThat(p.toString()).startsWith("file:").endsWith("/data/chk-1");
    }

    @Test
    void relativePathIsResolvedAgainstWorkingDirectory() {
        Path p = Path.of("some-dir/file.bin");
        assertThat(p.getScheme()).isEqualTo("file");
        assertThat(p.toLocalPath())
                .isEqualTo(java.nio.file.Path.of("some-dir/file.bin").toAbsolutePath().normalize());
        assertThat(p.getName()).isEqualTo("file.bin");
    }

    @Test
    void fileUrisInAllSpellingsDenoteTheSamePath() {
        Path plain = Path.of("/data/chk-1/_metadata");
        assertThat(Path.of("file:///data/chk-1/_metadata")).isEqualTo(plain).hasSameHashCodeAs(plain);
        assertThat(Path.of("file:/data/chk-1/_metadata")).isEqualTo(plain).hasSameHashCodeAs(plain);
        assertThat(Path.of(URI.create("file:///data/chk-1/_metadata"))).isEqualTo(plain);
        assertThat(Path.of(URI.create("file:///data/chk-1/_metadata")).compareTo(plain)).isZero();
        assertThat(Path.of("file:///data/chk-1/_metadata").toLocalPath())
                .isEqualTo(java.nio.file.Path.of("/data/chk-1/_metadata"));
        assertThat(Path.of("file:///data/chk-1/_metadata").getName()).isEqualTo("_metadata");
    }

    @Test
    void uriWithoutSchemeIsLocal() {
        Path p = Path.of(URI.create("/var/x"));
        assertThat(p).isEqualTo(Path.of("/var/x"));
        assertThat(p.getScheme()).isEqualTo("file");
    }

    @Test
    void trailingSlashesAreStripped() {
        assertThat(Path.of("/data/dir/")).isEqualTo(Path.of("/data/dir"));
        assertThat(Path.of("file:///data/dir/")).isEqualTo(Path.of("/data/dir"));
        assertThat(Path.of("file:///data/dir/").getName()).isEqualTo("dir");
        assertThat(Path.of("s3x://bucket/x/y/")).hasToString("s3x://bucket/x/y");
        assertThat(Path.of("s3x://bucket/x/y/").getName()).isEqualTo("y");
        assertThat(Path.of(URI.create("s3x://bucket/x/y/"))).isEqualTo(Path.of("s3x://bucket/x/y"));
        // an existing directory: java.nio adds a slash to its URI, which must not leak out
        assertThat(Path.fromLocal(tmp)).isEqualTo(Path.of(tmp.toString()));
        assertThat(Path.fromLocal(tmp).toUri().getPath()).doesNotEndWith("/");
        assertThat(Path.fromLocal(tmp).getName()).isEqualTo(tmp.getFileName().toString());
    }

    @Test
    void pathsAreNormalized() {
        assertThat(Path.of("file:/a/./b/../c")).isEqualTo(Path.of("/a/c"));
        assertThat(Path.of("/a/./b/../c")).isEqualTo(Path.of("/a/c"));
    }

    @Test
    void childAppendsNames() {
        Path dir = Path.of("/data/chk-1");
        Path child = dir.child("state-0");
        assertThat(child).isEqualTo(Path.of("/data/chk-1/state-0"));
        assertThat(child.getName()).isEqualTo("state-0");
        assertThat(child.getParent()).isEqualTo(dir);
        assertThat(dir.child("a/b")).isEqualTo(Path.of("/data/chk-1/a/b"));
        assertThat(Path.of("/").child("x")).isEqualTo(Path.of("/x"));
        Path remote = Path.of("s3x://bucket/prefix");
        assertThat(remote.child("obj")).hasToString("s3x://bucket/prefix/obj");
        assertThat(remote.child("obj").getScheme()).isEqualTo("s3x");
    }

    @Test
    void childWithSpecialCharactersRoundTripsToLocalPath() {
        Path dir = Path.fromLocal(tmp.resolve("a b"));
        Path child = dir.child("c d#e");
        assertThat(child.getName()).isEqualTo("c d#e");
        assertThat(child.toLocalPath()).isEqualTo(tmp.resolve("a b").resolve("c d#e"));
        assertThat(Path.of(child.toString())).isEqualTo(child);
    }

    @Test
    void childRejectsEmptyOrAbsoluteNames() {
        Path dir = Path.of("/data");
        assertThatThrownBy(() -> dir.child("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dir.child("/etc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/etc");
    }

    @Test
    void parentsUpToTheRoot() {
        Path p = Path.of("/a/b/c");
        assertThat(p.getParent()).isEqualTo(Path.of("/a/b"));
        assertThat(p.getParent().getParent()).isEqualTo(Path.of("/a"));
        Path root = p.getParent().getParent().getParent();
        assertThat(root).isNotNull();
        assertThat(root.toUri().getPath()).isEqualTo("/");
        assertThat(root.getParent()).isNull();
        Path remote = Path.of("s3x://bucket/x");
        assertThat(remote.getParent()).isNotNull();
        assertThat(remote.getParent().getScheme()).isEqualTo("s3x");
        assertThat(remote.getParent().toUri().getAuthority()).isEqualTo("bucket");
        assertThat(remote.getParent().toUri().getPath()).isEqualTo("/");
    }

    @Test
    void schemeOfRemotePathAndNoLocalPath() {
        Path p = Path.of("s3x://bucket/x");
        assertThat(p.getScheme()).isEqualTo("s3x");
        assertThat(p.getName()).isEqualTo("x");
        assertThatThrownBy(p::toLocalPath).isInstanceOf(IllegalStateException.class).hasMessageContaining("s3x://bucket/x");
    }

    @Test
    void rejectsEmptyAndInvalidInput() {
        assertThatThrownBy(() -> Path.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Path.of("   ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Path.of((String) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Path.of("s3x://bucket")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3x://bucket");
        assertThatThrownBy(() -> Path.of("s3x://bucket/a b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3x://bucket/a b");
    }

    @Test
    void equalsHashCodeCompareTo() {
        Path a = Path.of("/x/y");
        Path b = Path.of("/x/y");
        Path c = Path.of("/x/z");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
        assertThat(a.compareTo(b)).isZero();
        assertThat(a.compareTo(c)).isNegative();
        assertThat(c.compareTo(a)).isPositive();
        assertThat(a).isNotEqualTo(Path.of("s3x://host/x/y"));
        assertThat(a).isNotEqualTo("/x/y");
    }

    @Test
    void serializationRoundTrip() throws Exception {
        Path p = Path.of("s3x://bucket/dir/file");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(p);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(p);
        }
    }
}
