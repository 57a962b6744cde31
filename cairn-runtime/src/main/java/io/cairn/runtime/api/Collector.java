package io.cairn.runtime.api;

/**
 * Where a function emits records.
 *
 * @param <T> the record type
 */
@FunctionalInterface
public interface Collector<T> {

    /**
     * @param record the record, not null
     */
    void collect(T record);
}
