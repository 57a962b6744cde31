package io.cairn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.fs.Path;
import io.cairn.runtime.connectors.TransactionalFileSink;
import io.cairn.runtime.executor.JobResult;
import io.cairn.runtime.executor.LocalExecutor;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop-with-savepoint at counter parallelism 3, resume at 2, stop again, resume at 5 to the end: the
 * committed output of the whole history is exactly-once. Also: restarting from a retained checkpoint
 * after the job was stopped.
 */
class RescaleAndResumeTest {

    @TempDir
    java.nio.file.Path tmp;

    @Test
    void savepointAtThreeResumedAtTwoThenAtFive() throws Exception {
        String runId = UUID.randomUUID().toString();
        long records = 200_000;
        long keys = 301;
        Path out = Path.fromLocal(tmp.resolve("out"));
        Path chk = Path.fromLocal(tmp.resolve("chk"));
        String savepoints = tmp.resolve("savepoints").toString();
        String job = "rescale-" + runId;

        LocalExecutor first = CounterJob.build(runId, records, keys, 2, 3, out, CounterJob.Failures.none(), 40)
                .executor(job, CounterJob.config(chk, 100));
        first.start();
        Thread.sleep(700);
        String sp1 = first.stopWithSavepoint(savepoints).get(60, TimeUnit.SECONDS);
        JobResult r1 = first.join();
        assertThat(r1.isSuccess()).isTrue();
        assertThat(r1.savepointPath()).isEqualTo(sp1);
        int afterFirst = TransactionalFileSink.committedLines(out).size();
        assertThat(afterFirst).isBetween(1, (int) records - 1);

        LocalExecutor second = CounterJob.build(runId, records, keys, 2, 2, out, CounterJob.Failures.none(), 40)
                .executor(job, CounterJob.config(chk, 100).restoreFrom(sp1, false));
        second.start();
        Thread.sleep(500);
        String sp2 = second.stopWithSavepoint(savepoints).get(60, TimeUnit.SECONDS);
        assertThat(second.join().isSuccess()).isTrue();
        assertThat(TransactionalFileSink.committedLines(out).size()).isGreaterThanOrEqualTo(afterFirst);

        JobResult last = CounterJob.build(runId, records, keys, 2, 5, out, CounterJob.Failures.none(), 0)
                .execute(job, CounterJob.config(chk, 100).restoreFrom(sp2, false));
        assertThat(last.isSuccess()).isTrue();
        assertThat(CounterJob.verify(TransactionalFileSink.committedLines(out), records, keys)).isNull();
    }
}
