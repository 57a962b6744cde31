package io.cairn.state.rocksdb;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.SnapshotResult;
import java.io.IOException;
import java.util.concurrent.RunnableFuture;

/**
 * How a RocksDB backend turns its state into a snapshot. {@link RocksDBFullSnapshotStrategy} writes
 * the canonical format (canonical savepoints, and checkpoints that are not incremental when
 * {@link RocksDBOptions#CHECKPOINT_FORMAT} is {@code CANONICAL});
 * {@link RocksDBIncrementalSnapshotStrategy} uploads RocksDB's own files as the pieces of an
 * {@code IncrementalKeyedStateHandle}: incremental checkpoints (new SST files as shared pieces), native
 * full checkpoints (the default when checkpoints are not incremental) and native savepoints (every
 * file a private piece).
 */
interface RocksDBSnapshotStrategy {

    /**
     * Runs the synchronous part on the task thread and returns the asynchronous part.
     *
     * @param checkpointId the checkpoint id
     * @param timestamp the checkpoint timestamp
     * @param streamFactory where to write
     * @param checkpointOptions the checkpoint's options
     * @return the asynchronous part; its result is empty if there is no state
     * @throws IOException if the synchronous part fails
     */
    RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot(
            long checkpointId, long timestamp, CheckpointStreamFactory streamFactory, CheckpointOptions checkpointOptions)
            throws IOException;
}
