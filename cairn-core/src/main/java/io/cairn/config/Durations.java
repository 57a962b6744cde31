package io.cairn.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Parses and formats the duration syntax of configuration values ({@code "500 ms"}, {@code "2 min"}). */
final class Durations {

    private Durations() {}

    /**
     * Parses a whole number (optionally negative) with an optional unit: ns, us, ms, s, min (or m), h, d, or
     * their long forms (millis, seconds, minutes, …). A bare number means milliseconds.
     *
     * @throws IllegalArgumentException naming the text if it is not a duration
     */
    static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("duration must not be null");
        }
        String trimmed = text.trim();
        boolean negative = trimmed.startsWith("-");
        if (negative) {
            trimmed = trimmed.substring(1);
        }
        int end = 0;
        while (end < trimmed.length() && Character.isDigit(trimmed.charAt(end))) {
            end++;
        }
        if (end == 0) {
            throw new IllegalArgumentException("not a duration: '" + text + "'");
        }
        String unitText = trimmed.substring(end).trim().toLowerCase(Locale.ROOT);
        ChronoUnit unit = unit(unitText);
        if (unit == null) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (unknown unit '" + unitText + "')");
        }
        try {
            Duration duration = Duration.of(Long.parseLong(trimmed.substring(0, end)), unit);
            return negative ? duration.negated() : duration;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("duration out of range: '" + text + "'", e);
        }
    }

    private static ChronoUnit unit(String unit) {
        switch (unit) {
            case "ns": case "nano": case "nanos": case "nanosecond": case "nanoseconds":
                return ChronoUnit.NANOS;
            case "us": case "\u00b5s": case "micro": case "micros": case "microsecond": case "microseconds":
                return ChronoUnit.MICROS;
            case "": case "ms": case "milli": case "millis": case "millisecond": case "milliseconds":
                return ChronoUnit.MILLIS;
            case "s": case "sec": case "secs": case "second": case "seconds":
                return ChronoUnit.SECONDS;
            case "m": case "min": case "mins": case "minute": case "minutes":
                return ChronoUnit.MINUTES;
            case "h": case "hour": case "hours":
                return ChronoUnit.HOURS;
            case "d": case "day": case "days":
                return ChronoUnit.DAYS;
            default:
                return null;
        }
    }

    /** Formats a duration exactly in the largest unit that divides it, e.g. {@code "10 min"}; parse reads it back. */
    static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        if (duration.isZero()) {
            return "0 ms";
        }
        if (duration.getNano() == 0) {
            long seconds = duration.getSeconds();
            long[] unitSeconds = {86_400, 3_600, 60, 1};
            String[] names = {"d", "h", "min", "s"};
            for (int i = 0; i < unitSeconds.length; i++) {
                if (seconds % unitSeconds[i] == 0) {
                    return seconds / unitSeconds[i] + " " + names[i];
                }
            }
        }
        if (duration.getNano() % 1_000_000 == 0) {
            return duration.toMillis() + " ms";
        }
        return duration.toNanos() + " ns";
    }
}
