package io.cairn.state.rocksdb;

import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
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

    /** Bloom filter bits per key when filters are on. */
    static final double BLOOM_BITS_PER_KEY = 10.0;

    private final RocksDBSettings settings;
    private final SharedRocksDBMemory.Lease memory;
    private final BloomFilter bloomFilter;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;
    private final List<AutoCloseable> columnFamilyOptions = new ArrayList<>();
    private DBOptions dbOptions;
    private boolean closed;

    RocksDBResources(RocksDBSettings settings) {
        this.settings = settings;
        SharedRocksDBMemory.Lease lease = null;
        BloomFilter filter = null;
        WriteOptions write = null;
        boolean ok = false;
        try {
            lease = settings.managedMemory() ? SharedRocksDBMemory.acquire(settings.managedMemorySize()) : null;
            filter = settings.bloomFilter() ? new BloomFilter(BLOOM_BITS_PER_KEY, false) : null;
            // the database is a cache of the last checkpoint: a crash restores from the checkpoint, never from a WAL
            write = new WriteOptions().setDisableWAL(true);
            this.readOptions = new ReadOptions();
            ok = true;
        } finally {
            if (!ok) {
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
                .setMergeOperatorName(MERGE_OPERATOR)
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
