package io.cairn.benchmarks.rocksdb;

import io.cairn.config.MemorySize;
import io.cairn.state.backend.StateBackend;
import io.cairn.state.rocksdb.EmbeddedRocksDBStateBackend;
import io.cairn.state.rocksdb.RocksDBOptions;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Cairn's RocksDB backend as the benchmarks configure it: managed memory on with a 256 MiB (unless
 * given another size) shared
 * LRU block cache (write buffers charged to it through a write buffer manager of half that size),
 * full bloom filters with 10 bits per key, 4 KiB blocks, two write buffers per column family,
 * {@code DEFAULT} predefined options. Flink's side is configured to match in
 * {@code FlinkStateBenchmark.RocksDb}.
 *
 * <p>Loaded only by {@code IsolatedRocksDbClassLoader}, so that {@code org.rocksdb} resolves to
 * Cairn's rocksdbjni and not to Flink's FRocksDB.
 */
public final class CairnRocksDbBackend implements Function<Path, StateBackend> {

    /** The shared block cache; the write buffer budget is half of it, inside it. */
    public static final MemorySize MANAGED_MEMORY = MemorySize.ofMebiBytes(256);

    private final MemorySize managedMemory;

    /** Creates the configuration with {@link #MANAGED_MEMORY}; called reflectively. */
    public CairnRocksDbBackend() {
        this(MANAGED_MEMORY);
    }

    /**
     * Creates the configuration with another managed memory size; called reflectively.
     *
     * @param managedMemory the shared block cache's capacity
     */
    public CairnRocksDbBackend(MemorySize managedMemory) {
        this.managedMemory = managedMemory;
    }

    /**
     * @param localDirectory where the backend creates its database directory
     * @return the configured backend
     */
    @Override
    public StateBackend apply(Path localDirectory) {
        return new EmbeddedRocksDBStateBackend()
                .with(RocksDBOptions.USE_MANAGED_MEMORY, true)
                .with(RocksDBOptions.MANAGED_MEMORY_SIZE, managedMemory)
                .with(RocksDBOptions.USE_BLOOM_FILTER, true)
                .with(RocksDBOptions.BLOCK_SIZE, MemorySize.ofKibiBytes(4))
                .with(RocksDBOptions.MAX_WRITE_BUFFER_NUMBER, 2)
                .withLocalDirectory(localDirectory);
    }
}
