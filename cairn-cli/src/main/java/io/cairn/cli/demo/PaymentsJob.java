package io.cairn.cli.demo;

import io.cairn.checkpoint.CheckpointCoordinatorConfiguration;
import io.cairn.checkpoint.storage.CheckpointRetentionPolicy;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.fs.Path;
import io.cairn.runtime.api.StreamEnvironment;
import io.cairn.runtime.connectors.GeneratorSource;
import io.cairn.runtime.connectors.TransactionalFileSink;
import io.cairn.runtime.executor.JobConfig;
import io.cairn.runtime.executor.RestartStrategy;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.StringSerializer;
import io.cairn.state.backend.StateBackend;
import java.time.Duration;

/**
 * The payments job: generator (P subtasks, contiguous seq ranges) → keyBy(account) → balances
 * (P) → transactional file sink (P), checkpointed to a file-system directory.
 */
public final class PaymentsJob {

    /** The job's name; its job id (and so its checkpoint directory) derives from it. */
    public static final String JOB_NAME = "cairn-demo-payments";

    private PaymentsJob() {}

    /** The demo's parameters. */
    public record Settings(long events, long accounts, int parallelism, long seed, long intervalMs, int failures,
            java.nio.file.Path dataDir, java.nio.file.Path checkpointDir) {

        /** @return where committed output goes */
        public java.nio.file.Path outputDir() {
            return dataDir.resolve("output");
        }

        /** @return where fired failures are recorded */
        public java.nio.file.Path failureDir() {
            return dataDir.resolve("failures");
        }

        /** @return where Ctrl-C savepoints go */
        public java.nio.file.Path savepointDir() {
            return dataDir.resolve("savepoints");
        }
    }

    /**
     * @param s the settings
     * @return the job, ready to execute
     */
    public static StreamEnvironment build(Settings s) {
        long seed = s.seed();
        long accounts = s.accounts();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(s.parallelism()).setMaxParallelism(128);
        env.fromSource(new GeneratorSource<>(s.events(), seq -> Payments.payment(seq, seed, accounts),
                        Payments.PaymentSerializer.INSTANCE), "payments")
                .keyBy(Payments.Payment::account, LongSerializer.INSTANCE)
                .process(new BalanceFunction(Payments.failureSeqs(s.failures(), s.events(), seed), s.failureDir().toString()),
                        StringSerializer.INSTANCE, "balances")
                .sinkTo(new TransactionalFileSink<String>(Path.fromLocal(s.outputDir())), s.parallelism());
        return env;
    }

    /**
     * @param s the settings
     * @param backend the state backend
     * @return how to run it
     */
    public static JobConfig config(Settings s, StateBackend backend) {
        return new JobConfig()
                .stateBackend(backend)
                .checkpointStorage(new FileSystemCheckpointStorage(Path.fromLocal(s.checkpointDir())))
                .checkpointing(CheckpointCoordinatorConfiguration.builder()
                        .setCheckpointInterval(Math.max(10, s.intervalMs()))
                        .setCheckpointTimeout(120_000)
                        .setTolerableCheckpointFailureNumber(Integer.MAX_VALUE - 1)
                        .setCheckpointRetentionPolicy(CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION)
                        .build())
                .restartStrategy(RestartStrategy.fixedDelay(s.failures() + 10, Duration.ZERO))
                .statsHistorySize(100_000)
                .retainCheckpointsOnFinish(true);
    }
}
