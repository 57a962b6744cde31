package io.cairn.state.handle;

/**
 * Tracks the shared pieces of incremental checkpoints (pieces that several checkpoints reference),
 * deduplicates them, and deletes each once no retained checkpoint uses it. Owned by the checkpoint
 * coordinator: one registry per job, fed with every checkpoint's state in checkpoint order.
 *
 * <p>Deletion rule: every entry remembers the highest checkpoint id that registered it. When the
 * coordinator reports the lowest checkpoint id it still retains, every entry last used by a lower id
 * is removed and its piece discarded. Entries never registered are never touched.
 */
public interface SharedStateRegistry extends AutoCloseable {

    /**
     * Registers that checkpoint {@code checkpointId} uses the piece under {@code key}. The first
     * registration stores {@code handle}; later ones (a placeholder, an equal handle, or a duplicate
     * upload, which is discarded) get the stored handle back.
     *
     * @param key the piece's key
     * @param handle the piece, or a {@link PlaceholderStreamStateHandle} for an already registered one
     * @param checkpointId the checkpoint using it, not negative
     * @return the handle to keep in the checkpoint's state: the registered one
     * @throws IllegalStateException if {@code handle} is a placeholder for an unknown key, or the registry is closed
     */
    StreamStateHandle registerReference(SharedStateRegistryKey key, StreamStateHandle handle, long checkpointId);

    /**
     * Registers the shared pieces of every {@link CompositeStateHandle} among {@code handles} (operator
     * states, subtask states, incremental keyed handles) and resolves their placeholders in place.
     * Other state objects and null entries are skipped. Restoring a checkpoint store calls this for
     * each retained checkpoint, oldest first.
     *
     * @param handles the state objects of one checkpoint
     * @param checkpointId that checkpoint's id
     */
    default void registerAll(Iterable<? extends StateObject> handles, long checkpointId) {
        for (StateObject o : handles) {
            if (o instanceof CompositeStateHandle c) {
                c.registerSharedStates(this, checkpointId);
            }
        }
    }

    /**
     * Notes that a checkpoint completed. Bookkeeping only; deletion is driven by
     * {@link #unregisterUnusedState(long)}.
     *
     * @param checkpointId the completed checkpoint
     */
    default void checkpointCompleted(long checkpointId) {}

    /**
     * Removes every entry last used by a checkpoint below {@code lowestRetainedCheckpointId} and
     * discards its piece asynchronously. Does nothing once the registry is closed.
     *
     * @param lowestRetainedCheckpointId the lowest id of any checkpoint still retained (or in flight)
     */
    void unregisterUnusedState(long lowestRetainedCheckpointId);

    /** Stops accepting registrations. Discards nothing: retained checkpoints keep their pieces. */
    @Override
    void close();
}
