package io.cairn.benchmarks;

import io.cairn.config.MemorySize;
import io.cairn.serialization.BytePrimitiveArraySerializer;
import io.cairn.serialization.LongSerializer;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keyed.KeyedStateBackend;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Issue 7's memory test behind {@code bench/rocksdb-memory}: does a RocksDB backend with a managed
 * memory budget keep the process's resident memory near that budget while its state grows far
 * beyond it on disk?
 *
 * <p>One {@code ValueState<byte[]>} ({@code Long} keys, max parallelism 128, one backend owning every
 * key group) is filled with incompressible values of {@code --value-bytes} bytes under keys 0, 1, 2,
 * ... until the values written and the database directory both reach {@code --target} bytes; then
 * random keys are read (and
 * checked) for {@code --read-seconds}. A sampler thread reads {@code VmRSS} from
 * {@code /proc/self/status} every {@code --sample-ms} ms. The baseline is the RSS after the empty
 * backend is open and a warm-up of 2,000 writes and reads ran (so class loading and the first JIT
 * tiers are in it); the heap is fixed and pre-touched by the script ({@code -Xms = -Xmx},
 * {@code -XX:+AlwaysPreTouch}), so heap growth is not counted as native growth. The run passes if the
 * peak RSS growth over the baseline stays within the managed budget plus {@code --margin}, which
 * covers what the budget does not: the JVM's own non-heap growth (JIT code, metaspace, GC
 * structures, reported separately), RocksDB's per-file metadata and iterator buffers outside the
 * cache, and allocator overhead.
 *
 * <p>{@code --system cairn} (default) measures Cairn's {@code rocksdb} backend (isolated class
 * loader, rocksdbjni); {@code --system flink} Flink 1.20's with the same shared cache and write
 * buffer manager (FRocksDB). One system per JVM: resident memory cannot be split between two.
 *
 * <pre>
 * RocksDBMemoryBench [--system cairn|flink] [--target SIZE] [--managed SIZE] [--margin SIZE]
 *                    [--value-bytes N] [--read-seconds S] [--sample-ms N] [--dir DIR]
 * </pre>
 *
 * <p>Prints one JSON object on standard output; progress goes to standard error. Exit codes: 0
 * within budget plus margin, 1 over it (or a read value was wrong), 2 usage error, 3 I/O error.
 */
public final class RocksDBMemoryBench {

    private static final int MAX_PARALLELISM = 128;
    private static final int WARM_UP_KEYS = 2_000;

    /** The parsed command line. */
    record Options(String system, long target, long managed, long margin, int valueBytes, double readSeconds,
            int sampleMs, Path dir) {}

    /** The state under test, of either system. */
    interface Store extends AutoCloseable {
        void put(long key, byte[] value) throws Exception;

        byte[] get(long key) throws Exception;

        @Override
        void close() throws IOException;
    }

    private RocksDBMemoryBench() {}

    /**
     * Runs the benchmark and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the benchmark in this JVM.
     *
     * @param args the command line
     * @param out receives the JSON line
     * @param err receives progress and errors
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("rocksdb-memory: " + e.getMessage());
            err.println("usage: RocksDBMemoryBench [--system cairn|flink] [--target SIZE] [--managed SIZE] [--margin SIZE]"
                    + " [--value-bytes N] [--read-seconds S] [--sample-ms N] [--dir DIR]");
            return 2;
        }
        Path dir = o.dir();
        boolean temporary = dir == null;
        try {
            if (temporary) {
                dir = Files.createTempDirectory("cairn-rocksdb-memory-");
            }
            return measure(o, dir, out, err);
        } catch (IOException e) {
            err.println("rocksdb-memory: " + e);
            return 3;
        } catch (Exception e) {
            err.println("rocksdb-memory: failed: " + e);
            e.printStackTrace(err);
            return 1;
        } finally {
            if (temporary && dir != null) {
                deleteRecursively(dir);
            }
        }
    }

    private static int measure(Options o, Path dir, PrintStream out, PrintStream err) throws Exception {
        Sampler sampler = new Sampler(o.sampleMs());
        long nonHeapBefore;
        long baseline;
        long keys = 0;
        long writeNanos;
        long reads = 0;
        long diskBytes;
        try (Store store = open(o.system(), dir, o.managed())) {
            SplittableRandom random = new SplittableRandom(42);
            for (long k = 0; k < WARM_UP_KEYS; k++) {
                store.put(k, value(k, o.valueBytes()));
                check(store, random.nextLong(k + 1), o.valueBytes());
            }
            keys = WARM_UP_KEYS;
            System.gc();
            baseline = Sampler.rss();
            nonHeapBefore = nonHeapCommitted();
            sampler.start(baseline);
            err.printf(Locale.ROOT, "rocksdb-memory: %s, baseline RSS %s; writing %s with %s managed memory into %s%n",
                    o.system(), mib(baseline), mib(o.target()), mib(o.managed()), dir);
            long start = System.nanoTime();
            long nextCheck = 0;
            long written = 0;
            diskBytes = 0;
            // the state holds at least the target in values, and the directory at least the target in bytes
            while (written < o.target() || diskBytes < o.target()) {
                store.put(keys, value(keys, o.valueBytes()));
                keys++;
                written += o.valueBytes();
                if (written >= nextCheck) {
                    diskBytes = directorySize(dir);
                    nextCheck = written + Math.max(1L << 20, Math.min(64L << 20, o.target() / 16));
                    err.printf(Locale.ROOT, "rocksdb-memory: %,d keys, %s on disk, RSS %s (peak %s)%n", keys, mib(diskBytes),
                            mib(sampler.last()), mib(sampler.peak()));
                }
            }
            writeNanos = System.nanoTime() - start;
            long readEnd = System.nanoTime() + (long) (o.readSeconds() * 1e9);
            while (System.nanoTime() < readEnd) {
                for (int i = 0; i < 1024; i++) {
                    check(store, random.nextLong(keys), o.valueBytes());
                }
                reads += 1024;
            }
            diskBytes = directorySize(dir);
        } finally {
            sampler.stop();
        }
        long growth = sampler.peak() - baseline;
        long limit = o.managed() + o.margin();
        long nonHeapGrowth = nonHeapCommitted() - nonHeapBefore;
        boolean within = growth <= limit;
        out.println(String.format(Locale.ROOT, "{\"benchmark\":\"rocksdb-memory\",\"system\":\"%s\",\"managed_bytes\":%d,"
                        + "\"margin_bytes\":%d,\"limit_bytes\":%d,\"value_bytes\":%d,\"keys\":%d,\"values_total_bytes\":%d,"
                        + "\"on_disk_bytes\":%d,"
                        + "\"write_seconds\":%.1f,\"read_seconds\":%.1f,\"reads\":%d,\"rss_baseline_bytes\":%d,"
                        + "\"rss_peak_bytes\":%d,\"rss_end_bytes\":%d,\"rss_growth_peak_bytes\":%d,"
                        + "\"jvm_non_heap_growth_bytes\":%d,\"heap_max_bytes\":%d,\"samples\":%d,\"within_limit\":%b}",
                Systems.displayName(o.system()), o.managed(), o.margin(), limit, o.valueBytes(), keys, keys * o.valueBytes(), diskBytes,
                writeNanos / 1e9, o.readSeconds(), reads, baseline, sampler.peak(), sampler.last(), growth, nonHeapGrowth,
                Runtime.getRuntime().maxMemory(), sampler.count(), within));
        err.printf(Locale.ROOT, "rocksdb-memory: RSS grew by at most %s over the baseline; budget %s + margin %s = %s: %s%n",
                mib(growth), mib(o.managed()), mib(o.margin()), mib(limit), within ? "within" : "OVER");
        return within ? 0 : 1;
    }

    private static Store open(String system, Path dir, long managed) throws Exception {
        return Systems.CAIRN.equals(system) ? cairn(dir, managed) : flink(dir, managed);
    }

    private static Store cairn(Path dir, long managed) throws IOException {
        KeyedStateBackend<Long> backend = IsolatedRocksDbClassLoader.cairnRocksDbBackend(MemorySize.ofBytes(managed))
                .apply(dir)
                .createKeyedStateBackend(new KeyedStateBackendParameters<>("memory", LongSerializer.INSTANCE,
                        MAX_PARALLELISM, KeyGroupRange.of(0, MAX_PARALLELISM - 1), RocksDBMemoryBench.class.getClassLoader()));
        ValueState<byte[]> state = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>("value", BytePrimitiveArraySerializer.INSTANCE));
        return new Store() {
            @Override
            public void put(long key, byte[] value) throws Exception {
                backend.setCurrentKey(key);
                state.update(value);
            }

            @Override
            public byte[] get(long key) throws Exception {
                backend.setCurrentKey(key);
                return state.value();
            }

            @Override
            public void close() {
                backend.close();
            }
        };
    }

    private static Store flink(Path dir, long managed) throws Exception {
        FlinkStateBenchmark.RocksDb flink = new FlinkStateBenchmark.RocksDb(dir, managed);
        org.apache.flink.runtime.state.AbstractKeyedStateBackend<Long> backend = flink.createBackend(java.util.List.of());
        org.apache.flink.api.common.state.ValueState<byte[]> state = backend.getPartitionedState(
                org.apache.flink.runtime.state.VoidNamespace.INSTANCE,
                org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE,
                new org.apache.flink.api.common.state.ValueStateDescriptor<>("value",
                        org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer.INSTANCE));
        return new Store() {
            @Override
            public void put(long key, byte[] value) throws Exception {
                backend.setCurrentKey(key);
                state.update(value);
            }

            @Override
            public byte[] get(long key) throws Exception {
                backend.setCurrentKey(key);
                return state.value();
            }

            @Override
            public void close() throws IOException {
                backend.dispose();
                flink.closeResources();
            }
        };
    }

    /** The value of a key: {@code n} bytes, the same for the same key, incompressible. */
    static byte[] value(long key, int n) {
        byte[] b = new byte[n];
        SplittableRandom r = new SplittableRandom(key * 0x9E3779B97F4A7C15L);
        for (int i = 0; i < n; i += 8) {
            long v = r.nextLong();
            for (int j = 0; j < 8 && i + j < n; j++) {
                b[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return b;
    }

    private static void check(Store store, long key, int n) throws Exception {
        byte[] read = store.get(key);
        if (!Arrays.equals(read, value(key, n))) {
            throw new IllegalStateException("key " + key + " read back " + (read == null ? "nothing" : read.length
                    + " different bytes"));
        }
    }

    private static long nonHeapCommitted() {
        return ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getCommitted();
    }

    /** @return the bytes of the files under {@code dir}; files deleted while it walks (compaction) count 0 */
    static long directorySize(Path dir) throws IOException {
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total[0] += attrs.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: a temporary directory
        }
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    static Options parse(String[] args) {
        String system = Systems.CAIRN;
        long target = MemorySize.ofMebiBytes(2048).getBytes();
        long managed = MemorySize.ofMebiBytes(64).getBytes();
        long margin = MemorySize.ofMebiBytes(128).getBytes();
        int valueBytes = 1024;
        double readSeconds = 30;
        int sampleMs = 50;
        Path dir = null;
        List<String> list = List.of(args);
        for (int i = 0; i < list.size(); i++) {
            String flag = list.get(i);
            if (i + 1 >= list.size()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String v = list.get(++i);
            switch (flag) {
                case "--system" -> {
                    if (!Systems.ALL.contains(v)) {
                        throw new IllegalArgumentException("--system: '" + v + "' is not one of " + Systems.ALL);
                    }
                    system = v;
                }
                case "--target" -> target = size(flag, v);
                case "--managed" -> managed = size(flag, v);
                case "--margin" -> margin = size(flag, v);
                case "--value-bytes" -> valueBytes = (int) positive(flag, v);
                case "--read-seconds" -> {
                    readSeconds = Double.parseDouble(v);
                    if (!(readSeconds >= 0)) {
                        throw new IllegalArgumentException("--read-seconds: '" + v + "' must not be negative");
                    }
                }
                case "--sample-ms" -> sampleMs = (int) positive(flag, v);
                case "--dir" -> dir = Path.of(v);
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        return new Options(system, target, managed, margin, valueBytes, readSeconds, sampleMs, dir);
    }

    private static long size(String flag, String v) {
        try {
            return MemorySize.parse(v).getBytes();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": '" + v + "' is not a size (e.g. 64mb, 2gb): " + e.getMessage(), e);
        }
    }

    private static long positive(String flag, String v) {
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": '" + v + "' is not a number", e);
        }
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(flag + ": '" + v + "' must be a positive int");
        }
        return n;
    }

    /** Samples the resident set size on a thread of its own. */
    static final class Sampler {
        private final int periodMs;
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong last = new AtomicLong();
        private final AtomicLong count = new AtomicLong();
        private ScheduledExecutorService timer;

        Sampler(int periodMs) {
            this.periodMs = periodMs;
        }

        void start(long first) {
            peak.set(first);
            last.set(first);
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rss-sampler");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::sample, 0, periodMs, TimeUnit.MILLISECONDS);
        }

        private void sample() {
            long rss = rss();
            last.set(rss);
            peak.accumulateAndGet(rss, Math::max);
            count.incrementAndGet();
        }

        void stop() throws InterruptedException {
            if (timer != null) {
                timer.shutdown();
                timer.awaitTermination(10, TimeUnit.SECONDS);
                sample();
            }
        }

        long peak() {
            return peak.get();
        }

        long last() {
            return last.get();
        }

        long count() {
            return count.get();
        }

        /** @return VmRSS of this process in bytes, from {@code /proc/self/status} */
        static long rss() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        String[] parts = line.substring(6).trim().split("\\s+");
                        return Long.parseLong(parts[0]) * 1024;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                throw new IllegalStateException("cannot read VmRSS from /proc/self/status: " + e, e);
            }
            throw new IllegalStateException("no VmRSS line in /proc/self/status (not Linux?)");
        }
    }
}
