package io.cairn.benchmarks.demo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads fields of the one-line JSON summaries that {@code cairn demo --json} and
 * {@link FlinkPaymentsDemo} print ({@link io.cairn.cli.demo.DemoSummary#toJson()}): whole-number
 * fields at the top level and the median of a {@code {min, median, max, mean}} field.
 */
final class JsonFields {

    private JsonFields() {}

    /**
     * @param json a summary line
     * @param field a whole-number field, e.g. {@code events_per_sec}
     * @return its value
     * @throws IllegalArgumentException naming the field if the line has no such number
     */
    static long number(String json, String field) {
        return find(json, "\"" + Pattern.quote(field) + "\":(-?\\d+)[,}]", field);
    }

    /**
     * @param json a summary line
     * @param field a statistics field, e.g. {@code checkpoint_duration_ms}
     * @return its median
     * @throws IllegalArgumentException naming the field if the line has no such statistics
     */
    static long median(String json, String field) {
        return find(json, "\"" + Pattern.quote(field) + "\":\\{\"min\":-?\\d+,\"median\":(-?\\d+),", field);
    }

    private static long find(String json, String regex, String field) {
        Matcher m = Pattern.compile(regex).matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("no field '" + field + "' in " + json);
        }
        return Long.parseLong(m.group(1));
    }
}
