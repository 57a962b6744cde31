/**
 * The {@code rocksdb} state backend: {@link io.cairn.state.rocksdb.EmbeddedRocksDBStateBackend},
 * its keyed backend {@link io.cairn.state.rocksdb.RocksDBKeyedStateBackend} and its options
 * {@link io.cairn.state.rocksdb.RocksDBOptions}. The only package of Cairn that uses RocksDB.
 */
package io.cairn.state.rocksdb;
