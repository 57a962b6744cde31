package io.cairn.runtime;

import io.cairn.fs.Path;
import io.cairn.runtime.executor.JobResult;

/**
 * The job of {@link ProcessKillTest}, run in a child JVM:
 * {@code ChildJobMain <runId> <records> <outDir> <checkpointDir> <resume:true|false>}. Exits 0 when the
 * job finished, 1 otherwise.
 */
public final class ChildJobMain {

    private ChildJobMain() {}

    /**
     * @param args run id, record count, output directory, checkpoint directory, resume flag
     * @throws Exception if the job cannot run
     */
    public static void main(String[] args) throws Exception {
        String runId = args[0];
        long records = Long.parseLong(args[1]);
        Path out = Path.of(args[2]);
        Path chk = Path.of(args[3]);
        boolean resume = Boolean.parseBoolean(args[4]);
        JobResult r = CounterJob.build(runId, records, 113, 2, 3, out, CounterJob.Failures.none(), 20)
                .execute("killed-" + runId, CounterJob.config(chk, 100).resumeFromLatestCheckpoint(resume)
                        .listener(new io.cairn.runtime.executor.JobListener() {
                            @Override
                            public void restoredFrom(String path) {
                                System.out.println("restored from " + path);
                            }
                        }));
        System.out.println("job ended: " + r.status() + (r.failure() == null ? "" : " " + r.failure()));
        System.exit(r.isSuccess() ? 0 : 1);
    }
}
