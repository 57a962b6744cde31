package io.cairn.state.rocksdb;

import io.cairn.config.MemorySize;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactionStyle;
import org.rocksdb.DBOptions;

/**
 * Predefined RocksDB tunings for a kind of local disk, chosen with
 * {@link RocksDBOptions#PREDEFINED_OPTIONS}. The backend's own options (memory, block size, bloom
 * filter, write buffers) are applied after these.
 */
public enum PredefinedOptions {

    /** RocksDB's defaults. */
    DEFAULT {
        @Override
        void applyTo(DBOptions options) {}

        @Override
        void applyTo(ColumnFamilyOptions options) {}
    },

    /**
     * For spinning disks: more background threads, read-ahead for compactions (large sequential reads),
     * all table files kept open (no re-open seeks), fewer and larger table files, level sizes chosen
     * dynamically so that space amplification stays low.
     */
    SPINNING_DISK_OPTIMIZED {
        @Override
        void applyTo(DBOptions options) {
            options.setIncreaseParallelism(4);
            options.setMaxOpenFiles(-1);
            options.setCompactionReadaheadSize(MemorySize.ofMebiBytes(2).getBytes());
        }

        @Override
        void applyTo(ColumnFamilyOptions options) {
            options.setCompactionStyle(CompactionStyle.LEVEL);
            options.setLevelCompactionDynamicLevelBytes(true);
            options.setTargetFileSizeBase(MemorySize.ofMebiBytes(128).getBytes());
        }
    },

    /**
     * For flash SSDs: more background threads and jobs, all table files kept open, level sizes chosen
     * dynamically; random reads are cheap, so no read-ahead.
     */
    FLASH_SSD_OPTIMIZED {
        @Override
        void applyTo(DBOptions options) {
            options.setIncreaseParallelism(4);
            options.setMaxBackgroundJobs(4);
            options.setMaxOpenFiles(-1);
        }

        @Override
        void applyTo(ColumnFamilyOptions options) {
            options.setCompactionStyle(CompactionStyle.LEVEL);
            options.setLevelCompactionDynamicLevelBytes(true);
        }
    };

    /** Applies the database-wide part of this tuning. */
    abstract void applyTo(DBOptions options);

    /** Applies the per-column-family part of this tuning. */
    abstract void applyTo(ColumnFamilyOptions options);
}
