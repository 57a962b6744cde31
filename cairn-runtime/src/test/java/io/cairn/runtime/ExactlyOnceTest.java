package io.cairn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.fs.Path;
import io.cairn.runtime.connectors.TransactionalFileSink;
import io.cairn.runtime.executor.JobResult;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A job of source(p=4) → keyBy → counter(p=3) → transactional sink, with failures everywhere; with
 * operator chaining (counter and sink in one task) and without.
 */
class ExactlyOnceTest {

    @TempDir
    java.nio.file.Path tmp;

    @ParameterizedTest(name = "chaining={0}")
    @ValueSource(booleans = {true, false})
    void millionRecordsWithFailuresAreCountedExactlyOnce(boolean chaining) throws Exception {
        String runId = UUID.randomUUID().toString();
        long records = 1_000_000;
        long keys = 1_000;
        Path out = Path.fromLocal(tmp.resolve("out"));
        CounterJob.Failures failures = new CounterJob.Failures(150_000, 420_000, 610_000, 3, 5);
        // each source pauses 1 ms every 400 records, so the job lasts well past checkpoint 5 (the notify
        // failure): with the counter recovered alone the sources never go back, and an unpaused job
        // could end before it
        JobResult result = CounterJob.build(runId, records, keys, 4, 3, out, failures, 400)
                .execute("exactly-once-" + runId, CounterJob.config(Path.fromLocal(tmp.resolve("chk")), 100).chaining(chaining));
        assertThat(result.failure()).isNull();
        assertThat(result.isSuccess()).isTrue();
        assertThat(CounterJob.FIRED).contains(runId + "/source", runId + "/counter", runId + "/sink", runId + "/snapshot",
                runId + "/notify");
        // two failures can hit the same attempt (both tasks fail before the job is cancelled): one restart
        assertThat(result.restarts()).isBetween(1, 5);
        assertThat(CounterJob.verify(TransactionalFileSink.committedLines(out), records, keys)).isNull();
        assertThat(result.checkpointStats().getCounts().completed()).isGreaterThan(0);
    }

    @ParameterizedTest(name = "chaining={0}")
    @ValueSource(booleans = {true, false})
    void withoutFailuresEveryRecordIsCommittedOnce(boolean chaining) throws Exception {
        String runId = UUID.randomUUID().toString();
        Path out = Path.fromLocal(tmp.resolve("out"));
        JobResult result = CounterJob.build(runId, 50_000, 97, 2, 3, out, CounterJob.Failures.none())
                .execute("clean-" + runId, CounterJob.config(Path.fromLocal(tmp.resolve("chk")), 50).chaining(chaining));
        assertThat(result.isSuccess()).isTrue();
        assertThat(result.restarts()).isZero();
        assertThat(CounterJob.verify(TransactionalFileSink.committedLines(out), 50_000, 97)).isNull();
    }
}
