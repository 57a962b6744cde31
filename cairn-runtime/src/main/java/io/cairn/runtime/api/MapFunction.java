package io.cairn.runtime.api;

import java.io.Serializable;

/**
 * Turns each record into one record.
 *
 * @param <T> the input type
 * @param <O> the output type
 */
@FunctionalInterface
public interface MapFunction<T, O> extends Serializable {

    /**
     * @param value the record
     * @return the result, not null
     * @throws Exception to fail the task
     */
    O map(T value) throws Exception;
}
