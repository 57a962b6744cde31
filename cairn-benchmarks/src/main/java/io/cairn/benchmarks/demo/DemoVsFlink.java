package io.cairn.benchmarks.demo;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The runner behind {@code bench/demo-vs-flink}: the payments job on Cairn ({@code cairn demo
 * --json}) and on Flink ({@link FlinkPaymentsDemo}) alternately, each run in a fresh JVM, for every
 * backend and failure count. Per case it prints each run's JSON line as it comes, then one ratio
 * line (Cairn ÷ Flink). Human output of the runs goes to stderr.
 *
 * <pre>
 * DemoVsFlink --cairn-classpath CP --flink-classpath CP [--backends hashmap,rocksdb] [--failures 0,2]
 *             [--rounds 2] [--events 2000000] [--accounts 100000] [--parallelism 4] [--interval 500]
 *             [--seed 42] [--rocksdb-memory 512mb] [--java-opts "-Xms4g -Xmx4g"] [--data-dir DIR]
 * </pre>
 *
 * <p>Exit codes: 0 every run verified, 1 a run failed or did not verify, 2 usage error.
 */
public final class DemoVsFlink {

    /** The usage line. */
    static final String USAGE = "usage: DemoVsFlink --cairn-classpath CP --flink-classpath CP [--backends hashmap,rocksdb]"
            + " [--failures 0,2] [--rounds 2] [--events 2000000] [--accounts 100000] [--parallelism 4]"
            + " [--interval 500] [--seed 42] [--rocksdb-memory 512mb] [--java-opts \"-Xms4g -Xmx4g\"] [--data-dir DIR]";

    /** The longest a single run may take. */
    private static final long RUN_TIMEOUT_MINUTES = 20;

    private DemoVsFlink() {}

    /**
     * Runs the comparison and exits with its exit code.
     *
     * @param args the command line (see {@link #USAGE})
     * @throws Exception if a run cannot be started
     */
    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the comparison.
     *
     * @param args the command line
     * @param out receives the JSON lines and the ratio lines
     * @param err receives the runs' human output and errors
     * @return the exit code
     * @throws Exception if a run cannot be started or is interrupted
     */
    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Flags f;
        List<String> backends;
        List<Integer> failureCounts;
        int rounds;
        try {
            f = new Flags(defaults(), List.of()).parse(args);
            backends = List.of(f.string("--backends").split(","));
            for (String b : backends) {
                if (!b.equals("hashmap") && !b.equals("rocksdb")) {
                    throw new IllegalArgumentException("--backends: unknown backend '" + b + "' (hashmap, rocksdb)");
                }
            }
            failureCounts = new ArrayList<>();
            for (String k : f.string("--failures").split(",")) {
                try {
                    failureCounts.add(Integer.parseInt(k.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--failures: not a number: '" + k + "'");
                }
            }
            rounds = f.integer("--rounds", 1);
            for (String n : List.of("--events", "--accounts", "--parallelism", "--interval")) {
                f.number(n, 1);
            }
            f.number("--seed", Long.MIN_VALUE);
        } catch (IllegalArgumentException e) {
            err.println("demo-vs-flink: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Path dataDir = f.string("--data-dir").isEmpty() ? Files.createTempDirectory("demo-vs-flink")
                : Path.of(f.string("--data-dir")).toAbsolutePath();
        Files.createDirectories(dataDir);
        boolean allVerified = true;
        try {
            for (String backend : backends) {
                for (int failures : failureCounts) {
                    List<String> cairn = new ArrayList<>();
                    List<String> flink = new ArrayList<>();
                    for (int round = 0; round < rounds; round++) {
                        cairn.add(runOnce(f, "cairn", backend, failures, dataDir, out, err));
                        flink.add(runOnce(f, "flink", backend, failures, dataDir, out, err));
                    }
                    String ratio = ratioLine(backend, failures, cairn, flink);
                    out.println(ratio);
                    out.flush();
                    allVerified &= ratio.contains("\"verified_cairn\":true") && ratio.contains("\"verified_flink\":true");
                }
            }
        } finally {
            if (f.string("--data-dir").isEmpty()) {
                deleteRecursively(dataDir);
            }
        }
        return allVerified ? 0 : 1;
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("--cairn-classpath", null);
        d.put("--flink-classpath", null);
        d.put("--backends", "hashmap,rocksdb");
        d.put("--failures", "0,2");
        d.put("--rounds", "2");
        d.put("--events", "2000000");
        d.put("--accounts", "100000");
        d.put("--parallelism", "4");
        d.put("--interval", "500");
        d.put("--seed", "42");
        d.put("--rocksdb-memory", "512mb");
        d.put("--java-opts", "-Xms4g -Xmx4g");
        d.put("--data-dir", "");
        return d;
    }

    /** Runs one system once in a fresh JVM; returns its JSON line, or a JSON line saying why there is none. */
    private static String runOnce(Flags f, String system, String backend, int failures, Path dataDir, PrintStream out,
            PrintStream err) throws IOException, InterruptedException {
        Path dir = dataDir.resolve(system);
        deleteRecursively(dir);
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.addAll(Arrays.asList(f.string("--java-opts").trim().split("\\s+")));
        cmd.removeIf(String::isEmpty);
        cmd.add("-cp");
        if (system.equals("cairn")) {
            cmd.addAll(List.of(f.string("--cairn-classpath"), "io.cairn.cli.CairnCommand", "demo"));
        } else {
            cmd.addAll(List.of(f.string("--flink-classpath"), FlinkPaymentsDemo.class.getName()));
        }
        cmd.addAll(List.of("--json", "--backend", backend, "--failures", Integer.toString(failures),
                "--events", f.string("--events"), "--accounts", f.string("--accounts"),
                "--parallelism", f.string("--parallelism"), "--interval", f.string("--interval"),
                "--seed", f.string("--seed"), "--rocksdb-memory", f.string("--rocksdb-memory"),
                "--data-dir", dir.toString()));
        err.println("demo-vs-flink: " + system + " " + backend + " --failures " + failures);
        Path stdout = Files.createTempFile(dataDir, system, ".out");
        Path stderr = Files.createTempFile(dataDir, system, ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        String json;
        if (!p.waitFor(RUN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            json = failedRun(system, backend, failures, "timed out after " + RUN_TIMEOUT_MINUTES + " minutes");
        } else {
            List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
            String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
            json = last.startsWith("{") ? last
                    : failedRun(system, backend, failures, "exit code " + p.exitValue() + ", no JSON line");
        }
        for (String line : Files.readAllLines(stderr, StandardCharsets.UTF_8)) {
            if (!line.startsWith("SLF4J:")) {
                err.println("  " + line);
            }
        }
        Files.delete(stdout);
        Files.delete(stderr);
        deleteRecursively(dir);
        out.println(json);
        out.flush();
        return json;
    }

    private static String failedRun(String system, String backend, int failures, String why) {
        return "{\"system\":\"" + system + "\",\"job\":\"payments\",\"backend\":\"" + backend + "\",\"failures\":" + failures
                + ",\"verified\":false,\"verification\":\"" + why + "\"}";
    }

    /**
     * The ratio line of one case: Cairn ÷ Flink of the mean events per second (and per CPU
     * second) and of the mean of the runs' median checkpoint durations; each system's mean extra
     * replayed events ({@code events_processed_incl_replays - events}); whether every run of each
     * verified.
     *
     * @param backend the backend
     * @param failures the failure count
     * @param cairn Cairn's JSON lines
     * @param flink Flink's JSON lines
     * @return the ratio line
     */
    static String ratioLine(String backend, int failures, List<String> cairn, List<String> flink) {
        boolean cairnOk = cairn.stream().allMatch(j -> j.contains("\"verified\":true"));
        boolean flinkOk = flink.stream().allMatch(j -> j.contains("\"verified\":true"));
        StringBuilder b = new StringBuilder("{\"ratio\":\"cairn/flink\",\"backend\":\"").append(backend)
                .append("\",\"failures\":").append(failures).append(",\"rounds\":").append(cairn.size());
        if (cairnOk && flinkOk) {
            b.append(String.format(Locale.ROOT, ",\"events_per_sec\":%.3f,\"events_per_cpu_sec\":%.3f,"
                            + "\"checkpoint_duration_median\":%.3f,\"extra_replayed_cairn\":%.0f,\"extra_replayed_flink\":%.0f",
                    mean(cairn, "events_per_sec") / mean(flink, "events_per_sec"),
                    mean(cairn, "events_per_cpu_sec") / mean(flink, "events_per_cpu_sec"),
                    meanMedian(cairn, "checkpoint_duration_ms") / meanMedian(flink, "checkpoint_duration_ms"),
                    meanExtra(cairn), meanExtra(flink)));
        }
        return b.append(",\"verified_cairn\":").append(cairnOk).append(",\"verified_flink\":").append(flinkOk).append('}').toString();
    }

    private static double mean(List<String> jsons, String field) {
        return jsons.stream().mapToLong(j -> JsonFields.number(j, field)).average().orElse(Double.NaN);
    }

    private static double meanMedian(List<String> jsons, String field) {
        return jsons.stream().mapToLong(j -> JsonFields.median(j, field)).average().orElse(Double.NaN);
    }

    private static double meanExtra(List<String> jsons) {
        return jsons.stream().mapToLong(j -> JsonFields.number(j, "events_processed_incl_replays") - JsonFields.number(j, "events"))
                .average().orElse(Double.NaN);
    }

    private static void deleteRecursively(Path p) throws IOException {
        io.cairn.fs.Path path = io.cairn.fs.Path.fromLocal(p);
        io.cairn.fs.FileSystem.get(path).delete(path, true);
    }
}
