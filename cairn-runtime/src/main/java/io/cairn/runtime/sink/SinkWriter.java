package io.cairn.runtime.sink;

/**
 * Writes the records of one sink subtask. Called from the task thread only.
 *
 * @param <T> the record type
 */
@SuppressWarnings("try") // close() may throw any exception, InterruptedException included, on purpose
public interface SinkWriter<T> extends AutoCloseable {

    /**
     * Writes one record.
     *
     * @param element the record
     * @throws Exception if writing fails; the task fails
     */
    void write(T element) throws Exception;

    /**
     * Makes written records durable or visible as far as this writer can on its own; called at
     * checkpoints and at end of input.
     *
     * @throws Exception if flushing fails
     */
    default void flush() throws Exception {}

    @Override
    default void close() throws Exception {}
}
