package io.cairn.state.rocksdb;

import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.ReadOptions;
import org.rocksdb.StringAppendOperator;
import org.rocksdb.WriteOptions;

/**
 * The native option objects of one RocksDB instance, built from {@link RocksDBSettings}, and its
 * lease on the {@link SharedRocksDBMemory}. Closed after the database: first every option object,
 * then the shared cache and write buffer manager lease.
 *
 * <p>List state relies on the merge operator set here on every column family: a
 * {@link StringAppendOperator} with an empty delimiter, so a merge appends the operand's bytes to the
 * value exactly (see {@link RocksDBListState}).
 */
final class RocksDBResources implements AutoCloseable {

    /** Bloom filter bits per key when filters are on. */
    static final double BLOOM_BITS_PER_KEY = 10.0;

    private final RocksDBSettings settings;
    private final SharedRocksDBMemory.Lease memory;
    private final StringAppendOperator mergeOperator;
    private final BloomFilter bloomFilter;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;
    private final List<AutoCloseable> columnFamilyOptions = new ArrayList<>();
    private DBOptions dbOptions;
    private boolean closed;

    RocksDBResources(RocksDBSettings settings) {
        this.settings = settings;
        SharedRocksDBMemory.Lease lease = null;
        StringAppendOperator merge = null;
        BloomFilter filter = null;
        WriteOptions write = null;
        boolean ok = false;
        try {
            lease = settings.managedMemory() ? SharedRocksDBMemory.acquire(settings.managedMemorySize()) : null;
            merge = new StringAppendOperator("");
            filter = settings.bloomFilter() ? new BloomFilter(BLOOM_BITS_PER_KEY, false) : null;
            // the database is a cache of the last checkpoint: a crash restores from the checkpoint, never from a WAL
            write = new WriteOptions().setDisableWAL(true);
            this.readOptions = new ReadOptions();
            ok = true;
        } finally {
            if (!ok) {
                closeQuietly(write);
                closeQuietly(filter);
                closeQuietly(merge);
                if (lease != null) {
                    lease.release();
                }
            }
        }
        this.memory = lease;
        this.mergeOperator = merge;
        this.bloomFilter = filter;
        this.writeOptions = write;
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
            dbOptions = options;
        }
        return dbOptions;
    }

    /** @return new options for one column family; closed with these resources */
    ColumnFamilyOptions newColumnFamilyOptions() {
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
                .setMergeOperator(mergeOperator)
                .setMaxWriteBufferNumber(settings.maxWriteBufferNumber())
                .setWriteBufferSize(settings.writeBufferSize())
                // only merges are affected, and only list state merges
                .setMaxSuccessiveMerges(settings.listMaxSuccessiveMerges());
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
        closeQuietly(writeOptions);
        closeQuietly(bloomFilter);
        closeQuietly(mergeOperator);
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
