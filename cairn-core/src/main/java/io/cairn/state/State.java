package io.cairn.state;

/**
 * A piece of state. Keyed state is scoped to the backend's current key (and a namespace); operator
 * state to the task. State objects are used from the task's thread only.
 *
 * <p>State methods throw no checked exceptions; a backend failure (e.g. a RocksDB error) surfaces
 * as a {@link StateAccessException} naming the state.
 */
public interface State {

    /** Removes the value for the current key and namespace. */
    void clear();
}
