package io.cairn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.checkpoint.CompletedCheckpoint;
import io.cairn.checkpoint.metadata.OperatorState;
import io.cairn.checkpoint.metadata.OperatorSubtaskState;
import io.cairn.fs.Path;
import io.cairn.runtime.api.CheckpointedFunction;
import io.cairn.runtime.api.DataStream;
import io.cairn.runtime.api.MapFunction;
import io.cairn.runtime.api.RuntimeContext;
import io.cairn.runtime.api.RichFunction;
import io.cairn.runtime.api.StreamEnvironment;
import io.cairn.runtime.connectors.CollectSink;
import io.cairn.runtime.connectors.GeneratorSource;
import io.cairn.runtime.connectors.TransactionalFileSink;
import io.cairn.runtime.executor.JobConfig;
import io.cairn.runtime.executor.JobListener;
import io.cairn.runtime.executor.JobResult;
import io.cairn.runtime.jobgraph.JobEdge;
import io.cairn.runtime.jobgraph.JobGraph;
import io.cairn.runtime.jobgraph.JobVertex;
import io.cairn.runtime.jobgraph.Partitioning;
import io.cairn.runtime.tasks.TaskWiring;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.StringSerializer;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operator chaining: which edges chain, that chained operators share the upstream thread, and their state. */
class ChainingTest {

    /** Thread names a map function ran on, by run id. */
    static final Map<String, Set<String>> THREADS = new ConcurrentHashMap<>();
    /** Per run id and subtask, the count of records the chained map had seen at its latest snapshot. */
    static final Map<String, Long> SNAPSHOT_COUNTS = new ConcurrentHashMap<>();
    /** Per run id, the sum of the counts the chained map restored. */
    static final Map<String, Long> RESTORED_COUNTS = new ConcurrentHashMap<>();

    @TempDir
    java.nio.file.Path tmp;

    private static JobVertex vertex(String name, boolean source, int parallelism) {
        return new JobVertex(name, name, () -> null, source, parallelism, 0);
    }

    private static void connect(JobGraph g, JobVertex from, JobVertex to, Partitioning p) {
        g.connect(new JobEdge(from, to, p, LongSerializer.INSTANCE, p == Partitioning.HASH ? (Long x) -> x : null));
    }

    @Test
    void chainsFollowForwardEdgesThatAreTheirUpstreamsOnlyOutput() {
        JobGraph g = new JobGraph("chains");
        JobVertex src = vertex("src", true, 2);
        JobVertex a = vertex("a", false, 2);
        JobVertex b = vertex("b", false, 2);
        JobVertex fanOut = vertex("fan-out", true, 2);
        JobVertex c = vertex("c", false, 2);
        JobVertex d = vertex("d", false, 2);
        JobVertex e = vertex("e", false, 3);
        JobVertex keyed = vertex("keyed", false, 3);
        for (JobVertex v : List.of(src, a, b, fanOut, c, d, e, keyed)) {
            g.addVertex(v);
        }
        connect(g, src, a, Partitioning.FORWARD);
        connect(g, a, b, Partitioning.FORWARD);
        connect(g, fanOut, c, Partitioning.FORWARD); // fan-out: two outputs, neither chained
        connect(g, fanOut, d, Partitioning.FORWARD);
        connect(g, c, e, Partitioning.REBALANCE); // not forward
        connect(g, e, keyed, Partitioning.HASH); // not forward, though the parallelism is equal

        assertThat(TaskWiring.chains(g, true)).containsExactly(List.of(src, a, b), List.of(fanOut), List.of(c), List.of(d),
                List.of(e), List.of(keyed));
        assertThat(TaskWiring.chains(g, false)).containsExactly(List.of(src), List.of(a), List.of(b), List.of(fanOut),
                List.of(c), List.of(d), List.of(e), List.of(keyed));

        Map<JobVertex, TaskWiring.Wiring> wiring = TaskWiring.wire(g, true);
        assertThat(wiring.get(src).output(0)).as("a chained edge has no channels").isNull();
        assertThat(wiring.get(a).inputs(1)).isEmpty();
        assertThat(wiring.get(b).output(0)).isNull(); // a sink
        assertThat(wiring.get(c).inputs(0)).hasSize(1);
        assertThat(wiring.get(e).inputs(2)).hasSize(2); // rebalance from both subtasks of c
        assertThat(TaskWiring.wire(g, false).get(a).inputs(1)).hasSize(1);
    }

    /** Records the thread it runs on. */
    record ThreadRecorder(String runId) implements MapFunction<Long, Long> {
        @Override
        public Long map(Long value) {
            THREADS.computeIfAbsent(runId, k -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread().getName());
            return value * 10;
        }
    }

    private static Set<String> runSourceMapSink(String runId, boolean chaining) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.fromSource(new GeneratorSource<>(1_000, seq -> seq, LongSerializer.INSTANCE), "numbers")
                .map(new ThreadRecorder(runId), LongSerializer.INSTANCE)
                .sinkTo(new CollectSink<>(runId));
        JobResult result = env.execute("chaining-" + runId, new JobConfig().chaining(chaining));
        assertThat(result.isSuccess()).as("%s", result.failure()).isTrue();
        assertThat(CollectSink.<Long>results(runId)).containsExactlyInAnyOrderElementsOf(
                LongStream.range(0, 1_000).map(x -> x * 10).boxed().toList());
        assertThat(result.recordsProcessed()).as("records received by map and sink").isEqualTo(2_000);
        CollectSink.clear(runId);
        return THREADS.remove(runId);
    }

    @Test
    void chainedOperatorsRunOnTheSourceThreadAndUnchainedOnTheirOwn() throws Exception {
        assertThat(runSourceMapSink(UUID.randomUUID().toString(), true))
                .containsExactlyInAnyOrder("cairn-task numbers -> map -> sink (1/2)#0", "cairn-task numbers -> map -> sink (2/2)#0");
        assertThat(runSourceMapSink(UUID.randomUUID().toString(), false))
                .containsExactlyInAnyOrder("cairn-task map (1/2)#0", "cairn-task map (2/2)#0");
    }

    /**
     * Passes lines through, counting them in operator list state; fails once, in subtask 0 after
     * {@code failAt} lines, so the job restores from a checkpoint.
     */
    static final class CountingPassThrough implements MapFunction<String, String>, CheckpointedFunction, RichFunction {
        private static final long serialVersionUID = 1L;
        private final String runId;
        private final long failAt;
        private transient ListState<Long> countState;
        private transient long count;
        private transient int subtask;

        CountingPassThrough(String runId, long failAt) {
            this.runId = runId;
            this.failAt = failAt;
        }

        @Override
        public void initializeState(InitializationContext context) throws Exception {
            countState = context.getOperatorStateBackend().getListState(new ListStateDescriptor<>("count", LongSerializer.INSTANCE));
            count = 0;
            for (Long c : countState.get()) {
                count += c;
            }
            if (context.isRestored()) {
                RESTORED_COUNTS.merge(runId, count, Long::sum);
            }
        }

        @Override
        public void open(RuntimeContext context) {
            subtask = context.getIndexOfThisSubtask();
        }

        @Override
        public String map(String line) {
            count++;
            if (subtask == 0 && count == failAt) {
                CounterJob.fireOnce(runId, "chained-map");
            }
            return line;
        }

        @Override
        public void snapshotState(long checkpointId) throws Exception {
            countState.update(List.of(count));
            SNAPSHOT_COUNTS.put(runId + "/" + subtask, count);
        }
    }

    @Test
    void chainedOperatorsSnapshotAndRestoreTheirOwnState() throws Exception {
        String runId = UUID.randomUUID().toString();
        long records = 30_000;
        long keys = 101;
        Path out = Path.fromLocal(tmp.resolve("out"));
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setMaxParallelism(128);
        DataStream<String> counted = env.fromSource(new GeneratorSource<>(records, seq -> {
                    if (seq % 10 == 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                    }
                    return seq;
                }, LongSerializer.INSTANCE), "numbers")
                .keyBy(seq -> seq % keys, LongSerializer.INSTANCE)
                .process(new CounterJob.Counter(runId, CounterJob.Failures.none()), StringSerializer.INSTANCE, "counter");
        DataStream<String> passed = counted.map(new CountingPassThrough(runId, 6_000), StringSerializer.INSTANCE);
        JobVertex sink = passed.sinkTo(new TransactionalFileSink<String>(out), 2);
        AtomicReference<CompletedCheckpoint> latest = new AtomicReference<>();
        JobConfig config = CounterJob.config(Path.fromLocal(tmp.resolve("chk")), 50).listener(new JobListener() {
            @Override
            public void checkpointCompleted(CompletedCheckpoint checkpoint) {
                latest.set(checkpoint);
            }
        });

        JobResult result = env.execute("chained-state-" + runId, config);

        assertThat(result.failure()).isNull();
        assertThat(result.restarts()).isEqualTo(1);
        assertThat(CounterJob.FIRED).contains(runId + "/chained-map");
        assertThat(CounterJob.verify(TransactionalFileSink.committedLines(out), records, keys)).isNull();
        assertThat(RESTORED_COUNTS.get(runId)).as("the map restored counts from a checkpoint").isPositive();
        // the map's count was restored with the records the restored sources replay: exactly once in total
        assertThat(SNAPSHOT_COUNTS.get(runId + "/0") + SNAPSHOT_COUNTS.get(runId + "/1")).isEqualTo(records);
        // every chained operator acknowledged its own state: counter (keyed), map and sink (operator state)
        Map<io.cairn.common.OperatorID, OperatorState> states = latest.get().getOperatorStates();
        OperatorState counter = states.get(counted.getVertex().getOperatorId());
        OperatorState map = states.get(passed.getVertex().getOperatorId());
        assertThat(counter.getState(0).getManagedKeyedState()).isNotEmpty();
        assertThat(counter.getState(1).getManagedKeyedState()).isNotEmpty();
        for (int i = 0; i < 2; i++) {
            OperatorSubtaskState m = map.getState(i);
            assertThat(m.getManagedOperatorState()).isNotEmpty();
            assertThat(m.getManagedKeyedState()).isEmpty();
        }
        assertThat(states).containsKey(sink.getOperatorId());
    }
}
