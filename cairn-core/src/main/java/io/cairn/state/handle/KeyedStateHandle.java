package io.cairn.state.handle;

import io.cairn.state.keygroup.KeyGroupRange;

/** A handle to keyed state, aware of the key groups it holds so that rescaling can split it. */
public interface KeyedStateHandle extends StateHandle {

    /** @return the key groups whose state this handle holds */
    KeyGroupRange getKeyGroupRange();

    /**
     * Returns the part of this handle that holds the given key groups.
     *
     * @param keyGroupRange the key groups wanted
     * @return a handle to the overlap, or {@code null} if there is no overlap
     */
    KeyedStateHandle getIntersection(KeyGroupRange keyGroupRange);
}
