package io.cairn.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FileSystemTest {

    @Test
    void unknownSchemeIsRejectedNamingSchemeAndAvailableOnes() {
        Path p = Path.of("s3x://bucket/x");
        assertThatThrownBy(() -> FileSystem.get(p))
                .isInstanceOf(UnsupportedFileSystemException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'s3x'")
                .hasMessageContaining("file");
        // not cached as a side effect: still failing the second time
        assertThatThrownBy(() -> FileSystem.get(p)).isInstanceOf(UnsupportedFileSystemException.class);
    }

    @Test
    void fileSchemeIsServedByTheLocalFileSystem() {
        FileSystem fs = FileSystem.get(Path.of("/tmp/whatever"));
        assertThat(fs).isSameAs(LocalFileSystem.INSTANCE);
        assertThat(FileSystem.get(Path.of("file:///other"))).isSameAs(fs);
    }

    @Test
    void availableSchemesIncludeFile() {
        assertThat(FileSystem.availableSchemes()).contains("file").doesNotContain("s3x");
        assertThatThrownBy(() -> FileSystem.availableSchemes().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void localFactoryServesFile() {
        LocalFileSystemFactory factory = new LocalFileSystemFactory();
        assertThat(factory.getScheme()).isEqualTo("file");
        assertThat(factory.create()).isSameAs(LocalFileSystem.INSTANCE);
    }
}
