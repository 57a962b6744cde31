package io.cairn.state.keyed;

import io.cairn.serialization.TypeSerializer;
import io.cairn.state.State;

/**
 * The backend's side of a keyed state: the user interface plus the namespace switch and the
 * serializers. Cast to the user interface ({@code ValueState}, ...) to read and write.
 *
 * @param <K> the key type
 * @param <N> the namespace type
 * @param <V> the stored value type
 */
public interface InternalKvState<K, N, V> extends State {

    /** @return the state's name */
    String getName();

    /** @return the key serializer */
    TypeSerializer<K> getKeySerializer();

    /** @return the namespace serializer */
    TypeSerializer<N> getNamespaceSerializer();

    /** @return the stored value serializer */
    TypeSerializer<V> getValueSerializer();

    /**
     * Scopes later reads and writes to a namespace.
     *
     * @param namespace the namespace, not null
     */
    void setCurrentNamespace(N namespace);
}
