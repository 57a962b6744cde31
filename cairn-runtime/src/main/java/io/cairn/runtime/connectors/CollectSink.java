package io.cairn.runtime.connectors;

import io.cairn.runtime.sink.Sink;
import io.cairn.runtime.sink.SinkContext;
import io.cairn.runtime.sink.SinkWriter;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A sink for tests and examples: every subtask adds its records to a process-wide queue registered
 * under the sink's id, which {@link #results(String)} reads from any thread.
 *
 * <p>Records are added as they are written. After a failure the job replays records from the last
 * completed checkpoint, and they are added again: the results are <b>at-least-once</b> across
 * restarts (exactly-once only for runs without failures). Call {@link #clear(String)} between runs
 * that reuse an id; entries stay in memory until then.
 *
 * @param <T> the record type
 */
public final class CollectSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private static final ConcurrentHashMap<String, Queue<Object>> RESULTS = new ConcurrentHashMap<>();

    private final String id;

    /**
     * Creates the sink.
     *
     * @param id the registry key its records are collected under
     * @throws IllegalArgumentException if {@code id} is empty
     */
    public CollectSink(String id) {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("collect sink id must not be empty");
        }
        this.id = id;
    }

    /** @return the registry key */
    public String getId() {
        return id;
    }

    /**
     * Returns what has been collected under an id so far, in the order the records were added
     * (records of different subtasks interleave).
     *
     * @param id the id
     * @param <T> the record type
     * @return a copy of the records; empty if nothing was collected under {@code id}
     */
    @SuppressWarnings("unchecked") // the caller knows the type it collected under the id
    public static <T> List<T> results(String id) {
        Queue<Object> queue = RESULTS.get(Objects.requireNonNull(id, "id"));
        return queue == null ? List.of() : (List<T>) List.copyOf(queue);
    }

    /**
     * Forgets the records collected under an id.
     *
     * @param id the id
     */
    public static void clear(String id) {
        RESULTS.remove(Objects.requireNonNull(id, "id"));
    }

    @Override
    public SinkWriter<T> createWriter(SinkContext context) {
        Queue<Object> queue = RESULTS.computeIfAbsent(id, k -> new ConcurrentLinkedQueue<>());
        return element -> {
            if (element == null) {
                throw new NullPointerException("collect sink '" + id + "' cannot collect null (subtask "
                        + context.subtaskIndex() + ")");
            }
            queue.add(element);
        };
    }
}
