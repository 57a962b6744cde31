package io.cairn.runtime.source;

/**
 * Where a {@link SourceReader} emits records.
 *
 * @param <T> the record type
 */
@FunctionalInterface
public interface SourceOutput<T> {

    /**
     * Emits one record downstream.
     *
     * @param record the record, not null
     */
    void collect(T record);
}
