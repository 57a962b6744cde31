package io.cairn.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** The systems under comparison, their printed names, and how to create a benchmark for each. */
public final class Systems {

    /** The {@code --system} value of Cairn. */
    public static final String CAIRN = "cairn";

    /** The {@code --system} value of Apache Flink. */
    public static final String FLINK = "flink";

    /** The {@code --backend} value of the heap backends. */
    public static final String HEAP = "heap";

    /** The {@code --backend} value of the RocksDB backends. */
    public static final String ROCKSDB = "rocksdb";

    /** Every {@code --system} value except {@code both}, in the order they run. */
    public static final List<String> ALL = List.of(CAIRN, FLINK);

    private static final Properties VERSIONS = loadVersions();

    private Systems() {}

    /** @return Cairn's version, e.g. {@code 0.1.0-SNAPSHOT} */
    public static String cairnVersion() {
        return VERSIONS.getProperty("cairn.version");
    }

    /** @return the Flink version benchmarked, e.g. {@code 1.20.0} */
    public static String flinkVersion() {
        return VERSIONS.getProperty("flink.version");
    }

    /**
     * @param system {@code cairn} or {@code flink}
     * @return the name printed in results, e.g. {@code flink-1.20.0}
     */
    public static String displayName(String system) {
        switch (system) {
            case CAIRN:
                return "cairn-" + cairnVersion();
            case FLINK:
                return "flink-" + flinkVersion();
            default:
                throw new IllegalArgumentException("unknown system '" + system + "'; known: cairn, flink, both");
        }
    }

    /**
     * @param system {@code cairn} or {@code flink}
     * @param backend {@code heap} or {@code rocksdb}
     * @return why the combination cannot run yet, or null if it can
     */
    public static String unavailable(String system, String backend) {
        return null;
    }

    /**
     * Creates a benchmark, not yet set up.
     *
     * @param system {@code cairn} or {@code flink}
     * @param backend {@code heap} or {@code rocksdb}
     * @param workingDir where a RocksDB backend keeps its files
     * @return the benchmark
     * @throws IllegalArgumentException for an unknown or {@linkplain #unavailable unavailable} combination
     */
    public static StateBenchmark create(String system, String backend, Path workingDir) {
        String reason = unavailable(system, backend);
        if (reason != null) {
            throw new IllegalArgumentException(system + "/" + backend + ": " + reason);
        }
        if (!HEAP.equals(backend) && !ROCKSDB.equals(backend)) {
            throw new IllegalArgumentException("unknown backend '" + backend + "'; known: heap, rocksdb");
        }
        switch (system) {
            case CAIRN:
                return HEAP.equals(backend) ? CairnStateBenchmark.heap() : CairnStateBenchmark.rocksDb(workingDir);
            case FLINK:
                return HEAP.equals(backend) ? new FlinkStateBenchmark.Heap() : new FlinkStateBenchmark.RocksDb(workingDir);
            default:
                throw new IllegalArgumentException("unknown system '" + system + "'; known: cairn, flink, both");
        }
    }

    /**
     * Creates a {@link Workload#SNAPSHOT_RESTORE} benchmark, not yet populated.
     *
     * @param system {@code cairn} or {@code flink}
     * @param backend {@code heap} or {@code rocksdb}
     * @param workingDir where a RocksDB backend keeps its files
     * @return the benchmark
     * @throws IllegalArgumentException for an unknown combination
     */
    static SnapshotBenchmark createSnapshot(String system, String backend, Path workingDir) {
        create(system, backend, workingDir); // validates the combination; creating it allocates nothing
        switch (system) {
            case CAIRN:
                return new CairnSnapshotBenchmark(backend, () -> (CairnStateBenchmark) create(system, backend, workingDir));
            case FLINK:
                return new FlinkSnapshotBenchmark(backend, () -> (FlinkStateBenchmark) create(system, backend, workingDir));
            default:
                throw new IllegalArgumentException("unknown system '" + system + "'; known: cairn, flink, both");
        }
    }

    private static Properties loadVersions() {
        Properties properties = new Properties();
        try (InputStream in = Systems.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties missing from the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
