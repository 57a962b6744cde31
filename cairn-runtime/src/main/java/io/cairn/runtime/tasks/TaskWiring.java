package io.cairn.runtime.tasks;

import io.cairn.runtime.api.KeySelector;
import io.cairn.runtime.jobgraph.JobEdge;
import io.cairn.runtime.jobgraph.JobGraph;
import io.cairn.runtime.jobgraph.JobVertex;
import io.cairn.runtime.jobgraph.Partitioning;
import io.cairn.serialization.TypeSerializer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans how a job graph runs: which vertices share a task ({@link #chains operator chains}) and the
 * channels between tasks, one per (upstream, downstream) subtask pair an edge routes.
 */
public final class TaskWiring {

    private TaskWiring() {}

    /** The channels of one vertex: inputs per subtask, output writer per subtask. */
    public static final class Wiring {
        private final Map<Integer, List<Channel>> inputs = new HashMap<>();
        private final Map<Integer, RecordWriter<Object>> outputs = new HashMap<>();

        /**
         * @param subtask a subtask
         * @return its input channels, one per upstream subtask that sends to it; empty for a source
         *     or a vertex chained to its input
         */
        public List<Channel> inputs(int subtask) {
            return inputs.getOrDefault(subtask, List.of());
        }

        /**
         * @param subtask a subtask
         * @return its output writer, or null for sinks and for a vertex whose output is chained
         */
        public RecordWriter<Object> output(int subtask) {
            return outputs.get(subtask);
        }
    }

    /**
     * Whether an edge is chained: its records go from the upstream operator to the downstream one by
     * a direct call on the upstream task's thread, with no channel and no serialization. That holds
     * for a {@link Partitioning#FORWARD} edge (so subtask i feeds subtask i) that is the upstream
     * vertex's only output, when chaining is enabled.
     *
     * @param edge the edge
     * @param chaining whether chaining is enabled
     * @return true if the edge is chained
     */
    public static boolean isChained(JobEdge edge, boolean chaining) {
        return chaining
                && edge.partitioning() == Partitioning.FORWARD
                && edge.source().getParallelism() == edge.target().getParallelism()
                && edge.source().getOutputs().size() == 1;
    }

    /**
     * Whether the tasks of a chain can be recovered alone after a failure: the chain has input
     * channels (its head is not a source and not chained) and sends nothing to other tasks (its tail
     * has no outputs), so restoring one of its subtasks and replaying its input changes nothing
     * downstream.
     *
     * @param graph the graph
     * @param head a vertex that heads a chain
     * @param chaining whether chaining is enabled
     * @return true if the chain headed by {@code head} can be recovered alone
     */
    public static boolean isRecoverableAlone(JobGraph graph, JobVertex head, boolean chaining) {
        if (head.isSource() || head.getInput() == null || isChained(head.getInput(), chaining)) {
            return false;
        }
        for (List<JobVertex> chain : chains(graph, chaining)) {
            if (chain.get(0) == head) {
                return chain.get(chain.size() - 1).getOutputs().isEmpty();
            }
        }
        return false;
    }

    /**
     * Creates the input channels of a task recovered alone, one per upstream subtask. Each delivers
     * nothing until its upstream task has replaced its old channel with it and handed it the replay
     * ({@link StreamTask#replaceOutputChannel}).
     *
     * @param count how many
     * @return new, empty channels
     */
    public static List<Channel> newChannels(int count) {
        List<Channel> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            result.add(Channel.awaitingReplay());
        }
        return result;
    }

    /**
     * Groups a graph's vertices into operator chains: each chain runs as one task per subtask, its
     * head reading the task's input channels and its tail writing the task's output.
     *
     * @param graph the graph, vertices in topological order
     * @param chaining whether chaining is enabled; if not, every vertex is a chain of its own
     * @return the chains, heads in topological order, each listing its vertices from head to tail
     */
    public static List<List<JobVertex>> chains(JobGraph graph, boolean chaining) {
        Map<JobVertex, List<JobVertex>> chainOf = new LinkedHashMap<>();
        List<List<JobVertex>> result = new ArrayList<>();
        for (JobVertex v : graph.getVertices()) {
            JobEdge in = v.getInput();
            List<JobVertex> chain = in != null && isChained(in, chaining) ? chainOf.get(in.source()) : null;
            if (chain == null) {
                chain = new ArrayList<>();
                result.add(chain);
            }
            chain.add(v);
            chainOf.put(v, chain);
        }
        return result;
    }

    /**
     * Wires a job graph: channels for every edge that is not {@link #isChained chained}, without replay
     * logs.
     *
     * @param graph the graph
     * @param chaining whether chaining is enabled
     * @return each vertex's wiring
     */
    public static Map<JobVertex, Wiring> wire(JobGraph graph, boolean chaining) {
        return wire(graph, chaining, 0);
    }

    /**
     * Wires a job graph: channels for every edge that is not {@link #isChained chained}. With
     * {@code replayLogBytes > 0}, the writers of every edge into a {@link #isRecoverableAlone
     * task that can be recovered alone} keep a replay log of up to that many bytes (see
     * {@link StreamTask#replaceOutputChannel}).
     *
     * @param graph the graph
     * @param chaining whether chaining is enabled
     * @param replayLogBytes the most bytes each such writer's replay log holds; 0 for no logs
     * @return each vertex's wiring
     */
    @SuppressWarnings("unchecked")
    public static Map<JobVertex, Wiring> wire(JobGraph graph, boolean chaining, long replayLogBytes) {
        if (replayLogBytes < 0) {
            throw new IllegalArgumentException("replay log bytes must not be negative: " + replayLogBytes);
        }
        Map<JobVertex, Wiring> result = new HashMap<>();
        for (JobVertex v : graph.getVertices()) {
            result.put(v, new Wiring());
        }
        Set<JobEdge> chained = new HashSet<>();
        for (JobEdge e : graph.getEdges()) {
            if (isChained(e, chaining)) {
                chained.add(e);
            }
        }
        for (JobEdge e : graph.getEdges()) {
            if (chained.contains(e)) {
                continue;
            }
            int up = e.source().getParallelism();
            int down = e.target().getParallelism();
            Wiring source = result.get(e.source());
            Wiring target = result.get(e.target());
            for (int i = 0; i < up; i++) {
                List<Channel> outs = new ArrayList<>();
                if (e.partitioning() == Partitioning.FORWARD) {
                    Channel c = Channel.open();
                    outs.add(c);
                    target.inputs.computeIfAbsent(i, k -> new ArrayList<>()).add(c);
                } else {
                    for (int j = 0; j < down; j++) {
                        Channel c = Channel.open();
                        outs.add(c);
                        target.inputs.computeIfAbsent(j, k -> new ArrayList<>()).add(c);
                    }
                }
                RecordWriter<Object> writer = new RecordWriter<>(outs, e.partitioning(), (TypeSerializer<Object>) e.recordSerializer(),
                        (KeySelector<Object, ?>) e.keySelector(), e.target().getMaxParallelism(), i);
                if (replayLogBytes > 0 && isRecoverableAlone(graph, e.target(), chaining)) {
                    writer.enableReplayLog(replayLogBytes);
                }
                source.outputs.put(i, writer);
            }
        }
        return result;
    }
}
