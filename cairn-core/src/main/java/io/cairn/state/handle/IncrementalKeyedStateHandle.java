package io.cairn.state.handle;

import io.cairn.state.keygroup.KeyGroupRange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * An incremental keyed snapshot: a manifest (meta) stream plus named pieces, some SHARED with other
 * checkpoints of the same backend (RocksDB SST files, heap per-key-group delta files) and some PRIVATE
 * to this checkpoint. Shared pieces already uploaded are sent as {@link PlaceholderStreamStateHandle}s.
 *
 * <p>Ownership: {@link #discardState()} deletes only the meta stream and the private pieces; shared
 * pieces are deleted by the {@link SharedStateRegistry} once no retained checkpoint uses them.
 *
 * <p>Mutability: immutable except that {@link #registerSharedStates} replaces the shared pieces'
 * handles (placeholders, duplicates) with the registered ones. Thread-safe.
 */
public final class IncrementalKeyedStateHandle implements KeyedStateHandle, CompositeStateHandle {

    private static final long serialVersionUID = 1L;

    private final UUID backendIdentifier;
    private final KeyGroupRange keyGroupRange;
    private final long checkpointId;
    private final StreamStateHandle metaStateHandle;
    private final List<StatePiece> privateState;
    private final long checkpointedSize;
    /** Replaced (never modified) by registration; always an immutable list. */
    private volatile List<StatePiece> sharedState;
    /** True once this object's shared pieces were registered; per JVM, not serialized. */
    private transient volatile boolean registered;

    /**
     * @param backendIdentifier the backend instance that wrote the snapshot
     * @param keyGroupRange the key groups it holds
     * @param checkpointId the checkpoint that created it, not negative
     * @param metaStateHandle the manifest stream (private to this checkpoint)
     * @param sharedState shared pieces; placeholders for earlier uploads allowed
     * @param privateState private pieces; no placeholders
     * @throws IllegalArgumentException on a negative id, a duplicate piece name or a misplaced placeholder
     */
    public IncrementalKeyedStateHandle(UUID backendIdentifier, KeyGroupRange keyGroupRange, long checkpointId,
            StreamStateHandle metaStateHandle, List<StatePiece> sharedState, List<StatePiece> privateState) {
        this(backendIdentifier, keyGroupRange, checkpointId, metaStateHandle, sharedState, privateState, -1);
    }

    /**
     * Restores a handle with a known checkpointed size (as recorded in checkpoint metadata, where
     * placeholders are already resolved).
     *
     * @param backendIdentifier the backend instance that wrote the snapshot
     * @param keyGroupRange the key groups it holds
     * @param checkpointId the checkpoint that created it, not negative
     * @param metaStateHandle the manifest stream
     * @param sharedState shared pieces
     * @param privateState private pieces
     * @param checkpointedSize bytes uploaded by that checkpoint, 0 to {@link #getStateSize()}
     * @throws IllegalArgumentException on an invalid argument; the message carries the value
     */
    public IncrementalKeyedStateHandle(UUID backendIdentifier, KeyGroupRange keyGroupRange, long checkpointId,
            StreamStateHandle metaStateHandle, List<StatePiece> sharedState, List<StatePiece> privateState,
            long checkpointedSize) {
        this.backendIdentifier = Objects.requireNonNull(backendIdentifier, "backendIdentifier");
        this.keyGroupRange = Objects.requireNonNull(keyGroupRange, "keyGroupRange");
        this.metaStateHandle = Objects.requireNonNull(metaStateHandle, "metaStateHandle");
        if (checkpointId < 0) {
            throw new IllegalArgumentException("checkpointId must not be negative: checkpointId=" + checkpointId);
        }
        this.checkpointId = checkpointId;
        if (metaStateHandle instanceof PlaceholderStreamStateHandle) {
            throw new IllegalArgumentException("the meta state handle must not be a placeholder: " + metaStateHandle);
        }
        this.sharedState = List.copyOf(Objects.requireNonNull(sharedState, "sharedState"));
        this.privateState = List.copyOf(Objects.requireNonNull(privateState, "privateState"));
        Set<String> names = new HashSet<>();
        for (StatePiece p : this.sharedState) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("duplicate piece name '" + p.name() + "' in incremental handle of checkpoint " + checkpointId);
            }
        }
        for (StatePiece p : this.privateState) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("duplicate piece name '" + p.name() + "' in incremental handle of checkpoint " + checkpointId);
            }
            if (p.isPlaceholder()) {
                throw new IllegalArgumentException("private piece '" + p.name() + "' must not be a placeholder: " + p.handle());
            }
        }
        long uploaded = metaStateHandle.getStateSize();
        for (StatePiece p : this.privateState) {
            uploaded += p.handle().getStateSize();
        }
        for (StatePiece p : this.sharedState) {
            uploaded += p.isPlaceholder() ? 0 : p.handle().getStateSize();
        }
        if (checkpointedSize < 0) {
            this.checkpointedSize = uploaded;
        } else if (checkpointedSize > getStateSize()) {
            throw new IllegalArgumentException("checkpointedSize " + checkpointedSize + " exceeds the state size "
                    + getStateSize());
        } else {
            this.checkpointedSize = checkpointedSize;
        }
    }

    private IncrementalKeyedStateHandle(IncrementalKeyedStateHandle from, KeyGroupRange range) {
        this.backendIdentifier = from.backendIdentifier;
        this.keyGroupRange = range;
        this.checkpointId = from.checkpointId;
        this.metaStateHandle = from.metaStateHandle;
        this.privateState = from.privateState;
        this.sharedState = from.sharedState;
        this.checkpointedSize = from.checkpointedSize;
    }

    /** @return the backend instance that wrote the snapshot */
    public UUID getBackendIdentifier() {
        return backendIdentifier;
    }

    @Override
    public KeyGroupRange getKeyGroupRange() {
        return keyGroupRange;
    }

    /** @return the checkpoint that created this handle */
    public long getCheckpointId() {
        return checkpointId;
    }

    /** @return the manifest stream */
    public StreamStateHandle getMetaStateHandle() {
        return metaStateHandle;
    }

    /** @return the shared pieces (immutable; after registration, placeholders are resolved) */
    public List<StatePiece> getSharedState() {
        return sharedState;
    }

    /** @return the private pieces (immutable) */
    public List<StatePiece> getPrivateState() {
        return privateState;
    }

    /**
     * Returns a handle with the same pieces that restores only the overlapping key groups; restore
     * filters by the range.
     *
     * @param keyGroupRange the key groups wanted
     * @return the narrowed handle, or null if there is no overlap
     */
    @Override
    public IncrementalKeyedStateHandle getIntersection(KeyGroupRange keyGroupRange) {
        KeyGroupRange overlap = this.keyGroupRange.getIntersection(keyGroupRange);
        return overlap.isEmpty() ? null : new IncrementalKeyedStateHandle(this, overlap);
    }

    /**
     * Registers every shared piece under {@link SharedStateRegistryKey#forStreamStateHandle} and replaces
     * each piece's handle with the one the registry returns. Call only at registration time (coordinator
     * on acknowledgement or restore); idempotent.
     */
    @Override
    public synchronized void registerSharedStates(SharedStateRegistry registry, long checkpointId) {
        Objects.requireNonNull(registry, "registry");
        List<StatePiece> current = sharedState;
        List<StatePiece> resolved = new ArrayList<>(current.size());
        for (StatePiece p : current) {
            StreamStateHandle h = registry.registerReference(
                    SharedStateRegistryKey.forStreamStateHandle(p.handle()), p.handle(), checkpointId);
            resolved.add(h == p.handle() ? p : new StatePiece(p.name(), h));
        }
        sharedState = List.copyOf(resolved);
        registered = true;
    }

    /** @return true once {@link #registerSharedStates} ran on this object */
    public boolean isRegistered() {
        return registered;
    }

    /** Discards the meta stream and the private pieces; never the shared pieces. */
    @Override
    public void discardState() throws IOException {
        IOException failure = null;
        List<StreamStateHandle> owned = new ArrayList<>(privateState.size() + 1);
        owned.add(metaStateHandle);
        for (StatePiece p : privateState) {
            owned.add(p.handle());
        }
        for (StreamStateHandle h : owned) {
            try {
                h.discardState();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Discards the shared pieces this checkpoint uploaded (not placeholders), for a snapshot that was
     * never registered: the task's copy of a failed snapshot, or an aborted checkpoint the coordinator
     * never registered. Backends send placeholders for every earlier upload, so no other checkpoint
     * references these pieces.
     *
     * @throws IllegalStateException if this object was registered (the registry owns the pieces)
     * @throws IOException if a piece exists but cannot be deleted
     */
    public void discardUnregisteredSharedState() throws IOException {
        if (registered) {
            throw new IllegalStateException("shared pieces of checkpoint " + checkpointId + " (backend "
                    + backendIdentifier + ") are registered; the SharedStateRegistry discards them");
        }
        IOException failure = null;
        for (StatePiece p : sharedState) {
            if (p.isPlaceholder()) {
                continue;
            }
            try {
                p.handle().discardState();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** @return the size of the meta stream and of all pieces, shared ones included */
    @Override
    public long getStateSize() {
        long size = metaStateHandle.getStateSize();
        for (StatePiece p : privateState) {
            size += p.handle().getStateSize();
        }
        for (StatePiece p : sharedState) {
            size += p.handle().getStateSize();
        }
        return size;
    }

    /** @return the size of the meta stream and the pieces uploaded by this checkpoint (placeholders count 0) */
    @Override
    public long getCheckpointedSize() {
        return checkpointedSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IncrementalKeyedStateHandle h
                && checkpointId == h.checkpointId
                && checkpointedSize == h.checkpointedSize
                && backendIdentifier.equals(h.backendIdentifier)
                && keyGroupRange.equals(h.keyGroupRange)
                && metaStateHandle.equals(h.metaStateHandle)
                && sharedState.equals(h.sharedState)
                && privateState.equals(h.privateState);
    }

    @Override
    public int hashCode() {
        return Objects.hash(backendIdentifier, keyGroupRange, checkpointId, checkpointedSize, metaStateHandle,
                sharedState, privateState);
    }

    @Override
    public String toString() {
        return "IncrementalKeyedStateHandle{checkpoint " + checkpointId + ", backend " + backendIdentifier + ", "
                + keyGroupRange + ", " + sharedState.size() + " shared, " + privateState.size() + " private, "
                + getStateSize() + " bytes (" + checkpointedSize + " new)}";
    }
}
