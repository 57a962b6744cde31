package io.cairn.runtime.connectors;

import java.io.Serializable;

/**
 * Produces the record for a sequence number; used by {@link GeneratorSource}. Must be
 * deterministic (the same number always gives an equal record) so that replay after a restore
 * reproduces the same records, and serializable because the source is.
 *
 * @param <T> the record type
 */
@FunctionalInterface
public interface SequenceGenerator<T> extends Serializable {

    /**
     * Produces one record.
     *
     * @param seq the sequence number, {@code 0 <= seq < count}
     * @return the record, not null
     */
    T generate(long seq);
}
