package io.cairn.state.rocksdb;

import io.cairn.serialization.TypeSerializer;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.HashLinkedListMemTableConfig;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.ReadOptions;
import org.rocksdb.WriteOptions;

/**
 * The native option objects of one RocksDB instance, built from {@link RocksDBSettings}, and its
 * lease on the {@link SharedRocksDBMemory}. Closed after the database: first every option object,
 * then the shared cache and write buffer manager lease.
 *
 * <p>List state relies on the merge operator set here on every column family: RocksDB's built-in
 * string-append operator with an empty delimiter ({@link #MERGE_OPERATOR}), so a merge appends the
 * operand's bytes to the value exactly (see {@link RocksDBListState}). It is configured by name, so
 * there is no native operator object to own and close.
 */
final class RocksDBResources implements AutoCloseable {

    /**
     * The merge operator of every column family, as a RocksDB object-registry string: the built-in
     * {@code StringAppendOperator} ({@code stringappend}) with an empty delimiter. The same operator,
     * and the same stored bytes, as {@code new StringAppendOperator("")}: the OPTIONS file names it
     * {@code StringAppendOperator} either way. The bare name {@code stringappend} would mean a comma
     * delimiter, which binary list elements cannot tolerate; RocksDB silently sets no operator for
     * a string it cannot parse, which {@code RocksDBListStateModelTest} would catch.
     */
    static final String MERGE_OPERATOR = "id=stringappend;delimiter=";

    /** Write buffer bytes per bucket of a hash memtable (so 8 bytes of bucket array per 256 bytes of memtable). */
    static final long BYTES_PER_HASH_BUCKET = 256;
    /** The fewest buckets of a hash memtable. */
    static final long MIN_HASH_BUCKETS = 1024;

    /** Bloom filter bits per key when filters are on. */
    static final double BLOOM_BITS_PER_KEY = 10.0;

    private final RocksDBSettings settings;
    private final SharedRocksDBMemory.Lease memory;
    private final BloomFilter bloomFilter;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;
    private final ReadOptions scanOptions;
    private final ReadOptions prefixScanOptions;
    private final List<AutoCloseable> columnFamilyOptions = new ArrayList<>();
    private DBOptions dbOptions;
    private boolean closed;

    RocksDBResources(RocksDBSettings settings) {
        this.settings = settings;
        SharedRocksDBMemory.Lease lease = null;
        BloomFilter filter = null;
        WriteOptions write = null;
        ReadOptions read = null;
        ReadOptions scan = null;
        ReadOptions prefixScan = null;
        boolean ok = false;
        try {
            lease = settings.managedMemory() ? SharedRocksDBMemory.acquire(settings.managedMemorySize(),
                    settings.valueCacheFraction()) : null;
            filter = settings.bloomFilter() ? new BloomFilter(BLOOM_BITS_PER_KEY, false) : null;
            // the database is a cache of the last checkpoint: a crash restores from the checkpoint, never from a WAL
            write = new WriteOptions().setDisableWAL(true);
            read = new ReadOptions();
            // column families with a hash memtable have a prefix extractor: whole-state scans must ask for total order
            scan = new ReadOptions().setTotalOrderSeek(true);
            prefixScan = new ReadOptions().setPrefixSameAsStart(true);
            ok = true;
        } finally {
            if (!ok) {
                closeQuietly(prefixScan);
                closeQuietly(scan);
                closeQuietly(read);
                closeQuietly(write);
                closeQuietly(filter);
                if (lease != null) {
                    lease.release();
                }
            }
        }
        this.memory = lease;
        this.bloomFilter = filter;
        this.writeOptions = write;
        this.readOptions = read;
        this.scanOptions = scan;
        this.prefixScanOptions = prefixScan;
    }

    /** @return the database options; created once, closed with these resources */
    DBOptions dbOptions() {
        if (dbOptions == null) {
            DBOptions options = new DBOptions();
            settings.predefinedOptions().applyTo(options);
            options.setCreateIfMissing(true)
                    .setCreateMissingColumnFamilies(true)
                    .setInfoLogLevel(InfoLogLevel.HEADER_LEVEL)
                    .setKeepLogFileNum(2)
                    .setStatsDumpPeriodSec(0)
                    .setAvoidFlushDuringShutdown(true);
            if (memory != null) {
                options.setWriteBufferManager(memory.writeBufferManager());
            }
            if (settings.hashMemtable()) {
                // hash memtables take one writer at a time, which is all a backend has (the task thread)
                options.setAllowConcurrentMemtableWrite(false);
            }
            dbOptions = options;
        }
        return dbOptions;
    }

    /** @return new options for one column family with a skip-list memtable; closed with these resources */
    ColumnFamilyOptions newColumnFamilyOptions() {
        return newColumnFamilyOptions(0);
    }

    /**
     * The length of the prefix (key group, key, namespace) that a state's column family hashes its
     * memtable by, or 0 if it keeps the skip list: the state needs fixed-length key and namespace
     * serializers, and {@link RocksDBOptions#HASH_MEMTABLE} on.
     *
     * @param keySerializer the backend's key serializer
     * @param namespaceSerializer the state's namespace serializer
     * @return the prefix length in bytes, or 0
     */
    int hashPrefixLength(TypeSerializer<?> keySerializer, TypeSerializer<?> namespaceSerializer) {
        int keyLength = keySerializer.getLength();
        int namespaceLength = namespaceSerializer.getLength();
        if (!settings.hashMemtable() || keyLength <= 0 || namespaceLength <= 0) {
            return 0;
        }
        return RocksDBKeyedStateBackend.KEY_GROUP_PREFIX_BYTES + keyLength + namespaceLength;
    }

    /**
     * @param hashPrefixLength 0 for a skip-list memtable; otherwise the memtable is a hash-linked list
     *     over the first this many bytes of every key (see {@link #hashPrefixLength}), with
     *     {@link RocksDBSettings#hashWriteBufferSize()} and one bucket per {@link #BYTES_PER_HASH_BUCKET}
     * @return new options for one column family; closed with these resources
     */
    ColumnFamilyOptions newColumnFamilyOptions(int hashPrefixLength) {
        ColumnFamilyOptions options = new ColumnFamilyOptions();
        columnFamilyOptions.add(options);
        settings.predefinedOptions().applyTo(options);
        BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockSize(settings.blockSize());
        if (memory != null) {
            table.setBlockCache(memory.cache())
                    .setCacheIndexAndFilterBlocks(true)
                    .setCacheIndexAndFilterBlocksWithHighPriority(true)
                    .setPinL0FilterAndIndexBlocksInCache(true);
        }
        if (bloomFilter != null) {
            table.setFilterPolicy(bloomFilter);
        }
        options.setTableFormatConfig(table)
                .setMergeOperatorName(MERGE_OPERATOR)
                .setMaxWriteBufferNumber(settings.maxWriteBufferNumber())
                .setWriteBufferSize(settings.writeBufferSize())
                // only merges are affected, and only list state merges
                .setMaxSuccessiveMerges(settings.listMaxSuccessiveMerges());
        if (hashPrefixLength > 0) {
            long bucketCount = Math.max(MIN_HASH_BUCKETS, settings.hashWriteBufferSize() / BYTES_PER_HASH_BUCKET);
            // capped, not fixed: a shorter key (none is expected) is its own prefix instead of out of domain
            options.useCappedPrefixExtractor(hashPrefixLength)
                    .setMemTableConfig(new HashLinkedListMemTableConfig().setBucketCount(bucketCount))
                    .setWriteBufferSize(settings.hashWriteBufferSize());
        }
        return options;
    }

    /** @return options for every write: no write-ahead log */
    WriteOptions writeOptions() {
        return writeOptions;
    }

    /** @return options for point reads */
    ReadOptions readOptions() {
        return readOptions;
    }

    /** @return options for iterators over a whole column family, in total order even with a hash memtable */
    ReadOptions scanOptions() {
        return scanOptions;
    }

    /**
     * @return options for iterators that stay within one hash prefix (RocksDB's prefix mode): only for
     *     seeks to a key that starts with a whole prefix of a column family with a hash memtable
     */
    ReadOptions prefixScanOptions() {
        return prefixScanOptions;
    }

    /**
     * @param evictions where the cache writes an evicted dirty entry
     * @return a new value cache charged to this instance's share of the managed memory, or null if
     *     memory is not managed or the value-cache fraction is 0
     */
    RocksDBValueCache newValueCache(RocksDBValueCache.Sink evictions) {
        SharedRocksDBMemory.Lease lease = memory;
        return lease != null && lease.hasValueCache() ? new RocksDBValueCache(lease::valueCacheBudget, evictions) : null;
    }

    /** @return whether the block cache is shared managed memory (so not this instance's alone) */
    boolean usesManagedMemory() {
        return memory != null;
    }

    RocksDBSettings settings() {
        return settings;
    }

    /** Closes the option objects, then releases the shared memory. Call after the database is closed. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable options : columnFamilyOptions) {
            closeQuietly(options);
        }
        columnFamilyOptions.clear();
        closeQuietly(dbOptions);
        closeQuietly(readOptions);
        closeQuietly(scanOptions);
        closeQuietly(prefixScanOptions);
        closeQuietly(writeOptions);
        closeQuietly(bloomFilter);
        if (memory != null) {
            memory.release();
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // native option objects do not fail to close
            }
        }
    }
}
