package io.cairn.runtime.jobgraph;

import io.cairn.runtime.api.KeySelector;
import io.cairn.serialization.TypeSerializer;
import java.util.Objects;

/**
 * A connection between two vertices: how records are routed and serialized.
 *
 * @param source the upstream vertex
 * @param target the downstream vertex
 * @param partitioning the routing
 * @param recordSerializer serializes records on the wire
 * @param keySelector the key of each record, for {@link Partitioning#HASH}; otherwise null
 */
public record JobEdge(
        JobVertex source, JobVertex target, Partitioning partitioning, TypeSerializer<?> recordSerializer,
        KeySelector<?, ?> keySelector) {

    /** Validates the edge. */
    public JobEdge {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(partitioning, "partitioning");
        Objects.requireNonNull(recordSerializer, "recordSerializer");
        if (partitioning == Partitioning.HASH && keySelector == null) {
            throw new IllegalArgumentException("a HASH edge needs a key selector: " + source.getName() + " -> " + target.getName());
        }
    }
}
