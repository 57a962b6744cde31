package io.cairn.runtime.api;

import io.cairn.runtime.executor.JobConfig;
import io.cairn.runtime.executor.JobResult;
import io.cairn.runtime.executor.LocalExecutor;
import io.cairn.runtime.jobgraph.JobGraph;
import io.cairn.runtime.jobgraph.JobVertex;
import io.cairn.runtime.operators.SourceOperator;
import io.cairn.runtime.source.Source;
import java.util.Objects;

/**
 * The entry point of the fluent API: builds a job graph from sources, transformations and sinks,
 * then runs it on a {@link LocalExecutor}.
 *
 * <pre>{@code
 * StreamEnvironment env = StreamEnvironment.create().setParallelism(4);
 * env.fromSource(source, "payments").keyBy(p -> p.account(), LongSerializer.INSTANCE)
 *    .process(new Balances(), BalanceSerializer.INSTANCE).sinkTo(sink);
 * JobResult result = env.execute("payments", new JobConfig().checkpointing(...));
 * }</pre>
 *
 * Not thread-safe; build a job from one thread.
 */
public final class StreamEnvironment {

    private JobGraph graph;
    private int parallelism = 1;
    private int maxParallelism;
    private int counter;

    private StreamEnvironment() {}

    /** @return a new environment */
    public static StreamEnvironment create() {
        return new StreamEnvironment();
    }

    /**
     * @param parallelism the default parallelism of new operators, at least 1
     * @return this
     */
    public StreamEnvironment setParallelism(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        this.parallelism = parallelism;
        return this;
    }

    /**
     * @param maxParallelism the default max parallelism (key groups) of new operators; 0 for the default rule
     * @return this
     */
    public StreamEnvironment setMaxParallelism(int maxParallelism) {
        this.maxParallelism = maxParallelism;
        return this;
    }

    int defaultParallelism() {
        return parallelism;
    }

    int defaultMaxParallelism() {
        return maxParallelism;
    }

    JobGraph graph() {
        if (graph == null) {
            graph = new JobGraph("job");
        }
        return graph;
    }

    String nextUid(String name) {
        return name + "-" + (counter++);
    }

    /**
     * Adds a source.
     *
     * @param source the source
     * @param name its name; also the base of its stable uid
     * @param <T> the record type
     * @param <S> the split type
     * @return the stream of its records
     */
    public <T, S> DataStream<T> fromSource(Source<T, S> source, String name) {
        Objects.requireNonNull(source, "source");
        Functions.copy(source); // fail now, not at deployment, if it cannot be copied
        JobVertex v = new JobVertex(name, nextUid(name), () -> new SourceOperator<>(Functions.copy(source)), true, parallelism, maxParallelism);
        graph().addVertex(v);
        return new DataStream<>(this, v, source.getOutputSerializer());
    }

    /**
     * Runs the job built so far to its end.
     *
     * @param jobName the job's name; names its default job id
     * @param config how to run it
     * @return how it ended
     * @throws InterruptedException if interrupted while waiting
     */
    public JobResult execute(String jobName, JobConfig config) throws InterruptedException {
        return executor(jobName, config).execute();
    }

    /**
     * Creates the executor of the job built so far, without starting it.
     *
     * @param jobName the job's name
     * @param config how to run it
     * @return the executor
     */
    public LocalExecutor executor(String jobName, JobConfig config) {
        JobGraph named = new JobGraph(jobName);
        for (JobVertex v : graph().getVertices()) {
            named.addVertex(v);
        }
        for (io.cairn.runtime.jobgraph.JobEdge e : graph().getEdges()) {
            named.connectExisting(e);
        }
        return new LocalExecutor(named, config);
    }
}
