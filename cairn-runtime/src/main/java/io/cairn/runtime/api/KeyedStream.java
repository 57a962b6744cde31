package io.cairn.runtime.api;

import io.cairn.runtime.jobgraph.JobEdge;
import io.cairn.runtime.jobgraph.JobVertex;
import io.cairn.runtime.jobgraph.Partitioning;
import io.cairn.runtime.operators.KeyedProcessOperator;
import io.cairn.serialization.TypeSerializer;

/**
 * A stream partitioned by key: the next operator receives every record of a key on the subtask that
 * owns the key's group, and keeps keyed state for it.
 *
 * @param <K> the key type
 * @param <T> the record type
 */
public final class KeyedStream<K, T> {

    private final DataStream<T> input;
    private final KeySelector<T, K> keySelector;
    private final TypeSerializer<K> keySerializer;

    KeyedStream(DataStream<T> input, KeySelector<T, K> keySelector, TypeSerializer<K> keySerializer) {
        this.input = input;
        this.keySelector = keySelector;
        this.keySerializer = keySerializer;
    }

    /**
     * Processes each record with keyed state.
     *
     * @param function the function
     * @param outputSerializer the serializer of its output
     * @param <O> the output type
     * @return the output stream
     */
    public <O> DataStream<O> process(KeyedProcessFunction<K, T, O> function, TypeSerializer<O> outputSerializer) {
        return process(function, outputSerializer, "process");
    }

    /**
     * Processes each record with keyed state, naming the operator (its uid derives from the name).
     *
     * @param function the function
     * @param outputSerializer the serializer of its output
     * @param name the operator's name
     * @param <O> the output type
     * @return the output stream
     */
    public <O> DataStream<O> process(KeyedProcessFunction<K, T, O> function, TypeSerializer<O> outputSerializer, String name) {
        StreamEnvironment env = input.env;
        KeySelector<T, K> selector = keySelector;
        JobVertex v = new JobVertex(name, env.nextUid(name), () -> new KeyedProcessOperator<>(Functions.copy(function), selector), false,
                env.defaultParallelism(), env.defaultMaxParallelism());
        v.setKeyed(keySelector, keySerializer);
        env.graph().addVertex(v);
        env.graph().connect(new JobEdge(input.vertex, v, Partitioning.HASH, input.serializer, keySelector));
        return new DataStream<>(env, v, outputSerializer);
    }
}
