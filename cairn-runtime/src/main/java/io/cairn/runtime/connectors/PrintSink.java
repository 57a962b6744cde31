package io.cairn.runtime.connectors;

import io.cairn.runtime.sink.Sink;
import io.cairn.runtime.sink.SinkContext;
import io.cairn.runtime.sink.SinkWriter;
import java.io.PrintStream;
import java.util.Objects;

/**
 * A sink that prints each record's {@code toString()} as one line, preceded by an optional prefix,
 * to a {@link PrintStream} (standard output by default). At-least-once across restarts: records
 * replayed after a failure are printed again.
 *
 * @param <T> the record type
 */
public final class PrintSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private final String prefix;
    /** Not serializable; a deserialized copy of a sink with a custom stream prints to standard output. */
    private final transient PrintStream stream;

    /** Creates a sink that prints records to standard output without a prefix. */
    public PrintSink() {
        this("");
    }

    /**
     * Creates a sink that prints to standard output.
     *
     * @param prefix printed before every record, as is (e.g. {@code "out> "}); may be empty
     */
    public PrintSink(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.stream = null;
    }

    /**
     * Creates a sink that prints to a given stream (shared by all subtasks; a {@link PrintStream}
     * is thread-safe). The stream is not Java-serialized: a deserialized copy prints to standard
     * output.
     *
     * @param prefix printed before every record, as is; may be empty
     * @param stream where to print
     */
    public PrintSink(String prefix, PrintStream stream) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.stream = Objects.requireNonNull(stream, "stream");
    }

    /** @return the prefix printed before every record */
    public String getPrefix() {
        return prefix;
    }

    @Override
    public SinkWriter<T> createWriter(SinkContext context) {
        PrintStream out = stream != null ? stream : System.out;
        return new SinkWriter<>() {
            @Override
            public void write(T element) {
                out.println(prefix + element);
            }

            @Override
            public void flush() {
                out.flush();
            }

            /** Flushes; the stream itself stays open (it may be standard output). */
            @Override
            public void close() {
                out.flush();
            }
        };
    }
}
