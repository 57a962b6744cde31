package io.cairn.runtime.tasks;

import io.cairn.runtime.api.KeySelector;
import io.cairn.runtime.jobgraph.JobEdge;
import io.cairn.runtime.jobgraph.JobGraph;
import io.cairn.runtime.jobgraph.JobVertex;
import io.cairn.runtime.jobgraph.Partitioning;
import io.cairn.serialization.TypeSerializer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Creates the channels of one deployment: for every edge, one channel per (upstream, downstream) pair it routes. */
public final class TaskWiring {

    private TaskWiring() {}

    /** The channels of one vertex: inputs per subtask, output writer per subtask. */
    public static final class Wiring {
        private final Map<Integer, List<Channel>> inputs = new HashMap<>();
        private final Map<Integer, RecordWriter<Object>> outputs = new HashMap<>();

        /**
         * @param subtask a subtask
         * @return its input channels, one per upstream subtask that sends to it
         */
        public List<Channel> inputs(int subtask) {
            return inputs.getOrDefault(subtask, List.of());
        }

        /**
         * @param subtask a subtask
         * @return its output writer, or null for sinks
         */
        public RecordWriter<Object> output(int subtask) {
            return outputs.get(subtask);
        }
    }

    /**
     * Wires a job graph.
     *
     * @param graph the graph
     * @return each vertex's wiring
     */
    @SuppressWarnings("unchecked")
    public static Map<JobVertex, Wiring> wire(JobGraph graph) {
        Map<JobVertex, Wiring> result = new HashMap<>();
        for (JobVertex v : graph.getVertices()) {
            result.put(v, new Wiring());
        }
        for (JobEdge e : graph.getEdges()) {
            int up = e.source().getParallelism();
            int down = e.target().getParallelism();
            Wiring source = result.get(e.source());
            Wiring target = result.get(e.target());
            for (int i = 0; i < up; i++) {
                List<Channel> outs = new ArrayList<>();
                if (e.partitioning() == Partitioning.FORWARD) {
                    Channel c = new Channel();
                    outs.add(c);
                    target.inputs.computeIfAbsent(i, k -> new ArrayList<>()).add(c);
                } else {
                    for (int j = 0; j < down; j++) {
                        Channel c = new Channel();
                        outs.add(c);
                        target.inputs.computeIfAbsent(j, k -> new ArrayList<>()).add(c);
                    }
                }
                source.outputs.put(i, new RecordWriter<>(outs, e.partitioning(), (TypeSerializer<Object>) e.recordSerializer(),
                        (KeySelector<Object, ?>) e.keySelector(), e.target().getMaxParallelism(), i));
            }
        }
        return result;
    }
}
