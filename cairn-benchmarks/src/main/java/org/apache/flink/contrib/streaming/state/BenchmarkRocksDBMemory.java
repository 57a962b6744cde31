package org.apache.flink.contrib.streaming.state;

import java.io.IOException;
import org.apache.flink.runtime.memory.OpaqueMemoryResource;
import org.rocksdb.LRUCache;
import org.rocksdb.WriteBufferManager;

/**
 * The benchmarks' bounded memory for Flink's RocksDB backend, built exactly like Cairn's
 * {@code SharedRocksDBMemory}: one {@code LRUCache(capacity, -1, false, 0.1)} and a
 * {@code WriteBufferManager(capacity / 2, cache)} charging memtables to it. Flink's own
 * {@code RocksDBMemoryControllerUtils} would size the same budget differently (a cache of 5/6 of it
 * and write buffers of 1/3, with {@code state.backend.rocksdb.memory.write-buffer-ratio} 0.5), so
 * this class, in Flink's package for {@link RocksDBSharedResources}' package-private constructor,
 * builds the objects directly. Not part of Flink.
 */
public final class BenchmarkRocksDBMemory {

    /** High-priority pool of the cache (index and filter blocks), as Flink's and Cairn's default. */
    public static final double HIGH_PRIORITY_POOL_RATIO = 0.1;

    private BenchmarkRocksDBMemory() {}

    /**
     * @param capacity the block cache's capacity in bytes; write buffers get half of it, inside it
     * @return the shared resources for a {@code RocksDBResourceContainer}, closed by its disposer
     * @throws IOException if FRocksDB's native library cannot be loaded (as
     *     {@code EmbeddedRocksDBStateBackend} does, into the JVM's temporary directory)
     */
    public static OpaqueMemoryResource<RocksDBSharedResources> allocate(long capacity) throws IOException {
        EmbeddedRocksDBStateBackend.ensureRocksDBIsLoaded(System.getProperty("java.io.tmpdir"));
        LRUCache cache = new LRUCache(capacity, -1, false, HIGH_PRIORITY_POOL_RATIO);
        long writeBufferCapacity = capacity / 2;
        WriteBufferManager writeBufferManager = new WriteBufferManager(writeBufferCapacity, cache);
        RocksDBSharedResources resources = new RocksDBSharedResources(cache, writeBufferManager, writeBufferCapacity, false);
        return new OpaqueMemoryResource<>(resources, capacity, resources::close);
    }
}
