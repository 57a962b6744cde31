package io.cairn.cli.demo;

import java.util.Locale;

/**
 * The machine-readable summary of one run of the payments job, printed by {@code cairn demo --json}
 * and by the same job on Flink ({@code io.cairn.benchmarks.demo.FlinkPaymentsDemo}) as one JSON
 * object on one line, with the same fields in the same order.
 *
 * @param system {@code cairn-<version>} or {@code flink-<version>}
 * @param backend the state backend, {@code hashmap} or {@code rocksdb}
 * @param incremental whether checkpoints were incremental
 * @param events the number of events
 * @param accounts the number of accounts
 * @param parallelism the parallelism of every operator
 * @param seed the generator's seed
 * @param intervalMs the checkpoint interval in milliseconds
 * @param failures the number of injected failures
 * @param wallMs milliseconds from job start to the final commit, with the JVM already up
 * @param processCpuMs CPU time of the whole process over the same span
 * @param checkpointsCompleted completed checkpoints
 * @param checkpointsFailed failed checkpoints
 * @param checkpointDurationMs end-to-end checkpoint durations (trigger to last acknowledgement)
 * @param checkpointedSizeBytes bytes written by each checkpoint
 * @param checkpointStateSizeBytes the full state size of each checkpoint
 * @param restarts how often the job restarted
 * @param eventsProcessedInclReplays events the keyed function processed, replays included
 * @param verified whether the committed output verified
 * @param verification the verification sentence
 */
public record DemoSummary(
        String system,
        String backend,
        boolean incremental,
        long events,
        long accounts,
        int parallelism,
        long seed,
        long intervalMs,
        int failures,
        long wallMs,
        long processCpuMs,
        long checkpointsCompleted,
        long checkpointsFailed,
        Stats checkpointDurationMs,
        Stats checkpointedSizeBytes,
        Stats checkpointStateSizeBytes,
        int restarts,
        long eventsProcessedInclReplays,
        boolean verified,
        String verification) {

    /**
     * Minimum, median, maximum and mean of a series.
     *
     * @param min the minimum
     * @param median the median
     * @param max the maximum
     * @param mean the mean
     */
    public record Stats(long min, long median, long max, double mean) {

        String toJson() {
            return String.format(Locale.ROOT, "{\"min\":%d,\"median\":%d,\"max\":%d,\"mean\":%.1f}", min, median, max, mean);
        }
    }

    /** @return events per second of wall time */
    public long eventsPerSec() {
        return events * 1000 / Math.max(1, wallMs);
    }

    /** @return events per second of process CPU time */
    public long eventsPerCpuSec() {
        return events * 1000 / Math.max(1, processCpuMs);
    }

    /** @return the summary as one line of JSON, fields in the order the demo issue lists them */
    public String toJson() {
        StringBuilder b = new StringBuilder("{");
        field(b, "system", quote(system));
        field(b, "job", "\"payments\"");
        field(b, "backend", quote(backend));
        field(b, "incremental", Boolean.toString(incremental));
        field(b, "events", Long.toString(events));
        field(b, "accounts", Long.toString(accounts));
        field(b, "parallelism", Integer.toString(parallelism));
        field(b, "seed", Long.toString(seed));
        field(b, "interval_ms", Long.toString(intervalMs));
        field(b, "failures", Integer.toString(failures));
        field(b, "wall_ms", Long.toString(wallMs));
        field(b, "events_per_sec", Long.toString(eventsPerSec()));
        field(b, "process_cpu_ms", Long.toString(processCpuMs));
        field(b, "events_per_cpu_sec", Long.toString(eventsPerCpuSec()));
        field(b, "checkpoints_completed", Long.toString(checkpointsCompleted));
        field(b, "checkpoints_failed", Long.toString(checkpointsFailed));
        field(b, "checkpoint_duration_ms", checkpointDurationMs.toJson());
        field(b, "checkpointed_size_bytes", checkpointedSizeBytes.toJson());
        field(b, "checkpoint_state_size_bytes", checkpointStateSizeBytes.toJson());
        field(b, "restarts", Integer.toString(restarts));
        field(b, "events_processed_incl_replays", Long.toString(eventsProcessedInclReplays));
        field(b, "verified", Boolean.toString(verified));
        field(b, "verification", quote(verification));
        b.setLength(b.length() - 1);
        return b.append('}').toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":").append(value).append(',');
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
