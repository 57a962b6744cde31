package io.cairn.state.handle;

import io.cairn.fs.FSDataInputStream;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keygroup.KeyGroupRangeOffsets;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A full keyed snapshot: one stream holding a header and then one block per key group, with the
 * offset of each block. Intersections share the stream and narrow the offsets, so a restoring
 * subtask reads only its own key groups.
 */
public final class KeyGroupsStateHandle implements KeyedStateHandle, StreamStateHandle {

    private static final long serialVersionUID = 1L;

    private final KeyGroupRangeOffsets groupRangeOffsets;
    private final StreamStateHandle delegate;

    /**
     * @param groupRangeOffsets the offset of each key group's block
     * @param delegate the stream holding the snapshot
     */
    public KeyGroupsStateHandle(KeyGroupRangeOffsets groupRangeOffsets, StreamStateHandle delegate) {
        this.groupRangeOffsets = Objects.requireNonNull(groupRangeOffsets, "groupRangeOffsets");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** @return the offsets of the key-group blocks */
    public KeyGroupRangeOffsets getGroupRangeOffsets() {
        return groupRangeOffsets;
    }

    /** @return the underlying stream handle */
    public StreamStateHandle getDelegateStateHandle() {
        return delegate;
    }

    @Override
    public KeyGroupRange getKeyGroupRange() {
        return groupRangeOffsets.getKeyGroupRange();
    }

    @Override
    public KeyGroupsStateHandle getIntersection(KeyGroupRange keyGroupRange) {
        KeyGroupRangeOffsets offsets = groupRangeOffsets.getIntersection(keyGroupRange);
        return offsets.getKeyGroupRange().isEmpty() ? null : new KeyGroupsStateHandle(offsets, delegate);
    }

    @Override
    public FSDataInputStream openInputStream() throws IOException {
        return delegate.openInputStream();
    }

    @Override
    public Optional<byte[]> asBytesIfInMemory() {
        return delegate.asBytesIfInMemory();
    }

    @Override
    public void discardState() throws IOException {
        delegate.discardState();
    }

    @Override
    public long getStateSize() {
        return delegate.getStateSize();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyGroupsStateHandle
                && groupRangeOffsets.equals(((KeyGroupsStateHandle) o).groupRangeOffsets)
                && delegate.equals(((KeyGroupsStateHandle) o).delegate);
    }

    @Override
    public int hashCode() {
        return 31 * groupRangeOffsets.hashCode() + delegate.hashCode();
    }

    @Override
    public String toString() {
        return "KeyGroupsStateHandle{" + getKeyGroupRange() + ", " + delegate + "}";
    }
}
