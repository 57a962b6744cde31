package io.cairn.runtime.connectors;

import java.io.Serializable;

/**
 * Turns a record into one line of text; used by {@link TransactionalFileSink}. Serializable
 * because the sink is.
 *
 * @param <T> the record type
 */
@FunctionalInterface
public interface LineFormatter<T> extends Serializable {

    /**
     * Formats one record.
     *
     * @param record the record
     * @return the line, without a line break and not containing {@code '\n'}
     */
    String format(T record);

    /**
     * The default formatter: {@link String#valueOf(Object)}.
     *
     * @param <T> the record type
     * @return a formatter that calls {@code toString()} ({@code "null"} for null)
     */
    static <T> LineFormatter<T> toStringFormatter() {
        return record -> String.valueOf(record);
    }
}
