package io.cairn.state.rocksdb;

/**
 * The format of the rocksdb backend's checkpoints when they are not incremental, chosen with
 * {@link RocksDBOptions#CHECKPOINT_FORMAT}. Incremental checkpoints ({@code state.backend.incremental:
 * true}) are always native and incremental; savepoints have their own format
 * ({@code SavepointFormatType}).
 */
public enum RocksDBCheckpointFormat {

    /**
     * A native full snapshot: a RocksDB checkpoint (memtables flushed, table files hard-linked) whose
     * every file is uploaded as an exclusive file of the checkpoint. Self-contained; restores into
     * the rocksdb backend only, at any parallelism.
     */
    NATIVE,

    /**
     * The canonical key-group format, written by scanning a RocksDB snapshot entry by entry; restores
     * into the rocksdb and the hashmap backend at any parallelism.
     */
    CANONICAL
}
