package io.cairn.state.handle;

/**
 * A state object that may contain shared pieces, directly or through its children: it registers them
 * with a {@link SharedStateRegistry} when its checkpoint is reported or restored.
 */
public interface CompositeStateHandle extends StateObject {

    /**
     * Registers every shared piece with {@code registry} for {@code checkpointId} and replaces
     * placeholders with the registered handles. Called by the registry's {@code registerAll}.
     *
     * @param registry the registry
     * @param checkpointId the checkpoint that uses the pieces
     */
    void registerSharedStates(SharedStateRegistry registry, long checkpointId);

    /** @return the bytes this checkpoint uploaded; pieces reused from earlier checkpoints count 0 */
    long getCheckpointedSize();
}
