package io.cairn.runtime.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.runtime.sink.SinkContext;
import io.cairn.runtime.sink.SinkWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectAndPrintSinkTest {

    @Test
    void collectSinkGathersRecordsOfAllWritersUnderItsId() throws Exception {
        String id = "collect-" + System.nanoTime();
        CollectSink<Integer> sink = new CollectSink<>(id);
        SinkWriter<Integer> w0 = sink.createWriter(new SinkContext(0, 2, "a"));
        SinkWriter<Integer> w1 = sink.createWriter(new SinkContext(1, 2, "a"));
        w0.write(1);
        w1.write(2);
        w0.write(3);
        w0.flush();
        w0.close();
        w1.close();
        assertThat(CollectSink.<Integer>results(id)).containsExactly(1, 2, 3);
        assertThat(CollectSink.<Integer>results("other-" + id)).isEmpty();
        assertThatThrownBy(() -> w1.write(null)).isInstanceOf(NullPointerException.class).hasMessageContaining(id);
        CollectSink.clear(id);
        assertThat(CollectSink.<Integer>results(id)).isEmpty();
        assertThatThrownBy(() -> new CollectSink<>("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printSinkPrintsOneLinePerRecordWithThePrefix() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        SinkWriter<Object> writer = new PrintSink<>("out> ", stream).createWriter(new SinkContext(0, 1, "a"));
        writer.write("x");
        writer.write(42);
        writer.write(null);
        writer.flush();
        writer.close();
        SinkWriter<Object> plain = new PrintSink<>("", stream).createWriter(new SinkContext(0, 1, "a"));
        plain.write(List.of(1, 2));
        plain.close();
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("out> x", "out> 42", "out> null", "[1, 2]");
        assertThat(new PrintSink<>().getPrefix()).isEmpty();
    }
}
