/**
 * The {@code rocksdb} state backend: {@link io.cairn.state.rocksdb.EmbeddedRocksDBStateBackend},
 * its keyed backend {@link io.cairn.state.rocksdb.RocksDBKeyedStateBackend} and its options
 * {@link io.cairn.state.rocksdb.RocksDBOptions}. Snapshots are canonical full snapshots or native
 * ones (incremental checkpoints, native savepoints) made of RocksDB's files. The only package of
 * Cairn that uses RocksDB.
 */
package io.cairn.state.rocksdb;
