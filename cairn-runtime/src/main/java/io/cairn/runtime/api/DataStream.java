package io.cairn.runtime.api;

import io.cairn.runtime.jobgraph.JobEdge;
import io.cairn.runtime.jobgraph.JobVertex;
import io.cairn.runtime.jobgraph.Partitioning;
import io.cairn.runtime.operators.MapOperator;
import io.cairn.runtime.operators.SinkOperator;
import io.cairn.runtime.sink.Sink;
import io.cairn.serialization.TypeSerializer;
import java.util.Objects;

/**
 * A stream of records produced by one operator.
 *
 * @param <T> the record type
 */
public class DataStream<T> {

    final StreamEnvironment env;
    final JobVertex vertex;
    final TypeSerializer<T> serializer;

    DataStream(StreamEnvironment env, JobVertex vertex, TypeSerializer<T> serializer) {
        this.env = env;
        this.vertex = vertex;
        this.serializer = serializer;
    }

    /** @return the vertex that produces this stream */
    public JobVertex getVertex() {
        return vertex;
    }

    /**
     * @param parallelism the parallelism of the operator that produces this stream
     * @return this
     */
    public DataStream<T> setParallelism(int parallelism) {
        vertex.setParallelism(parallelism, env.defaultMaxParallelism());
        return this;
    }

    /**
     * Partitions by key; the next operator keeps keyed state.
     *
     * @param keySelector the key of each record
     * @param keySerializer the key serializer
     * @param <K> the key type
     * @return the keyed stream
     */
    public <K> KeyedStream<K, T> keyBy(KeySelector<T, K> keySelector, TypeSerializer<K> keySerializer) {
        return new KeyedStream<>(this, Objects.requireNonNull(keySelector, "keySelector"),
                Objects.requireNonNull(keySerializer, "keySerializer"));
    }

    /**
     * Transforms each record; routed round robin (or forward when the parallelism matches).
     *
     * @param function the function
     * @param outputSerializer the serializer of the results
     * @param <O> the result type
     * @return the results
     */
    public <O> DataStream<O> map(MapFunction<T, O> function, TypeSerializer<O> outputSerializer) {
        String name = "map";
        JobVertex v = new JobVertex(name, env.nextUid(name), () -> new MapOperator<>(Functions.copy(function)), false,
                vertex.getParallelism(), env.defaultMaxParallelism());
        env.graph().addVertex(v);
        env.graph().connect(new JobEdge(vertex, v, Partitioning.FORWARD, serializer, null));
        return new DataStream<>(env, v, outputSerializer);
    }

    /**
     * Writes the stream to a sink.
     *
     * @param sink the sink
     * @return the sink's vertex, e.g. to set its parallelism
     */
    public JobVertex sinkTo(Sink<T> sink) {
        String name = "sink";
        JobVertex v = new JobVertex(name, env.nextUid(name), () -> new SinkOperator<T, Object>(Functions.copy(sink)), false,
                env.defaultParallelism(), env.defaultMaxParallelism());
        env.graph().addVertex(v);
        env.graph().connect(new JobEdge(vertex, v,
                v.getParallelism() == vertex.getParallelism() ? Partitioning.FORWARD : Partitioning.REBALANCE, serializer, null));
        return v;
    }

    /**
     * Writes the stream to a sink with its own parallelism.
     *
     * @param sink the sink
     * @param parallelism the sink's parallelism
     * @return the sink's vertex
     */
    public JobVertex sinkTo(Sink<T> sink, int parallelism) {
        String name = "sink";
        JobVertex v = new JobVertex(name, env.nextUid(name), () -> new SinkOperator<T, Object>(Functions.copy(sink)), false,
                parallelism, env.defaultMaxParallelism());
        env.graph().addVertex(v);
        env.graph().connect(new JobEdge(vertex, v,
                parallelism == vertex.getParallelism() ? Partitioning.FORWARD : Partitioning.REBALANCE, serializer, null));
        return v;
    }
}
