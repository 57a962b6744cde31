package io.cairn.state;

/**
 * A function applied to the state of every key, see
 * {@code KeyedStateBackend#applyToAllKeys}.
 *
 * @param <K> the key type
 * @param <S> the state type
 */
@FunctionalInterface
public interface KeyedStateFunction<K, S extends State> {

    /**
     * @param key the key whose state is current while the function runs
     * @param state the state, scoped to {@code key}
     * @throws Exception to abort the iteration
     */
    void process(K key, S state) throws Exception;
}
