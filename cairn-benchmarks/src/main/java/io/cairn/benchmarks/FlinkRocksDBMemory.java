package io.cairn.benchmarks;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.memory.OpaqueMemoryResource;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.WriteBufferManager;

/**
 * Gives Flink's RocksDB backend the same shared memory as Cairn's in the benchmarks: one LRU block
 * cache of a fixed capacity with a write-buffer manager charging half of it to the cache. Flink
 * builds these resources only inside its package ({@code RocksDBSharedResources} is package-private),
 * so they are created here by reflection, from our own package.
 */
final class FlinkRocksDBMemory {

    /** High-priority pool of the cache (index and filter blocks), as Flink's and Cairn's default. */
    static final double HIGH_PRIORITY_POOL_RATIO = 0.1;

    private static final String SHARED_RESOURCES = "org.apache.flink.contrib.streaming.state.RocksDBSharedResources";

    private FlinkRocksDBMemory() {}

    /**
     * @param capacity the block cache's capacity in bytes; write buffers get half of it, inside it
     * @return the shared resources for a {@code RocksDBResourceContainer}, closed by its disposer
     * @throws IOException if FRocksDB's native library cannot be loaded or Flink's internals changed
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static OpaqueMemoryResource allocate(long capacity) throws IOException {
        try {
            Method ensure = EmbeddedRocksDBStateBackend.class.getDeclaredMethod("ensureRocksDBIsLoaded", String.class);
            ensure.setAccessible(true);
            ensure.invoke(null, System.getProperty("java.io.tmpdir"));
            LRUCache cache = new LRUCache(capacity, -1, false, HIGH_PRIORITY_POOL_RATIO);
            long writeBufferCapacity = capacity / 2;
            WriteBufferManager writeBufferManager = new WriteBufferManager(writeBufferCapacity, cache);
            Constructor<?> c = Class.forName(SHARED_RESOURCES)
                    .getDeclaredConstructor(Cache.class, WriteBufferManager.class, long.class, boolean.class);
            c.setAccessible(true);
            AutoCloseable resources = (AutoCloseable) c.newInstance(cache, writeBufferManager, writeBufferCapacity, false);
            return new OpaqueMemoryResource(resources, capacity, () -> resources.close());
        } catch (InvocationTargetException e) {
            throw new IOException("cannot set up Flink's RocksDB memory: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IOException("Flink 1.20's RocksDB internals are not as expected (" + SHARED_RESOURCES + "): " + e, e);
        }
    }
}
