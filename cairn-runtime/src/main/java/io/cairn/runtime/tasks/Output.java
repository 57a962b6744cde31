package io.cairn.runtime.tasks;

/**
 * Where an operator emits records; the task routes them to downstream channels.
 *
 * @param <T> the record type
 */
public interface Output<T> {

    /**
     * Emits one record.
     *
     * @param record the record, not null
     * @throws InterruptedException if the task is cancelled while back-pressured
     */
    void emit(T record) throws InterruptedException;
}
