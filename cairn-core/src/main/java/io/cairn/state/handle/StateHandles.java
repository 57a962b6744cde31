package io.cairn.state.handle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The handles a backend restores from: zero or more handles, possibly written by subtasks of a
 * different parallelism. Immutable.
 *
 * @param <T> the kind of handle
 */
public final class StateHandles<T extends StateHandle> implements Iterable<T> {

    private final List<T> handles;

    private StateHandles(List<T> handles) {
        this.handles = handles;
    }

    /**
     * @param handles the handles; null entries are skipped
     * @param <T> the kind of handle
     * @return the collection
     */
    public static <T extends StateHandle> StateHandles<T> of(Collection<? extends T> handles) {
        List<T> list = new ArrayList<>(handles.size());
        for (T h : handles) {
            if (h != null) {
                list.add(h);
            }
        }
        return new StateHandles<>(List.copyOf(list));
    }

    /**
     * @param handles the handles; null entries are skipped
     * @param <T> the kind of handle
     * @return the collection
     */
    @SafeVarargs
    public static <T extends StateHandle> StateHandles<T> of(T... handles) {
        List<T> list = new ArrayList<>(handles.length);
        for (T h : handles) {
            if (h != null) {
                list.add(h);
            }
        }
        return new StateHandles<>(List.copyOf(list));
    }

    /**
     * @param <T> the kind of handle
     * @return a collection with no handles: the backend starts empty
     */
    public static <T extends StateHandle> StateHandles<T> empty() {
        return new StateHandles<>(List.of());
    }

    /** @return the handles as an immutable list */
    public List<T> asList() {
        return handles;
    }

    /** @return true if there is nothing to restore */
    public boolean isEmpty() {
        return handles.isEmpty();
    }

    @Override
    public Iterator<T> iterator() {
        return handles.iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateHandles && handles.equals(((StateHandles<?>) o).handles);
    }

    @Override
    public int hashCode() {
        return Objects.hash(handles);
    }

    @Override
    public String toString() {
        return "StateHandles" + handles;
    }
}
