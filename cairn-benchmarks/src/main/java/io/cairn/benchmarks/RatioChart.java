package io.cairn.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws the {@code cairn/flink} ratio lines of {@code bench/state-bench} output as an SVG bar chart
 * on a logarithmic axis: one bar per workload and metric, growing from a line at 1.0 (parity) up or
 * down to its ratio, and each bar's goal as a dashed mark.
 * Bars are green where the goal is met, orange where it is missed, grey where there is none. For
 * throughput ({@code ops_per_sec}) higher is better; for times and bytes lower is better. With two
 * or more throughput ratios a geometric-mean bar is added.
 *
 * <pre>
 * RatioChart --out FILE [--title TEXT] INPUT...    (INPUT "-" is standard input)
 * </pre>
 *
 * <p>All inputs must come from one backend. If the same workload and metric appear more than once,
 * the last one wins, so later runs can be appended.
 */
public final class RatioChart {

    /** Heap throughput goal per workload (issue 9). */
    static final double HEAP_GOAL = 1.5;
    /** Heap throughput goal of the geometric mean. */
    static final double HEAP_GEOMEAN_GOAL = 2.0;
    /** RocksDB throughput goal per workload, at equal memory. */
    static final double ROCKSDB_GOAL = 1.3;
    /** RocksDB throughput goal of the geometric mean. */
    static final double ROCKSDB_GEOMEAN_GOAL = 1.5;

    private static final Pattern RATIO = Pattern.compile("\\{\"ratio\":\"cairn/flink\",\"workload\":\"([^\"]+)\""
            + "(?:,\"metric\":\"([a-z_]+)\")?,\"value\":(-?[0-9.]+|null)(?:,\"goal\":([0-9.]+))?}");
    private static final Pattern BACKEND = Pattern.compile("\"backend\":\"([a-z]+)\"");

    /** One bar: {@code higherIsBetter} for throughput; {@code goal} NaN if none. */
    record Bar(String label, double value, double goal, boolean higherIsBetter) {

        /** @return whether there is a goal and the value meets it */
        boolean meetsGoal() {
            return !Double.isNaN(goal) && (higherIsBetter ? value >= goal : value <= goal);
        }
    }

    private RatioChart() {}

    /**
     * Writes the chart and exits: 0, 2 for a usage error, 1 if the input cannot be read or holds no ratio.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.err));
    }

    /**
     * Writes the chart.
     *
     * @param args the command line
     * @param stdin read for the input {@code -}
     * @param err receives errors
     * @return the exit code
     */
    static int run(String[] args, InputStream stdin, PrintStream err) {
        Path outFile = null;
        String title = null;
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("--out") || args[i].equals("--title")) && i + 1 < args.length) {
                if (args[i].equals("--out")) {
                    outFile = Path.of(args[++i]);
                } else {
                    title = args[++i];
                }
            } else if (args[i].startsWith("--")) {
                err.println("ratio-chart: unknown flag or missing value: " + args[i]);
                err.println("usage: RatioChart --out FILE [--title TEXT] INPUT...   (INPUT - is standard input)");
                return 2;
            } else {
                inputs.add(args[i]);
            }
        }
        if (outFile == null || inputs.isEmpty()) {
            err.println("usage: RatioChart --out FILE [--title TEXT] INPUT...   (INPUT - is standard input)");
            return 2;
        }
        try {
            List<String> lines = new ArrayList<>();
            for (String input : inputs) {
                String text = input.equals("-")
                        ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(input));
                lines.addAll(text.lines().toList());
            }
            String backend = backend(lines);
            List<Bar> bars = bars(lines, backend);
            if (bars.isEmpty()) {
                err.println("ratio-chart: no cairn/flink ratio lines in " + String.join(", ", inputs));
                return 1;
            }
            String heading = "Cairn \u00f7 Flink " + Systems.flinkVersion() + ", " + backend + " backend";
            Path parent = outFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(outFile, svg(heading, title, bars));
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println("ratio-chart: " + e.getMessage());
            return 1;
        }
    }

    /**
     * @return the one backend the lines name
     * @throws IllegalArgumentException if they name several, or none
     */
    static String backend(List<String> lines) {
        String backend = null;
        for (String line : lines) {
            Matcher m = BACKEND.matcher(line);
            if (m.find()) {
                if (backend != null && !backend.equals(m.group(1))) {
                    throw new IllegalArgumentException("the input mixes the backends " + backend + " and " + m.group(1)
                            + "; chart one backend at a time");
                }
                backend = m.group(1);
            }
        }
        if (backend == null) {
            throw new IllegalArgumentException("no result line names a backend");
        }
        return backend;
    }

    /** @return the bars of the ratio lines, in order of first appearance, plus the geometric mean */
    static List<Bar> bars(List<String> lines, String backend) {
        boolean heap = Systems.HEAP.equals(backend);
        Map<String, Bar> bars = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = RATIO.matcher(line);
            if (!m.matches() || m.group(3).equals("null")) {
                continue;
            }
            String workload = m.group(1);
            String metric = m.group(2) == null ? "ops_per_sec" : m.group(2);
            boolean higherIsBetter = metric.equals("ops_per_sec");
            double goal = m.group(4) != null ? Double.parseDouble(m.group(4))
                    : higherIsBetter ? (heap ? HEAP_GOAL : ROCKSDB_GOAL) : Double.NaN;
            bars.put(workload + "/" + metric,
                    new Bar(label(workload, metric), Double.parseDouble(m.group(3)), goal, higherIsBetter));
        }
        List<Bar> result = new ArrayList<>(bars.values());
        double logSum = 0;
        int throughput = 0;
        for (Bar bar : result) {
            if (bar.higherIsBetter()) {
                logSum += Math.log(bar.value());
                throughput++;
            }
        }
        if (throughput >= 2) {
            int at = 0;
            while (at < result.size() && result.get(at).higherIsBetter()) {
                at++;
            }
            result.add(at, new Bar("geometric mean", Math.exp(logSum / throughput),
                    heap ? HEAP_GEOMEAN_GOAL : ROCKSDB_GEOMEAN_GOAL, true));
        }
        return result;
    }

    private static String label(String workload, String metric) {
        switch (metric) {
            case "ops_per_sec":
                return workload;
            case "snapshot_ms":
                return "snapshot time";
            case "restore_ms":
                return "restore time";
            case "restore_cold_ms":
                return "cold restore time";
            case "bytes_per_entry":
                return "heap bytes/entry";
            case "bytes_per_entry_distinct_values":
                return "bytes/entry (distinct)";
            default:
                return workload + " " + metric;
        }
    }

    /**
     * @return the SVG document: a logarithmic axis (ratios run from hundredths to tens), bars
     *     growing from the 1.0 line up or down to their value
     */
    static String svg(String heading, String subtitle, List<Bar> bars) {
        int slot = 84;
        int left = 56;
        int top = subtitle == null ? 58 : 74;
        int plotHeight = 280;
        int right = left + slot * bars.size() + 8;
        int width = right + 72;
        int height = top + plotHeight + 112;
        double min = 0.5;
        double max = 2.0;
        for (Bar bar : bars) {
            for (double v : new double[] {bar.value(), bar.goal()}) {
                if (v > 0) {
                    min = Math.min(min, v / 1.4);
                    max = Math.max(max, v * 1.4);
                }
            }
        }
        double logMin = Math.log10(min);
        double scale = plotHeight / (Math.log10(max) - logMin);
        int base = top + plotHeight;
        java.util.function.DoubleToIntFunction y = v -> (int) Math.round(base - (Math.log10(v) - logMin) * scale);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        svg.append(text(left, 22, "start", "font-size=\"15\" font-weight=\"bold\"", heading));
        if (subtitle != null) {
            svg.append(text(left, 40, "start", "fill=\"#555\"", subtitle));
        }
        svg.append(text(left, top - 14, "start", "fill=\"#555\"",
                "log scale \u00b7 \u2191 better: ops/s ratios \u00b7 \u2193 better: time and bytes ratios \u00b7 "
                        + "green: goal met, orange: missed \u00b7 dashes: goal"));
        for (int decade = (int) Math.floor(logMin); decade <= (int) Math.ceil(Math.log10(max)); decade++) {
            for (int mantissa : new int[] {1, 2, 5}) {
                double tick = mantissa * Math.pow(10, decade);
                if (tick < min || tick > max) {
                    continue;
                }
                int ty = y.applyAsInt(tick);
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#e6e6e6\"/>%n",
                        left, ty, right, ty));
                svg.append(text(left - 6, ty + 4, "end", "fill=\"#555\"",
                        new java.math.BigDecimal(tick).round(new java.math.MathContext(1)).stripTrailingZeros().toPlainString()));
            }
        }
        int parity = y.applyAsInt(1.0);
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int x = left + i * slot + 14;
            int barWidth = slot - 28;
            int end = y.applyAsInt(bar.value());
            String fill = Double.isNaN(bar.goal()) ? "#9e9e9e" : bar.meetsGoal() ? "#2e7d32" : "#ef6c00";
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
                    x, Math.min(end, parity), barWidth, Math.max(1, Math.abs(parity - end)), fill));
            int labelY = end <= parity ? end - 4 : end + 13;
            if (!Double.isNaN(bar.goal())) {
                // keep the value clear of the goal's dashes
                int gy = y.applyAsInt(bar.goal());
                if (end <= parity && labelY > gy - 14 && labelY < gy + 12) {
                    labelY = Math.min(labelY, gy - 5);
                } else if (end > parity && labelY > gy - 2 && labelY < gy + 16) {
                    labelY = Math.max(labelY, gy + 16);
                }
            }
            svg.append(text(x + barWidth / 2, labelY, "middle", "", String.format(Locale.ROOT, "%.2f", bar.value())));
            if (!Double.isNaN(bar.goal())) {
                int gy = y.applyAsInt(bar.goal());
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c62828\" "
                        + "stroke-width=\"2\" stroke-dasharray=\"5,3\"/>%n", x - 8, gy, x + barWidth + 8, gy));
                // the goal's label on the side of the dashes away from the value's label
                svg.append(text(x + barWidth + 8, end <= parity ? gy + 11 : gy - 3, "end",
                        "fill=\"#c62828\" font-size=\"10\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\"",
                        (bar.higherIsBetter() ? "\u2265" : "\u2264") + String.format(Locale.ROOT, "%.1f", bar.goal())));
            }
            int lx = x + barWidth / 2;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
                    + "transform=\"rotate(-35 %d %d)\">%s%s</text>%n", lx, base + 16, lx, base + 16,
                    escape(bar.label()), bar.higherIsBetter() ? " \u2191" : " \u2193"));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#212121\" "
                + "stroke-width=\"1.5\"/>%n", left, parity, right, parity));
        svg.append(text(right + 4, parity + 4, "start", "fill=\"#212121\" font-size=\"11\"", "1.0 = Flink"));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>%n",
                left, base, right, base));
        return svg.append("</svg>\n").toString();
    }

    private static String text(int x, int y, String anchor, String attributes, String content) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\"%s>%s</text>%n",
                x, y, anchor, attributes.isEmpty() ? "" : " " + attributes, escape(content));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
