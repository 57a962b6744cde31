package io.cairn.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the disk alone takes for a snapshot's bytes: a sequential write of {@code bytes} bytes to a
 * new file in the snapshot directory, ended by one fsync, and a sequential read of that file right
 * after, measured with {@code dd} ({@code dd if=/dev/zero of=F bs=1M count=BYTES iflag=count_bytes
 * conv=fsync}, then {@code dd if=F of=/dev/null bs=1M}), the wall time of each process. Where
 * {@code dd} cannot run, the same is done in Java (1 MiB buffers through a {@link FileChannel},
 * {@code force(true)} at the end).
 *
 * <p>The read ({@code readNanos}) comes from the page cache, as does a warm restore: both read a
 * file written moments before. The write goes to the disk: the fsync waits for it, as Cairn's state
 * files are fsynced when closed. The cold read ({@code readColdNanos}) reads the same file after
 * {@link #evict} dropped its pages from the page cache, as the runner does before a cold restore:
 * only this file's pages are dropped ({@code posix_fadvise(POSIX_FADV_DONTNEED)} through
 * {@code dd iflag=nocache count=0}), never the machine's caches. The Java fallback cannot evict, so
 * its cold read is reported as 0 (unknown).
 */
final class DiskBound {

    /** The goal: snapshot and restore within this factor of the disk's time for the same bytes. */
    static final double GOAL_FACTOR = 3.0;

    private static final int BUFFER = 1 << 20;

    /**
     * The medians of the repetitions.
     *
     * @param method {@code dd} or {@code java}
     * @param bytes bytes written and read
     * @param writeNanos median time of the write with its fsync
     * @param readNanos median time of the read from the page cache
     * @param readColdNanos median time of the read after the file was evicted from the page cache
     *     ({@code dd} only; 0 if unknown)
     */
    record Result(String method, long bytes, long writeNanos, long readNanos, long readColdNanos) {}

    private DiskBound() {}

    /**
     * Measures {@code repetitions} writes and reads of {@code bytes} bytes in {@code dir}; the file is
     * deleted after each.
     *
     * @param dir a directory on the disk under test
     * @param bytes how many bytes
     * @param repetitions how many times; the median is reported
     * @param useDd whether to try {@code dd} first
     * @return the medians and the method that produced them
     * @throws IOException if the file cannot be written or read
     */
    static Result measure(Path dir, long bytes, int repetitions, boolean useDd) throws IOException {
        long[] writes = new long[repetitions];
        long[] reads = new long[repetitions];
        long[] coldReads = new long[repetitions];
        boolean dd = useDd;
        for (int r = 0; r < repetitions; r++) {
            Path file = dir.resolve("disk-bound-" + r + ".bin");
            try {
                if (dd) {
                    long start = System.nanoTime();
                    dd = run(List.of("dd", "if=/dev/zero", "of=" + file, "bs=1M", "count=" + bytes, "iflag=count_bytes",
                            "conv=fsync", "status=none"));
                    writes[r] = System.nanoTime() - start;
                    if (dd) {
                        if (!evict(file)) {
                            throw new IOException("dd could not evict " + file + " from the page cache");
                        }
                        start = System.nanoTime();
                        dd = run(List.of("dd", "if=" + file, "of=/dev/null", "bs=1M", "status=none"));
                        coldReads[r] = System.nanoTime() - start;
                    }
                    if (dd) {
                        start = System.nanoTime();
                        dd = run(List.of("dd", "if=" + file, "of=/dev/null", "bs=1M", "status=none"));
                        reads[r] = System.nanoTime() - start;
                    }
                    if (!dd && r > 0) {
                        throw new IOException("dd worked, then failed in repetition " + r + " writing " + file);
                    }
                    if (dd && Files.size(file) != bytes) {
                        throw new IOException("dd wrote " + Files.size(file) + " bytes to " + file + ", expected " + bytes);
                    }
                }
                if (!dd) {
                    Files.deleteIfExists(file); // what a failed dd left
                    writes[r] = javaWrite(file, bytes);
                    reads[r] = javaRead(file, bytes);
                }
            } finally {
                Files.deleteIfExists(file);
            }
        }
        return new Result(dd ? "dd" : "java", bytes, median(writes), median(reads), dd ? median(coldReads) : 0);
    }

    /**
     * Drops the pages of {@code path} (a file, or every file under a directory) from the page cache:
     * each file is fsynced first (the kernel keeps dirty pages), then
     * {@code dd if=FILE iflag=nocache count=0} asks the kernel to drop the whole file's cached pages.
     * Only these files are affected; nothing else on the machine loses its cache.
     *
     * @param path a file or directory
     * @return whether {@code dd} ran and succeeded for every file (false: no {@code dd} here)
     * @throws IOException if a file cannot be synced or listed
     */
    static boolean evict(Path path) throws IOException {
        List<Path> files;
        try (java.util.stream.Stream<Path> walk = Files.walk(path)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        boolean all = true;
        for (Path file : files) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                channel.force(true);
            }
            all &= run(List.of("dd", "if=" + file, "iflag=nocache", "count=0", "status=none"));
        }
        return all;
    }

    /** @return whether the command ran and exited with 0 */
    private static boolean run(List<String> command) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return false; // no dd on this machine
        }
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        return process.exitValue() == 0;
    }

    private static long javaWrite(Path file, long bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        long start = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long left = bytes;
            while (left > 0) {
                buffer.clear().limit((int) Math.min(BUFFER, left));
                while (buffer.hasRemaining()) {
                    left -= channel.write(buffer);
                }
            }
            channel.force(true);
        }
        return System.nanoTime() - start;
    }

    private static long javaRead(Path file, long bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        long start = System.nanoTime();
        long read = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            int n;
            while ((n = channel.read(buffer.clear())) >= 0) {
                read += n;
            }
        }
        long took = System.nanoTime() - start;
        if (read != bytes) {
            throw new IOException("read " + read + " bytes from " + file + ", expected " + bytes);
        }
        return took;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
