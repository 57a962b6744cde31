package io.cairn.benchmarks.demo;

import io.cairn.cli.demo.InjectedFailures;
import io.cairn.cli.demo.Payments;
import io.cairn.cli.demo.PaymentsJob;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * The payments job of {@code cairn demo} on Apache Flink 1.20.0, defined as in Cairn's
 * {@link PaymentsJob}: a {@link DataGeneratorSource} over {@code seq = 0 .. E-1} (split into P
 * contiguous ranges, one per subtask, whose positions are checkpointed) mapping each seq with
 * {@link Payments#payment}, {@code keyBy(account)}, {@link FlinkBalanceFunction}, and a row-format
 * {@link FileSink} that rolls on every checkpoint and commits when it completes. Exactly-once
 * checkpoints every interval to a local directory; on a failure the whole job restarts at once
 * (fixed delay 0, up to failures + 10 times), as Cairn's demo does.
 */
public final class FlinkPaymentsJob {

    /** The operators' maximum parallelism, as in Cairn's demo. */
    public static final int MAX_PARALLELISM = 128;

    private FlinkPaymentsJob() {}

    /**
     * The configuration of the MiniCluster and the job: one TaskManager with P slots.
     *
     * @param s the demo's settings
     * @param backend {@code hashmap} or {@code rocksdb}
     * @param rocksDbMemory the TaskManager's managed memory, which Flink's RocksDB backend divides
     *     among the slots (P slots, one RocksDB instance each)
     * @return the configuration
     */
    public static Configuration configuration(PaymentsJob.Settings s, String backend, MemorySize rocksDbMemory) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, backend);
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, false);
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, s.checkpointDir().toUri().toString());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(s.intervalMs()));
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMinutes(2));
        conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, Integer.MAX_VALUE - 1);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, s.failures() + 10);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ZERO);
        conf.set(CoreOptions.DEFAULT_PARALLELISM, s.parallelism());
        conf.set(PipelineOptions.MAX_PARALLELISM, MAX_PARALLELISM);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, s.parallelism());
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, rocksDbMemory);
        conf.set(RestOptions.BIND_PORT, "0"); // several MiniClusters may run on this machine at once
        return conf;
    }

    /**
     * Builds the job.
     *
     * @param s the demo's settings
     * @param conf the configuration from {@link #configuration}
     * @return the job graph, ready to submit
     */
    public static JobGraph build(PaymentsJob.Settings s, Configuration conf) {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        DataGeneratorSource<Payments.Payment> source = new DataGeneratorSource<>(
                new PaymentGenerator(s.seed(), s.accounts()), s.events(), TypeInformation.of(Payments.Payment.class));
        FileSink<String> sink = FileSink
                .forRowFormat(new org.apache.flink.core.fs.Path(s.outputDir().toUri()), new SimpleStringEncoder<String>("UTF-8"))
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "payments")
                .keyBy(Payments.Payment::account, Types.LONG)
                .process(new FlinkBalanceFunction(new InjectedFailures(
                        Payments.failureSeqs(s.failures(), s.events(), s.seed()), s.failureDir().toString())))
                .name("balances")
                .sinkTo(sink)
                .name("output");
        return env.getStreamGraph().getJobGraph();
    }

    /** Sequence number to payment, with Cairn's formulas. */
    static final class PaymentGenerator implements GeneratorFunction<Long, Payments.Payment> {

        private static final long serialVersionUID = 1L;

        private final long seed;
        private final long accounts;

        PaymentGenerator(long seed, long accounts) {
            this.seed = seed;
            this.accounts = accounts;
        }

        @Override
        public Payments.Payment map(Long seq) {
            return Payments.payment(seq, seed, accounts);
        }
    }
}
