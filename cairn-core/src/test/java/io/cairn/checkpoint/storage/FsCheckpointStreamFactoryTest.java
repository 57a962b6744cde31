package io.cairn.checkpoint.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.fs.FSDataInputStream;
import io.cairn.fs.Path;
import io.cairn.fs.UnsupportedFileSystemException;
import io.cairn.state.handle.ByteStreamStateHandle;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.StreamStateHandle;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FsCheckpointStreamFactoryTest {

    private static final int THRESHOLD = 1024;
    private static final int BUFFER = 4096;

    @TempDir
    java.nio.file.Path tmp;

    private java.nio.file.Path exclusive;
    private java.nio.file.Path shared;
    private FsCheckpointStreamFactory factory;

    @BeforeEach
    void setUp() {
        exclusive = tmp.resolve("chk-1");
        shared = tmp.resolve("shared");
        factory = new FsCheckpointStreamFactory(Path.fromLocal(exclusive), Path.fromLocal(shared), THRESHOLD, BUFFER);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] readAll(StreamStateHandle handle) throws IOException {
        try (FSDataInputStream in = handle.openInputStream()) {
            return in.readAllBytes();
        }
    }

    /** All regular files below {@code tmp}. */
    private List<java.nio.file.Path> allFiles() throws IOException {
        try (Stream<java.nio.file.Path> s = Files.walk(tmp)) {
            return s.filter(Files::isRegularFile).collect(Collectors.toList());
        }
    }

    private StreamStateHandle write(CheckpointedStateScope scope, byte[] data) throws IOException {
        try (CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(scope)) {
            out.write(data);
            assertThat(out.getPos()).isEqualTo(data.length);
            return out.closeAndGetHandle();
        }
    }

    @Test
    void accessorsAndArgumentChecks() {
        assertThat(factory.getExclusiveDirectory()).isEqualTo(Path.fromLocal(exclusive));
        assertThat(factory.getSharedDirectory()).isEqualTo(Path.fromLocal(shared));
        assertThatThrownBy(() -> new FsCheckpointStreamFactory(Path.of("/a"), Path.of("/b"), -1, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> new FsCheckpointStreamFactory(null, Path.of("/b"), 0, 100))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new FsCheckpointStreamFactory(Path.of("/a"), null, 0, 100))
                .isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100, THRESHOLD - 1})
    void belowThresholdStaysInMemoryAndCreatesNoFile(int size) throws IOException {
        byte[] data = randomBytes(size);
        for (CheckpointedStateScope scope : CheckpointedStateScope.values()) {
            StreamStateHandle handle = write(scope, data);
            assertThat(handle).isInstanceOf(ByteStreamStateHandle.class);
            assertThat(((ByteStreamStateHandle) handle).getData()).isEqualTo(data);
            assertThat(handle.getStateSize()).isEqualTo(size);
        }
        assertThat(allFiles()).isEmpty();
    }

    @Test
    void emptyStreamGivesNullAndCreatesNoFile() throws IOException {
        CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
        out.flush();
        out.sync();
        assertThat(out.closeAndGetHandle()).isNull();
        assertThat(allFiles()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {THRESHOLD, THRESHOLD + 1, BUFFER - 1, BUFFER, BUFFER + 1, 3 * BUFFER + 17, 1 << 20})
    void atOrAboveThresholdWritesAnExclusiveFile(int size) throws IOException {
        byte[] data = randomBytes(size);
        StreamStateHandle handle = write(CheckpointedStateScope.EXCLUSIVE, data);
        assertThat(handle).isInstanceOf(FileStateHandle.class);
        FileStateHandle file = (FileStateHandle) handle;
        assertThat(file.getStateSize()).isEqualTo(size);
        assertThat(file.getFilePath().getParent()).isEqualTo(Path.fromLocal(exclusive));
        assertThat(Files.size(file.getFilePath().toLocalPath())).isEqualTo(size);
        assertThat(readAll(file)).isEqualTo(data);
        assertThat(allFiles()).containsExactly(file.getFilePath().toLocalPath());
    }

    @Test
    void sharedScopeWritesToTheSharedDirectory() throws IOException {
        byte[] data = randomBytes(5000);
        FileStateHandle file = (FileStateHandle) write(CheckpointedStateScope.SHARED, data);
        assertThat(file.getFilePath().getParent()).isEqualTo(Path.fromLocal(shared));
        assertThat(readAll(file)).isEqualTo(data);
        assertThat(Files.exists(exclusive)).isFalse();
    }

    @Test
    void eachStreamGetsItsOwnFile() throws IOException {
        FileStateHandle a = (FileStateHandle) write(CheckpointedStateScope.EXCLUSIVE, randomBytes(2000));
        FileStateHandle b = (FileStateHandle) write(CheckpointedStateScope.EXCLUSIVE, randomBytes(2001));
        assertThat(a.getFilePath()).isNotEqualTo(b.getFilePath());
        assertThat(readAll(a)).isEqualTo(randomBytes(2000));
        assertThat(readAll(b)).isEqualTo(randomBytes(2001));
    }

    @Test
    void exactlyThresholdWrittenByteByByteGoesToAFile() throws IOException {
        FsCheckpointStreamFactory f = new FsCheckpointStreamFactory(
                Path.fromLocal(exclusive), Path.fromLocal(shared), BUFFER, BUFFER);
        byte[] data = randomBytes(BUFFER);
        StreamStateHandle below;
        try (CheckpointStateOutputStream out = f.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE)) {
            for (int i = 0; i < BUFFER - 1; i++) {
                out.write(data[i]);
            }
            below = out.closeAndGetHandle();
        }
        assertThat(below).isInstanceOf(ByteStreamStateHandle.class);
        assertThat(below.getStateSize()).isEqualTo(BUFFER - 1);
        StreamStateHandle at;
        try (CheckpointStateOutputStream out = f.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE)) {
            for (byte b : data) {
                out.write(b);
            }
            at = out.closeAndGetHandle();
        }
        assertThat(at).isInstanceOf(FileStateHandle.class);
        assertThat(readAll(at)).isEqualTo(data);
    }

    @Test
    void zeroThresholdWritesEveryNonEmptyStreamToAFile() throws IOException {
        FsCheckpointStreamFactory f = FsCheckpointStreamFactory.forDirectory(Path.fromLocal(exclusive));
        assertThat(f.getSharedDirectory()).isEqualTo(f.getExclusiveDirectory());
        for (CheckpointedStateScope scope : CheckpointedStateScope.values()) {
            CheckpointStateOutputStream out = f.createCheckpointStateOutputStream(scope);
            out.write(42);
            StreamStateHandle handle = out.closeAndGetHandle();
            assertThat(handle).isInstanceOf(FileStateHandle.class);
            assertThat(((FileStateHandle) handle).getFilePath().getParent()).isEqualTo(Path.fromLocal(exclusive));
            assertThat(readAll(handle)).containsExactly(42);
        }
        CheckpointStateOutputStream empty = f.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
        assertThat(empty.closeAndGetHandle()).isNull();
        assertThat(allFiles()).hasSize(2);
    }

    @Test
    void mixedWritesLargerThanTheBufferRoundTrip() throws IOException {
        byte[] data = randomBytes(1 << 20);
        Random random = new Random(8);
        StreamStateHandle handle;
        try (CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE)) {
            int pos = 0;
            while (pos < data.length) {
                int len = switch (random.nextInt(5)) {
                    case 0 -> 1;
                    case 1 -> random.nextInt(50);
                    case 2 -> BUFFER - 1 + random.nextInt(3);
                    case 3 -> random.nextInt(BUFFER);
                    default -> BUFFER + random.nextInt(3 * BUFFER);
                };
                len = Math.min(len, data.length - pos);
                if (len == 1) {
                    out.write(data[pos]);
                } else {
                    out.write(data, pos, len);
                }
                pos += len;
                assertThat(out.getPos()).isEqualTo(pos);
            }
            handle = out.closeAndGetHandle();
        }
        assertThat(handle.getStateSize()).isEqualTo(data.length);
        assertThat(readAll(handle)).isEqualTo(data);
    }

    @Test
    void flushBeforeSpillingCreatesNoFileAndAfterSpillingPersistsEverything() throws IOException {
        try (CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE)) {
            out.write(randomBytes(100));
            out.flush();
            out.sync();
            assertThat(allFiles()).isEmpty();
            out.write(new byte[BUFFER]);
            out.write(new byte[] {1, 2, 3});
            out.flush();
            List<java.nio.file.Path> files = allFiles();
            assertThat(files).hasSize(1);
            assertThat(Files.size(files.get(0))).isEqualTo(out.getPos());
            out.write(4);
            out.sync();
            assertThat(Files.size(files.get(0))).isEqualTo(out.getPos());
        }
    }

    @Test
    void closeWithoutHandleDeletesTheFile() throws IOException {
        CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(CheckpointedStateScope.SHARED);
        out.write(randomBytes(3 * BUFFER));
        assertThat(allFiles()).hasSize(1);
        out.close();
        assertThat(allFiles()).isEmpty();
        out.close(); // idempotent
        assertThatThrownBy(out::closeAndGetHandle).isInstanceOf(IOException.class);
    }

    @Test
    void closeAfterHandleKeepsTheFile() throws IOException {
        CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
        out.write(randomBytes(2 * BUFFER));
        StreamStateHandle handle = out.closeAndGetHandle();
        out.close();
        assertThat(readAll(handle)).isEqualTo(randomBytes(2 * BUFFER));
        handle.discardState();
        assertThat(allFiles()).isEmpty();
    }

    @Test
    void closedStreamRejectsFurtherUse() throws IOException {
        CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
        out.write(1);
        assertThat(out.closeAndGetHandle()).isInstanceOf(ByteStreamStateHandle.class);
        assertThatThrownBy(out::closeAndGetHandle).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> out.write(new byte[] {1, 2})).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> out.write(new byte[2 * BUFFER])).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> out.write(3)).isInstanceOf(IOException.class);
        assertThat(allFiles()).isEmpty();
    }

    @Test
    void failureToCreateTheFileIsReportedAsIOException() throws IOException {
        // the exclusive "directory" is a regular file, so the state file cannot be created under it
        java.nio.file.Path notADir = Files.write(tmp.resolve("not-a-dir"), new byte[] {1});
        FsCheckpointStreamFactory f = new FsCheckpointStreamFactory(Path.fromLocal(notADir), Path.fromLocal(shared), 0, 0);
        CheckpointStateOutputStream out = f.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
        out.write(new byte[] {1, 2, 3});
        assertThatThrownBy(out::closeAndGetHandle).isInstanceOf(IOException.class);
        out.close();
        assertThat(Files.readAllBytes(notADir)).containsExactly(1);
    }

    @Test
    void unknownSchemeIsReportedAsSuch() throws IOException {
        FsCheckpointStreamFactory f = new FsCheckpointStreamFactory(
                Path.of("s3x://bucket/chk-1"), Path.of("s3x://bucket/shared"), 0, 0);
        CheckpointStateOutputStream out = f.createCheckpointStateOutputStream(CheckpointedStateScope.SHARED);
        out.write(7);
        assertThatThrownBy(out::closeAndGetHandle)
                .isInstanceOf(UnsupportedFileSystemException.class)
                .hasMessageContaining("s3x");
        out.close();
    }

    @Test
    void manyConcurrentStreamsDoNotInterfere() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<StreamStateHandle> handles = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 8; t++) {
            int size = 3000 + 1000 * t;
            CheckpointedStateScope scope = t % 2 == 0 ? CheckpointedStateScope.EXCLUSIVE : CheckpointedStateScope.SHARED;
            Thread thread = new Thread(() -> {
                try {
                    handles.add(write(scope, randomBytes(size)));
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(errors).isEmpty();
        assertThat(handles).hasSize(8);
        for (StreamStateHandle h : handles) {
            assertThat(readAll(h)).isEqualTo(randomBytes((int) h.getStateSize()));
        }
    }
}
