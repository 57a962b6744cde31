package io.cairn.runtime.api;

import java.io.Serializable;

/**
 * Extracts the key of a record, for {@code keyBy}. Must be deterministic.
 *
 * @param <T> the record type
 * @param <K> the key type; its {@code hashCode} must be stable across JVMs
 */
@FunctionalInterface
public interface KeySelector<T, K> extends Serializable {

    /**
     * @param value the record
     * @return its key, not null
     * @throws Exception if the key cannot be extracted
     */
    K getKey(T value) throws Exception;
}
