package io.cairn.state.rocksdb;

import java.util.HashMap;
import java.util.Map;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.WriteBufferManager;

/**
 * The managed memory of this process's RocksDB instances: one LRU block cache per configured size,
 * and one write buffer manager charging memtables to it (half of the capacity), shared by every
 * keyed backend that uses that size and reference-counted: the last backend to close frees them.
 * Index and filter blocks are cached with high priority (10% of the cache is reserved for them).
 */
final class SharedRocksDBMemory {

    /** The part of the cache that write buffers may use. */
    static final double WRITE_BUFFER_RATIO = 0.5;
    /** The part of the cache reserved for index and filter blocks. */
    static final double HIGH_PRIORITY_POOL_RATIO = 0.1;

    private static final Map<Long, SharedRocksDBMemory> BY_SIZE = new HashMap<>();

    private final long size;
    private final LRUCache cache;
    private final WriteBufferManager writeBufferManager;
    private int references;

    private SharedRocksDBMemory(long size) {
        this.size = size;
        this.cache = new LRUCache(size, -1, false, HIGH_PRIORITY_POOL_RATIO);
        WriteBufferManager manager = null;
        try {
            manager = new WriteBufferManager((long) (size * WRITE_BUFFER_RATIO), cache);
        } finally {
            if (manager == null) {
                cache.close();
            }
        }
        this.writeBufferManager = manager;
    }

    /**
     * Takes a reference to the shared memory of a size, creating it if no backend holds it.
     *
     * @param size the cache capacity in bytes
     * @return a lease; release it exactly once (further releases are ignored)
     */
    static Lease acquire(long size) {
        synchronized (BY_SIZE) {
            SharedRocksDBMemory memory = BY_SIZE.get(size);
            if (memory == null) {
                memory = new SharedRocksDBMemory(size);
                BY_SIZE.put(size, memory);
            }
            memory.references++;
            return new Lease(memory);
        }
    }

    /** @return whether a shared cache of this size is alive (for tests) */
    static boolean isLive(long size) {
        synchronized (BY_SIZE) {
            return BY_SIZE.containsKey(size);
        }
    }

    private void release() {
        synchronized (BY_SIZE) {
            if (--references == 0) {
                BY_SIZE.remove(size);
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
