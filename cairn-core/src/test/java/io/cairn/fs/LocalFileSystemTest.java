package io.cairn.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalFileSystemTest {

    private static final int BUF = 64 * 1024;

    @TempDir
    java.nio.file.Path tmp;

    private final FileSystem fs = LocalFileSystem.INSTANCE;

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private Path path(String name) {
        return Path.fromLocal(tmp.resolve(name));
    }

    private List<String> namesIn(java.nio.file.Path dir) throws IOException {
        try (Stream<java.nio.file.Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // create / open round trips
    // ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 1, BUF - 1, BUF, BUF + 1, 1 << 20})
    void roundTripWithBulkWriteAndSingleByteReads(int size) throws IOException {
        byte[] data = randomBytes(size, size);
        Path p = path("f-" + size);
        try (FSDataOutputStream out = fs.create(p, false)) {
            assertThat(out.getPos()).isZero();
            out.write(data);
            assertThat(out.getPos()).isEqualTo(size);
        }
        assertThat(Files.readAllBytes(p.toLocalPath())).isEqualTo(data);
        assertThat(fs.getFileStatus(p).length()).isEqualTo(size);
        try (FSDataInputStream in = fs.open(p)) {
            for (int i = 0; i < size; i++) {
                int b = in.read();
                if (b != (data[i] & 0xFF)) {
                    assertThat(b).as("byte %d", i).isEqualTo(data[i] & 0xFF);
                }
            }
            assertThat(in.getPos()).isEqualTo(size);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(new byte[10], 0, 10)).isEqualTo(-1);
            assertThat(in.getPos()).isEqualTo(size);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, BUF - 1, BUF, BUF + 1, 1 << 20})
    void roundTripWithSingleByteWritesAndBulkReads(int size) throws IOException {
        byte[] data = randomBytes(size, 31L * size);
        Path p = path("g-" + size);
        try (FSDataOutputStream out = fs.create(p, false)) {
            for (int i = 0; i < size; i++) {
                out.write(data[i]);
            }
            assertThat(out.getPos()).isEqualTo(size);
        }
        try (FSDataInputStream in = fs.open(p)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
            assertThat(in.getPos()).isEqualTo(size);
        }
        // bulk reads of several chunk sizes, some larger than the buffer
        for (int chunk : new int[] {1, 7, 4096, BUF - 1, BUF, BUF + 1, 300_000}) {
            try (FSDataInputStream in = fs.open(p)) {
                ByteArrayOutputStream collected = new ByteArrayOutputStream();
                byte[] buf = new byte[chunk + 3];
                int n;
                while ((n = in.read(buf, 3, chunk)) != -1) {
                    assertThat(n).isBetween(1, chunk);
                    collected.write(buf, 3, n);
                    assertThat(in.getPos()).isEqualTo(collected.size());
                }
                assertThat(collected.toByteArray()).as("chunk %d", chunk).isEqualTo(data);
            }
        }
    }

    @Test
    void mixedWriteSizesTrackPositionAndRoundTrip() throws IOException {
        Random random = new Random(42);
        byte[] data = randomBytes(3 * BUF + 12345, 5);
        Path p = path("mixed");
        try (FSDataOutputStream out = fs.create(p, false)) {
            int pos = 0;
            while (pos < data.length) {
                int kind = random.nextInt(4);
                int len = switch (kind) {
                    case 0 -> 1;
                    case 1 -> random.nextInt(100);
                    case 2 -> random.nextInt(BUF);
                    default -> BUF + random.nextInt(BUF);
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
            out.flush();
            assertThat(Files.size(p.toLocalPath())).isEqualTo(data.length);
        }
        try (FSDataInputStream in = fs.open(p)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void writesAcrossTheBufferLimitsRoundTrip() throws IOException {
        // the exactly-full cases at each limit are in theBufferStartsAt512BytesAndDoublesAtEachFlushUpTo64KiB
        byte[] data = randomBytes(4 * BUF + 7, 11);
        Path p = path("exact");
        try (FSDataOutputStream out = fs.create(p, false)) {
            out.write(data, 0, BUF - 10);               // larger than the first buffer: written through
            out.write(data, BUF - 10, 10);
            out.write(data, BUF, 1);
            out.write(data, BUF + 1, BUF - 1);          // larger than the buffer so far: written through
            out.write(data[2 * BUF]);
            out.write(data, 2 * BUF + 1, 2 * BUF + 6);  // larger than the largest buffer: written through
            assertThat(out.getPos()).isEqualTo(data.length);
        }
        try (FSDataInputStream in = fs.open(p)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void theBufferStartsAt512BytesAndDoublesAtEachFlushUpTo64KiB() throws IOException {
        byte[] data = randomBytes(4 * BUF, 12);
        Path p = path("doubling");
        int[] limits = {512, 1024, 2048, 4096, 8192, 16384, 32768, BUF, BUF};
        try (FSDataOutputStream out = fs.create(p, false)) {
            int pos = 0;
            int buffered = 0;
            for (int limit : limits) {
                // fill the buffer exactly: nothing reaches the file
                out.write(data, pos, limit - buffered - 1);
                out.write(data[pos + limit - buffered - 1]);
                pos += limit - buffered;
                assertThat(Files.size(p.toLocalPath())).as("buffer of %d bytes, exactly full", limit).isEqualTo(pos - limit);
                // one more byte writes the full buffer to the file and stays buffered
                out.write(data[pos]);
                assertThat(Files.size(p.toLocalPath())).as("buffer of %d bytes, overflowed", limit).isEqualTo(pos);
                pos++;
                buffered = 1;
                assertThat(out.getPos()).isEqualTo(pos);
            }
            out.flush();
            assertThat(Files.size(p.toLocalPath())).isEqualTo(pos);
            try (FSDataInputStream in = fs.open(p)) {
                assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOf(data, pos));
            }
        }
    }

    @Test
    void writeWithARangeOutsideTheArrayFailsAndWritesNothing() throws IOException {
        Path p = path("range");
        try (FSDataOutputStream out = fs.create(p, false)) {
            assertThatThrownBy(() -> out.write(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> out.write(new byte[4], -1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(out.getPos()).isZero();
        }
        assertThat(Files.size(p.toLocalPath())).isZero();
    }

    @Test
    void readWithZeroLengthReturnsZero() throws IOException {
        Path p = path("z");
        try (FSDataOutputStream out = fs.create(p, false)) {
            out.write(new byte[] {1, 2, 3});
        }
        try (FSDataInputStream in = fs.open(p)) {
            assertThat(in.read(new byte[4], 0, 0)).isZero();
            assertThat(in.getPos()).isZero();
            assertThat(in.read()).isEqualTo(1);
        }
    }

    @Test
    void syncAndFlushMakeBytesVisible() throws IOException {
        Path p = path("sync");
        try (FSDataOutputStream out = fs.create(p, false)) {
            out.write(new byte[] {9, 8, 7});
            out.sync();
            assertThat(Files.readAllBytes(p.toLocalPath())).containsExactly(9, 8, 7);
            out.write(6);
            out.flush();
            assertThat(Files.readAllBytes(p.toLocalPath())).containsExactly(9, 8, 7, 6);
            assertThat(out.getPos()).isEqualTo(4);
        }
    }

    @Test
    void writeAfterCloseFails() throws IOException {
        Path p = path("closed");
        FSDataOutputStream out = fs.create(p, false);
        out.write(1);
        out.close();
        out.close(); // idempotent
        assertThatThrownBy(() -> out.write(2)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> out.write(new byte[] {3, 4})).isInstanceOf(IOException.class);
        assertThat(Files.readAllBytes(p.toLocalPath())).containsExactly(1);
    }

    @Test
    void createDoesNotOverwriteUnlessAsked() throws IOException {
        Path p = path("existing");
        Files.write(p.toLocalPath(), randomBytes(100, 1));
        assertThatThrownBy(() -> fs.create(p, false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(p.toString());
        assertThat(Files.readAllBytes(p.toLocalPath())).isEqualTo(randomBytes(100, 1));
        try (FSDataOutputStream out = fs.create(p, true)) {
            out.write(new byte[] {1, 2, 3});
        }
        assertThat(Files.readAllBytes(p.toLocalPath())).containsExactly(1, 2, 3);
    }

    @Test
    void createMakesParentDirectories() throws IOException {
        Path p = path("a/b/c/file");
        try (FSDataOutputStream out = fs.create(p, false)) {
            out.write(5);
        }
        assertThat(Files.readAllBytes(tmp.resolve("a/b/c/file"))).containsExactly(5);
    }

    @Test
    void openMissingFileThrowsFileNotFound() {
        Path p = path("missing");
        assertThatThrownBy(() -> fs.open(p))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining(p.toString());
    }

    // ---------------------------------------------------------------------------------------------
    // seek
    // ---------------------------------------------------------------------------------------------

    @Test
    void seekInsideAndOutsideTheBuffer() throws IOException {
        byte[] data = randomBytes(5 * BUF, 77);
        Path p = path("seek");
        Files.write(p.toLocalPath(), data);
        try (FSDataInputStream in = fs.open(p)) {
            byte[] first = in.readNBytes(100);
            assertThat(first).isEqualTo(Arrays.copyOfRange(data, 0, 100));
            // backwards inside the buffer
            in.seek(10);
            assertThat(in.getPos()).isEqualTo(10);
            assertThat(in.read()).isEqualTo(data[10] & 0xFF);
            // forwards inside the buffer
            in.seek(BUF - 5);
            assertThat(in.readNBytes(10)).isEqualTo(Arrays.copyOfRange(data, BUF - 5, BUF + 5));
            assertThat(in.getPos()).isEqualTo(BUF + 5);
            // forwards outside the buffer
            in.seek(3L * BUF + 17);
            assertThat(in.getPos()).isEqualTo(3L * BUF + 17);
            assertThat(in.read()).isEqualTo(data[3 * BUF + 17] & 0xFF);
            // backwards outside the buffer
            in.seek(3);
            assertThat(in.readNBytes(BUF + 10)).isEqualTo(Arrays.copyOfRange(data, 3, BUF + 13));
            // to the end
            in.seek(data.length);
            assertThat(in.getPos()).isEqualTo(data.length);
            assertThat(in.read()).isEqualTo(-1);
            // and back to the start, reading a large block directly
            in.seek(0);
            byte[] big = new byte[2 * BUF];
            int n = in.read(big, 0, big.length);
            assertThat(n).isPositive();
            assertThat(Arrays.copyOf(big, n)).isEqualTo(Arrays.copyOf(data, n));
            assertThat(in.getPos()).isEqualTo(n);
            // seek back inside what was just read directly
            in.seek(n - 1);
            assertThat(in.read()).isEqualTo(data[n - 1] & 0xFF);
        }
    }

    @Test
    void seekToNegativePositionFails() throws IOException {
        Path p = path("neg");
        Files.write(p.toLocalPath(), new byte[] {1, 2});
        try (FSDataInputStream in = fs.open(p)) {
            assertThatThrownBy(() -> in.seek(-1)).isInstanceOf(IOException.class).hasMessageContaining("-1");
            assertThat(in.read()).isEqualTo(1);
        }
    }

    @Test
    void skipIsClampedToTheEnd() throws IOException {
        byte[] data = randomBytes(BUF + 100, 3);
        Path p = path("skip");
        Files.write(p.toLocalPath(), data);
        try (FSDataInputStream in = fs.open(p)) {
            assertThat(in.skip(0)).isZero();
            assertThat(in.skip(-5)).isZero();
            assertThat(in.skip(50)).isEqualTo(50);
            assertThat(in.getPos()).isEqualTo(50);
            assertThat(in.read()).isEqualTo(data[50] & 0xFF);
            assertThat(in.skip(BUF)).isEqualTo(BUF);
            assertThat(in.read()).isEqualTo(data[51 + BUF] & 0xFF);
            assertThat(in.skip(1_000_000)).isEqualTo(data.length - (52L + BUF));
            assertThat(in.getPos()).isEqualTo(data.length);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void availableDoesNotExceedRemainingBytes() throws IOException {
        Path p = path("avail");
        Files.write(p.toLocalPath(), new byte[] {1, 2, 3, 4, 5});
        try (FSDataInputStream in = fs.open(p)) {
            assertThat(in.read()).isEqualTo(1);
            assertThat(in.available()).isBetween(0, 4);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // atomic writes
    // ---------------------------------------------------------------------------------------------

    @Test
    void atomicFileAppearsOnlyOnCommit() throws IOException {
        Path target = path("atomic/_metadata");
        byte[] data = randomBytes(2 * BUF + 3, 11);
        AtomicOutputStream out = fs.createAtomic(target);
        try {
            out.write(data, 0, 10);
            out.write(data[10]);
            out.write(data, 11, data.length - 11);
            assertThat(out.getPos()).isEqualTo(data.length);
            out.flush();
            assertThat(fs.exists(target)).isFalse();
            assertThat(Files.exists(target.toLocalPath())).isFalse();
            out.commit();
        } finally {
            out.close();
        }
        assertThat(fs.exists(target)).isTrue();
        assertThat(Files.readAllBytes(target.toLocalPath())).isEqualTo(data);
        // no temp file left behind
        assertThat(namesIn(tmp.resolve("atomic"))).containsExactly("_metadata");
    }

    @Test
    void closeWithoutCommitLeavesNothing() throws IOException {
        Path target = path("_metadata");
        try (AtomicOutputStream out = fs.createAtomic(target)) {
            out.write(randomBytes(3 * BUF, 2));
            assertThat(out.getPos()).isEqualTo(3L * BUF);
        }
        assertThat(fs.exists(target)).isFalse();
        assertThat(namesIn(tmp)).isEmpty();
    }

    @Test
    void closeWithoutCommitKeepsExistingFileUntouched() throws IOException {
        Path target = path("keep");
        Files.write(target.toLocalPath(), new byte[] {1, 2, 3});
        try (AtomicOutputStream out = fs.createAtomic(target)) {
            out.write(new byte[] {9, 9});
        }
        assertThat(Files.readAllBytes(target.toLocalPath())).containsExactly(1, 2, 3);
        assertThat(namesIn(tmp)).containsExactly("keep");
    }

    @Test
    void commitReplacesExistingFile() throws IOException {
        Path target = path("replace");
        Files.write(target.toLocalPath(), randomBytes(10_000, 4));
        try (AtomicOutputStream out = fs.createAtomic(target)) {
            out.write(new byte[] {4, 5, 6});
            // the old content stays visible until the commit
            assertThat(Files.size(target.toLocalPath())).isEqualTo(10_000);
            out.commit();
        }
        assertThat(Files.readAllBytes(target.toLocalPath())).containsExactly(4, 5, 6);
        assertThat(namesIn(tmp)).containsExactly("replace");
    }

    @Test
    void emptyAtomicFileCanBeCommitted() throws IOException {
        Path target = path("empty");
        try (AtomicOutputStream out = fs.createAtomic(target)) {
            out.commit();
        }
        assertThat(Files.size(target.toLocalPath())).isZero();
        assertThat(namesIn(tmp)).containsExactly("empty");
    }

    @Test
    void commitAfterCommitOrCloseFails() throws IOException {
        Path target = path("twice");
        AtomicOutputStream out = fs.createAtomic(target);
        out.write(1);
        out.commit();
        assertThatThrownBy(out::commit).isInstanceOf(IOException.class).hasMessageContaining("twice");
        out.close();
        assertThat(Files.readAllBytes(target.toLocalPath())).containsExactly(1);

        Path other = path("closed-first");
        AtomicOutputStream out2 = fs.createAtomic(other);
        out2.write(1);
        out2.close();
        assertThatThrownBy(out2::commit).isInstanceOf(IOException.class);
        assertThat(fs.exists(other)).isFalse();
        assertThat(namesIn(tmp)).containsExactly("twice");
    }

    @Test
    void failedCommitLeavesNoTempFile() throws IOException {
        // the target is a non-empty directory, so the rename cannot replace it
        java.nio.file.Path dir = Files.createDirectories(tmp.resolve("target"));
        Files.write(dir.resolve("inside"), new byte[] {1});
        Path target = Path.fromLocal(dir);
        try (AtomicOutputStream out = fs.createAtomic(target)) {
            out.write(new byte[] {1, 2, 3});
            assertThatThrownBy(out::commit).isInstanceOf(IOException.class);
        }
        assertThat(namesIn(tmp)).containsExactly("target");
        assertThat(namesIn(dir)).containsExactly("inside");
    }

    // ---------------------------------------------------------------------------------------------
    // metadata operations
    // ---------------------------------------------------------------------------------------------

    @Test
    void listStatusReportsFilesAndDirectories() throws IOException {
        Files.write(tmp.resolve("a"), new byte[] {1, 2, 3});
        Files.write(tmp.resolve("b"), new byte[0]);
        Files.createDirectories(tmp.resolve("sub").resolve("nested"));
        Files.write(tmp.resolve("sub").resolve("inner"), new byte[5]);
        Path dir = Path.fromLocal(tmp);

        List<FileStatus> statuses = fs.listStatus(dir);
        assertThat(statuses).extracting(FileStatus::path)
                .containsExactlyInAnyOrder(dir.child("a"), dir.child("b"), dir.child("sub"));
        FileStatus a = statuses.stream().filter(s -> s.path().getName().equals("a")).findFirst().orElseThrow();
        assertThat(a.length()).isEqualTo(3);
        assertThat(a.isDirectory()).isFalse();
        assertThat(a.modificationTime()).isPositive();
        FileStatus b = statuses.stream().filter(s -> s.path().getName().equals("b")).findFirst().orElseThrow();
        assertThat(b.length()).isZero();
        assertThat(b.isDirectory()).isFalse();
        FileStatus sub = statuses.stream().filter(s -> s.path().getName().equals("sub")).findFirst().orElseThrow();
        assertThat(sub.isDirectory()).isTrue();
        assertThat(sub.length()).isZero();

        assertThat(fs.listStatus(dir.child("sub"))).extracting(FileStatus::path)
                .containsExactlyInAnyOrder(dir.child("sub").child("nested"), dir.child("sub").child("inner"));
        assertThat(fs.listStatus(dir.child("sub").child("nested"))).isEmpty();
    }

    @Test
    void listStatusOfMissingDirectoryFails() {
        Path missing = path("nope");
        assertThatThrownBy(() -> fs.listStatus(missing))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void getFileStatusOfFileAndDirectory() throws IOException {
        Files.write(tmp.resolve("f"), new byte[1234]);
        FileStatus f = fs.getFileStatus(path("f"));
        assertThat(f.path()).isEqualTo(path("f"));
        assertThat(f.length()).isEqualTo(1234);
        assertThat(f.isDirectory()).isFalse();
        FileStatus d = fs.getFileStatus(Path.fromLocal(tmp));
        assertThat(d.isDirectory()).isTrue();
        assertThat(d.length()).isZero();
    }

    @Test
    void getFileStatusOfMissingFileNamesThePath() {
        Path missing = path("no-such-file");
        assertThatThrownBy(() -> fs.getFileStatus(missing))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("no-such-file");
    }

    @Test
    void existsAndMkdirs() throws IOException {
        Path dir = path("x/y/z");
        assertThat(fs.exists(dir)).isFalse();
        fs.mkdirs(dir);
        assertThat(fs.exists(dir)).isTrue();
        assertThat(Files.isDirectory(dir.toLocalPath())).isTrue();
        fs.mkdirs(dir); // idempotent
        Path file = dir.child("f");
        assertThat(fs.exists(file)).isFalse();
        Files.write(file.toLocalPath(), new byte[] {1});
        assertThat(fs.exists(file)).isTrue();
    }

    @Test
    void deleteFilesAndDirectories() throws IOException {
        Path missing = path("missing");
        assertThat(fs.delete(missing, false)).isFalse();
        assertThat(fs.delete(missing, true)).isFalse();

        Files.write(tmp.resolve("file"), new byte[] {1});
        assertThat(fs.delete(path("file"), false)).isTrue();
        assertThat(Files.exists(tmp.resolve("file"))).isFalse();
        assertThat(fs.delete(path("file"), false)).isFalse();

        Files.createDirectories(tmp.resolve("empty-dir"));
        assertThat(fs.delete(path("empty-dir"), false)).isTrue();
        assertThat(Files.exists(tmp.resolve("empty-dir"))).isFalse();
    }

    @Test
    void deleteNonEmptyDirectoryNonRecursivelyFails() throws IOException {
        Files.createDirectories(tmp.resolve("full"));
        Files.write(tmp.resolve("full").resolve("f"), new byte[] {1});
        Path full = path("full");
        assertThatThrownBy(() -> fs.delete(full, false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(full.toString());
        assertThat(Files.exists(tmp.resolve("full").resolve("f"))).isTrue();
    }

    @Test
    void deleteRecursively() throws IOException {
        java.nio.file.Path root = tmp.resolve("tree");
        Files.createDirectories(root.resolve("a/b/c"));
        Files.write(root.resolve("a/b/c/f1"), new byte[] {1});
        Files.write(root.resolve("a/f2"), new byte[] {2});
        Files.write(root.resolve("f3"), new byte[] {3});
        assertThat(fs.delete(Path.fromLocal(root), true)).isTrue();
        assertThat(Files.exists(root)).isFalse();
        assertThat(namesIn(tmp)).isEmpty();
    }

    @Test
    void recursiveDeleteDoesNotFollowSymlinks() throws IOException {
        java.nio.file.Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.write(outside.resolve("precious"), new byte[] {1});
        java.nio.file.Path root = Files.createDirectories(tmp.resolve("root"));
        try {
            Files.createSymbolicLink(root.resolve("link"), outside);
        } catch (UnsupportedOperationException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("symbolic links not supported: " + e);
        }
        assertThat(fs.delete(Path.fromLocal(root), true)).isTrue();
        assertThat(Files.exists(root)).isFalse();
        assertThat(Files.exists(outside.resolve("precious"))).isTrue();
    }

    @Test
    void listingWhileAnotherThreadRenamesFilesLeavesTheVanishedOnesOut() throws Exception {
        java.nio.file.Path dir = Files.createDirectories(tmp.resolve("renaming"));
        for (int i = 0; i < 50; i++) {
            Files.writeString(dir.resolve("f" + i + ".a"), "x");
        }
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread renamer = new Thread(() -> {
            try {
                for (long n = 0; !stop.get(); n++) {
                    int i = (int) (n % 50);
                    java.nio.file.Path a = dir.resolve("f" + i + ".a");
                    java.nio.file.Path b = dir.resolve("f" + i + ".b");
                    if (Files.exists(a)) {
                        Files.move(a, b);
                    } else {
                        Files.move(b, a);
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        renamer.start();
        try {
            for (int round = 0; round < 300; round++) {
                List<FileStatus> listed = fs.listStatus(Path.fromLocal(dir));
                // every file is there under one name or the other, except while it is being renamed
                assertThat(listed.size()).isBetween(1, 100);
            }
        } finally {
            stop.set(true);
            renamer.join();
        }
        assertThatThrownBy(() -> fs.listStatus(Path.fromLocal(dir.resolve("missing"))))
                .isInstanceOf(FileNotFoundException.class).hasMessageContaining("missing");
    }
}
