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
 * <p>The read comes from the page cache, as does a restore: both read a file written moments before,
 * and this runner does not drop the caches (a machine-wide action). The write goes to the disk: the
 * fsync waits for it, as Cairn's state files are fsynced when closed.
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
     * @param readNanos median time of the read
     */
    record Result(String method, long bytes, long writeNanos, long readNanos) {}

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
        return new Result(dd ? "dd" : "java", bytes, median(writes), median(reads));
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
