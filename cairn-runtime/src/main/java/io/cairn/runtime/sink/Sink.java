package io.cairn.runtime.sink;

import java.io.Serializable;

/**
 * Where a job's records end up. Plain sinks write as records arrive (at-least-once across failures);
 * a {@link TwoPhaseCommittingSink} makes output exactly-once.
 *
 * @param <T> the record type
 */
public interface Sink<T> extends Serializable {

    /**
     * Creates the writer of one subtask.
     *
     * @param context the subtask's identity
     * @return the writer
     * @throws Exception if it cannot be created
     */
    SinkWriter<T> createWriter(SinkContext context) throws Exception;
}
