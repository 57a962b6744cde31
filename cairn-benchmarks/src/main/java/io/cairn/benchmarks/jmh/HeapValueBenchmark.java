package io.cairn.benchmarks.jmh;

import io.cairn.benchmarks.StateBenchmark;
import io.cairn.benchmarks.Systems;
import io.cairn.benchmarks.Workload;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the {@code ValueState} heap workloads ({@code value-update}, {@code value-get}) on Cairn and Flink, one
 * operation per invocation, as defined by {@link Workload}. Run with
 *
 * <pre>
 * mvn -q -pl cairn-benchmarks -am package -DskipTests
 * java -jar cairn-benchmarks/target/benchmarks.jar HeapValueBenchmark
 * java -jar cairn-benchmarks/target/benchmarks.jar HeapValueBenchmark -p system=cairn -p workload=value-get -p keysScale=0.1
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx8g")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class HeapValueBenchmark {

    /** {@code cairn} or {@code flink}. */
    @Param({"cairn", "flink"})
    public String system;

    /** The workload's name. */
    @Param({"value-update", "value-get"})
    public String workload;

    /** Multiplies the workload's key count. */
    @Param("1.0")
    public double keysScale;

    private StateBenchmark benchmark;
    private Workload.Operations operations;
    private int next;

    /**
     * Creates and populates the backend and generates the operations.
     *
     * @throws Exception if the backend cannot be created
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Workload selected = Workload.byId(workload);
        int keys = selected.keys(keysScale);
        operations = Workload.operations(keys);
        benchmark = Systems.create(system, Systems.HEAP, Path.of(System.getProperty("java.io.tmpdir"), "cairn-jmh"));
        benchmark.setUp(selected, keys);
    }

    /**
     * A full collection before every iteration, so the state is in the old generation as in a
     * long-running job (see {@code StateBench}).
     */
    @Setup(Level.Iteration)
    public void settleHeap() {
        System.gc();
    }

    /**
     * Disposes the backend.
     *
     * @throws Exception if closing fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        benchmark.close();
    }

    /**
     * One operation on the next key of the sequence.
     *
     * @return what the operation read, for JMH to consume
     * @throws Exception whatever the state access throws
     */
    @Benchmark
    public long operation() throws Exception {
        int i = next;
        long result = benchmark.run(operations, i, i + 1);
        next = i + 1 == operations.size() ? 0 : i + 1;
        return result;
    }
}
