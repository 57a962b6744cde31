package io.cairn.state.handle;

import io.cairn.fs.FSDataInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link OperatorStateHandle} over one stream. Handles repartitioned from the same snapshot share
 * the stream, so discarding any of them deletes it for all: only the owner of the checkpoint should
 * discard.
 */
public final class OperatorStreamStateHandle implements OperatorStateHandle {

    private static final long serialVersionUID = 1L;

    private final Map<String, StateMetaInfo> stateNameToPartitionOffsets;
    private final StreamStateHandle delegate;

    /**
     * @param stateNameToPartitionOffsets the states in this handle; copied, iteration order kept
     * @param delegate the stream holding the data
     * @throws NullPointerException if an argument, a name or a meta info is null
     */
    public OperatorStreamStateHandle(Map<String, StateMetaInfo> stateNameToPartitionOffsets, StreamStateHandle delegate) {
        Objects.requireNonNull(stateNameToPartitionOffsets, "stateNameToPartitionOffsets cannot be null");
        this.delegate = Objects.requireNonNull(delegate, "delegate cannot be null");
        Map<String, StateMetaInfo> copy = new LinkedHashMap<>(stateNameToPartitionOffsets.size() * 2);
        for (Map.Entry<String, StateMetaInfo> e : stateNameToPartitionOffsets.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "state name cannot be null");
            copy.put(name, Objects.requireNonNull(e.getValue(), "meta info cannot be null for state '" + name + "'"));
        }
        this.stateNameToPartitionOffsets = Collections.unmodifiableMap(copy);
    }

    @Override
    public Map<String, StateMetaInfo> getStateNameToPartitionOffsets() {
        return stateNameToPartitionOffsets;
    }

    @Override
    public StreamStateHandle getDelegateStateHandle() {
        return delegate;
    }

    @Override
    public FSDataInputStream openInputStream() throws IOException {
        return delegate.openInputStream();
    }

    @Override
    public Optional<byte[]> asBytesIfInMemory() {
        return delegate.asBytesIfInMemory();
    }

    /** Deletes the underlying stream, which other handles of the same snapshot may share. */
    @Override
    public void discardState() throws IOException {
        delegate.discardState();
    }

    /** @return the size of the whole underlying stream */
    @Override
    public long getStateSize() {
        return delegate.getStateSize();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OperatorStreamStateHandle
                && stateNameToPartitionOffsets.equals(((OperatorStreamStateHandle) o).stateNameToPartitionOffsets)
                && delegate.equals(((OperatorStreamStateHandle) o).delegate);
    }

    @Override
    public int hashCode() {
        return 31 * stateNameToPartitionOffsets.hashCode() + delegate.hashCode();
    }

    @Override
    public String toString() {
        return "OperatorStreamStateHandle{" + stateNameToPartitionOffsets + ", " + delegate + "}";
    }
}
