package io.cairn.checkpoint;

import io.cairn.checkpoint.metadata.CheckpointMetadata;
import io.cairn.checkpoint.metadata.MasterState;
import io.cairn.checkpoint.metadata.OperatorState;
import io.cairn.checkpoint.stats.CheckpointStatsSummarySnapshot;
import io.cairn.checkpoint.storage.CheckpointProperties;
import io.cairn.checkpoint.storage.CompletedCheckpointStorageLocation;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.common.JobStatus;
import io.cairn.common.OperatorID;
import io.cairn.state.handle.SharedStateRegistry;
import java.io.IOException;
import java.io.Serializable;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A checkpoint (or savepoint) that every task acknowledged and whose metadata is durable. It knows
 * its state handles and storage location, and how to delete them when it is subsumed or the job
 * ends, according to its {@link CheckpointProperties}.
 *
 * <p>Threads: read-only methods may be called from any thread; the discard methods are idempotent
 * and thread-safe.
 */
public class CompletedCheckpoint implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long checkpointId;
    private final long timestamp;
    private final long completionTimestamp;
    private final Map<OperatorID, OperatorState> operatorStates;
    private final List<MasterState> masterHookStates;
    private final CheckpointProperties properties;
    private final CompletedCheckpointStorageLocation storageLocation;
    private volatile boolean discarded;
    private volatile CheckpointStatsSummarySnapshot statsSummary;

    /**
     * @param checkpointId the checkpoint id
     * @param timestamp when it was triggered, epoch ms
     * @param completionTimestamp when its metadata was written, epoch ms
     * @param operatorStates the state of each operator
     * @param masterHookStates the master hooks' states
     * @param properties type and retention
     * @param storageLocation where its metadata and exclusive files live
     */
    public CompletedCheckpoint(
            long checkpointId,
            long timestamp,
            long completionTimestamp,
            Map<OperatorID, OperatorState> operatorStates,
            Collection<MasterState> masterHookStates,
            CheckpointProperties properties,
            CompletedCheckpointStorageLocation storageLocation) {
        this.checkpointId = checkpointId;
        this.timestamp = timestamp;
        this.completionTimestamp = completionTimestamp;
        this.operatorStates = Collections.unmodifiableMap(new LinkedHashMap<>(operatorStates));
        this.masterHookStates = List.copyOf(masterHookStates);
        this.properties = Objects.requireNonNull(properties, "properties");
        this.storageLocation = Objects.requireNonNull(storageLocation, "storageLocation");
    }

    /**
     * Loads a completed checkpoint or savepoint from a directory or a {@code _metadata} file, on any
     * file system.
     *
     * @param externalPointer the checkpoint or savepoint directory, or its {@code _metadata} file
     * @return the checkpoint
     * @throws java.io.FileNotFoundException if there is no metadata; the message names the path
     * @throws io.cairn.checkpoint.storage.CorruptCheckpointException if the metadata fails a check
     * @throws IOException if reading fails
     */
    public static CompletedCheckpoint load(String externalPointer) throws IOException {
        return fromLocation(FileSystemCheckpointStorage.resolveCheckpointPointer(externalPointer));
    }

    /**
     * Loads the checkpoint whose metadata is at a completed storage location.
     *
     * @param location the location
     * @return the checkpoint
     * @throws IOException if the metadata cannot be read or fails a check
     */
    public static CompletedCheckpoint fromLocation(CompletedCheckpointStorageLocation location) throws IOException {
        CheckpointMetadata m = Checkpoints.loadMetadata(location);
        Map<OperatorID, OperatorState> ops = new LinkedHashMap<>();
        for (OperatorState s : m.operatorStates()) {
            ops.put(s.getOperatorID(), s);
        }
        return new CompletedCheckpoint(
                m.checkpointId(), m.timestamp(), m.completionTimestamp(), ops, m.masterStates(), m.properties(), location);
    }

    /** @return the metadata this checkpoint writes to {@code _metadata} */
    public CheckpointMetadata toMetadata() {
        return new CheckpointMetadata(checkpointId, timestamp, completionTimestamp, properties,
                List.copyOf(operatorStates.values()), masterHookStates);
    }

    /** @return the checkpoint id */
    public long getCheckpointId() {
        return checkpointId;
    }

    /** @return when it was triggered, epoch ms */
    public long getTimestamp() {
        return timestamp;
    }

    /** @return when it completed, epoch ms */
    public long getCompletionTimestamp() {
        return completionTimestamp;
    }

    /** @return trigger-to-completion time in ms */
    public long getDuration() {
        return completionTimestamp - timestamp;
    }

    /** @return the total size of all state handles, in bytes */
    public long getSize() {
        long size = 0;
        for (OperatorState s : operatorStates.values()) {
            size += s.getStateSize();
        }
        return size;
    }

    /**
     * Registers this checkpoint's shared pieces (e.g. after loading it from a retained checkpoint
     * store); call for every retained checkpoint, oldest first.
     *
     * @param registry the job's shared state registry
     */
    public void registerSharedStates(SharedStateRegistry registry) {
        registry.registerAll(operatorStates.values(), checkpointId);
    }

    /** @return the pointer to resume from: the checkpoint directory */
    public String getExternalPointer() {
        return storageLocation.getExternalPointer();
    }

    /** @return where the metadata and exclusive files live */
    public CompletedCheckpointStorageLocation getStorageLocation() {
        return storageLocation;
    }

    /** @return the state of each operator */
    public Map<OperatorID, OperatorState> getOperatorStates() {
        return operatorStates;
    }

    /** @return the master hooks' states */
    public Collection<MasterState> getMasterHookStates() {
        return masterHookStates;
    }

    /** @return type and retention */
    public CheckpointProperties getProperties() {
        return properties;
    }

    /** @return the checkpoint's statistics: duration, sizes and per-task ack latency; empty if loaded from storage */
    public CheckpointStatsSummarySnapshot getStatsSummary() {
        CheckpointStatsSummarySnapshot s = statsSummary;
        return s == null ? CheckpointStatsSummarySnapshot.empty() : s;
    }

    void setStatsSummary(CheckpointStatsSummarySnapshot summary) {
        this.statsSummary = summary;
    }

    /** @return true once the checkpoint's state was deleted */
    public boolean isDiscarded() {
        return discarded;
    }

    /**
     * Deletes the checkpoint because a newer one subsumed it; savepoints are kept.
     *
     * @return completes when done; fails with the I/O error if deletion failed
     */
    public CompletableFuture<Void> discardOnSubsume() {
        return properties.discardOnSubsumed() ? discard() : CompletableFuture.completedFuture(null);
    }

    /**
     * Deletes the checkpoint because the job was cancelled, unless its retention policy keeps it.
     *
     * @return completes when done
     */
    public CompletableFuture<Void> discardOnCancellation() {
        return discardOnShutdown(JobStatus.CANCELED);
    }

    /**
     * Deletes the checkpoint if its properties say so for a job ending with {@code jobStatus}.
     *
     * @param jobStatus how the job ended
     * @return completes when done
     */
    public CompletableFuture<Void> discardOnShutdown(JobStatus jobStatus) {
        return properties.discardOnJobStatus(jobStatus) ? discard() : CompletableFuture.completedFuture(null);
    }

    /**
     * Deletes all state handles and then the storage location. Idempotent. Shared pieces of
     * incremental handles are left alone: the {@link SharedStateRegistry} deletes them once unused.
     *
     * @return completes when done; fails with the first I/O error (later ones suppressed)
     */
    public synchronized CompletableFuture<Void> discard() {
        if (discarded) {
            return CompletableFuture.completedFuture(null);
        }
        IOException failure = null;
        for (OperatorState s : operatorStates.values()) {
            try {
                s.discardState();
            } catch (IOException e) {
                failure = addTo(failure, e);
            }
        }
        try {
            storageLocation.disposeStorageLocation();
        } catch (IOException e) {
            failure = addTo(failure, e);
        }
        discarded = true;
        return failure == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(failure);
    }

    private static IOException addTo(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    @Override
    public String toString() {
        return (properties.isSavepoint() ? "Savepoint " : "Checkpoint ") + checkpointId + " @ " + timestamp + " ("
                + getExternalPointer() + ")";
    }
}
