package io.cairn.state.handle;

import io.cairn.fs.FSDataInputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * Stands in for a shared piece that an earlier checkpoint already uploaded, so that an incremental
 * checkpoint does not upload it again. Holds no data: registration in a {@link SharedStateRegistry}
 * replaces it with the registered handle. Discarding it is a no-op.
 */
public final class PlaceholderStreamStateHandle implements StreamStateHandle {

    private static final long serialVersionUID = 1L;

    private final SharedStateRegistryKey registryKey;
    private final long stateSize;

    /**
     * @param registryKey the key the piece is registered under
     * @param stateSize the size of the referenced piece in bytes
     * @throws IllegalArgumentException if {@code stateSize} is negative
     */
    public PlaceholderStreamStateHandle(SharedStateRegistryKey registryKey, long stateSize) {
        this.registryKey = Objects.requireNonNull(registryKey, "registryKey");
        if (stateSize < 0) {
            throw new IllegalArgumentException("stateSize must not be negative: stateSize=" + stateSize);
        }
        this.stateSize = stateSize;
    }

    /**
     * @param uploaded a piece registered by an earlier checkpoint (a file or in-memory handle)
     * @return a placeholder for it, keyed by {@link SharedStateRegistryKey#forStreamStateHandle}
     */
    public static PlaceholderStreamStateHandle of(StreamStateHandle uploaded) {
        return new PlaceholderStreamStateHandle(SharedStateRegistryKey.forStreamStateHandle(uploaded), uploaded.getStateSize());
    }

    /** @return the key of the referenced piece */
    public SharedStateRegistryKey getRegistryKey() {
        return registryKey;
    }

    /**
     * Always fails: a placeholder has no data.
     *
     * @throws IllegalStateException always
     */
    @Override
    public FSDataInputStream openInputStream() {
        throw new IllegalStateException("placeholder for shared state '" + registryKey + "' holds no data: resolve it"
                + " through the SharedStateRegistry (registerReference) before reading");
    }

    @Override
    public Optional<byte[]> asBytesIfInMemory() {
        return Optional.empty();
    }

    /** Does nothing: the referenced piece belongs to the shared state registry. */
    @Override
    public void discardState() {
        // nothing to delete
    }

    /** @return the size of the referenced piece */
    @Override
    public long getStateSize() {
        return stateSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlaceholderStreamStateHandle p && registryKey.equals(p.registryKey) && stateSize == p.stateSize;
    }

    @Override
    public int hashCode() {
        return 31 * registryKey.hashCode() + Long.hashCode(stateSize);
    }

    @Override
    public String toString() {
        return "PlaceholderStreamStateHandle{" + registryKey + ", " + stateSize + " bytes}";
    }
}
