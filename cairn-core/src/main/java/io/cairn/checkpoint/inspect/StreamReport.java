package io.cairn.checkpoint.inspect;

import java.util.List;

/**
 * One distinct snapshot stream (a file or bytes inlined in the metadata) of an operator, with the
 * states its header records.
 *
 * @param kind {@code keyed} or {@code operator}
 * @param location the file path, or {@code inline (N bytes)}
 * @param size the stream's size in bytes
 * @param subtasks the subtasks whose handles point into the stream
 * @param keyGroups keyed streams: the key groups read, as {@code first..last}; null for operator streams
 * @param keySerializer keyed streams: the key serializer; null for operator streams
 * @param states the states in header order
 */
public record StreamReport(
        String kind,
        String location,
        long size,
        List<Integer> subtasks,
        String keyGroups,
        String keySerializer,
        List<StateReport> states) {

    /** Copies the lists. */
    public StreamReport {
        subtasks = List.copyOf(subtasks);
        states = List.copyOf(states);
    }
}
