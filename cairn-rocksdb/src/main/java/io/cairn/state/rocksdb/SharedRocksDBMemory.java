package io.cairn.state.rocksdb;

import java.util.HashMap;
import java.util.Map;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.WriteBufferManager;

/**
 * The managed memory of this process's RocksDB instances, shared by every keyed backend configured
 * with the same size and value-cache fraction, and reference-counted: the last backend to close
 * frees it. Of the size, the value-cache fraction (but at most a quarter of the JVM's maximum heap)
 * is the Java-heap budget of the backends' {@link RocksDBValueCache}s, split evenly between the
 * backends that hold a lease; the rest is one LRU block cache, with one write buffer manager charging
 * memtables to it (half of its capacity). Index and filter blocks are cached with high priority (10%
 * of the block cache is reserved for them).
 */
final class SharedRocksDBMemory {

    /** The part of the cache that write buffers may use. */
    static final double WRITE_BUFFER_RATIO = 0.5;
    /** The part of the cache reserved for index and filter blocks. */
    static final double HIGH_PRIORITY_POOL_RATIO = 0.1;

    private static final Map<Key, SharedRocksDBMemory> BY_KEY = new HashMap<>();

    private record Key(long size, double valueCacheFraction) {}

    private final Key key;
    private final LRUCache cache;
    private final WriteBufferManager writeBufferManager;
    private final long valueCacheBytes;
    /** Written under the map's lock; read without it by {@link Lease#valueCacheBudget()}. */
    private volatile int references;

    private SharedRocksDBMemory(Key key) {
        this.key = key;
        this.valueCacheBytes = valueCacheBytes(key.size(), key.valueCacheFraction(), Runtime.getRuntime().maxMemory());
        long blockCacheSize = key.size() - valueCacheBytes;
        this.cache = new LRUCache(blockCacheSize, -1, false, HIGH_PRIORITY_POOL_RATIO);
        WriteBufferManager manager = null;
        try {
            manager = new WriteBufferManager((long) (blockCacheSize * WRITE_BUFFER_RATIO), cache);
        } finally {
            if (manager == null) {
                cache.close();
            }
        }
        this.writeBufferManager = manager;
    }

    /** The largest part of the JVM's maximum heap that the value caches of one shared memory may take. */
    static final double MAX_HEAP_FRACTION = 0.25;

    /**
     * @param size the managed memory in bytes
     * @param valueCacheFraction the configured part of it for the value caches
     * @param maxHeap the JVM's maximum heap in bytes
     * @return the value caches' budget: the configured part, but at most {@link #MAX_HEAP_FRACTION} of
     *     the heap, since the caches live on it; the block cache gets the rest of the size either way
     */
    static long valueCacheBytes(long size, double valueCacheFraction, long maxHeap) {
        return Math.min((long) (size * valueCacheFraction), (long) (maxHeap * MAX_HEAP_FRACTION));
    }

    /**
     * Takes a reference to the shared memory of a size and value-cache fraction, creating it if no
     * backend holds it.
     *
     * @param size the managed memory in bytes
     * @param valueCacheFraction the part of it for the value caches, in [0, 1)
     * @return a lease; release it exactly once (further releases are ignored)
     */
    static Lease acquire(long size, double valueCacheFraction) {
        Key key = new Key(size, valueCacheFraction);
        synchronized (BY_KEY) {
            SharedRocksDBMemory memory = BY_KEY.get(key);
            if (memory == null) {
                memory = new SharedRocksDBMemory(key);
                BY_KEY.put(key, memory);
            }
            memory.references++;
            return new Lease(memory);
        }
    }

    /** @return whether shared memory of this size and fraction is alive (for tests) */
    static boolean isLive(long size, double valueCacheFraction) {
        synchronized (BY_KEY) {
            return BY_KEY.containsKey(new Key(size, valueCacheFraction));
        }
    }

    private void release() {
        synchronized (BY_KEY) {
            if (--references == 0) {
                BY_KEY.remove(key);
                // the write buffer manager refers to the cache: close it first
                writeBufferManager.close();
                cache.close();
            }
        }
    }

    /** One backend's reference to the shared memory. */
    static final class Lease {
        private final SharedRocksDBMemory memory;
        private boolean released;

        private Lease(SharedRocksDBMemory memory) {
            this.memory = memory;
        }

        /** @return the shared block cache */
        Cache cache() {
            return memory.cache;
        }

        /**
         * @return this backend's share of the value-cache budget: the budget divided by the number of
         *     backends holding a lease now (any thread)
         */
        long valueCacheBudget() {
            return memory.valueCacheBytes / Math.max(1, memory.references);
        }

        /** @return whether the value caches have any budget */
        boolean hasValueCache() {
            return memory.valueCacheBytes > 0;
        }

        /** @return the shared write buffer manager */
        WriteBufferManager writeBufferManager() {
            return memory.writeBufferManager;
        }

        /** Drops this reference; the last one frees the native cache and manager. Idempotent. */
        void release() {
            if (!released) {
                released = true;
                memory.release();
            }
        }
    }
}
