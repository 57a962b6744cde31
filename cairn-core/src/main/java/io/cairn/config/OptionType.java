package io.cairn.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The value type of an option: its class, how to parse and format it, and what a parse error says. */
final class OptionType<T> {

    static final OptionType<String> STRING = new OptionType<>(String.class, "String", s -> s, s -> s, "a string");
    static final OptionType<Integer> INT = new OptionType<>(
            Integer.class, "Integer", s -> Integer.parseInt(s.trim()), String::valueOf, "an integer (32-bit)");
    static final OptionType<Long> LONG = new OptionType<>(
            Long.class, "Long", s -> Long.parseLong(s.trim()), String::valueOf, "an integer (64-bit)");
    static final OptionType<Double> DOUBLE = new OptionType<>(
            Double.class, "Double", s -> Double.parseDouble(s.trim()), String::valueOf, "a number");
    static final OptionType<Boolean> BOOLEAN = new OptionType<>(
            Boolean.class, "Boolean", OptionType::parseBoolean, String::valueOf, "a boolean (true or false)");
    static final OptionType<Duration> DURATION = new OptionType<>(
            Duration.class, "Duration", Durations::parse, Durations::format,
            "a duration (e.g. 500 ms, 10 s, 2 min, 1 h, 1 d; a bare number is milliseconds)");
    static final OptionType<MemorySize> MEMORY = new OptionType<>(
            MemorySize.class, "MemorySize", MemorySize::parse, MemorySize::toString,
            "a memory size (e.g. 1024, 20 kb, 5 mb, 1 g; a bare number is bytes)");

    private final Class<T> type;
    private final String name;
    private final Function<String, T> parser;
    private final Function<T, String> formatter;
    private final String expectation;
    private final List<T> allowedValues;

    private OptionType(
            Class<T> type, String name, Function<String, T> parser, Function<T, String> formatter, String expectation) {
        this(type, name, parser, formatter, expectation, List.of());
    }

    private OptionType(
            Class<T> type,
            String name,
            Function<String, T> parser,
            Function<T, String> formatter,
            String expectation,
            List<T> allowedValues) {
        this.type = type;
        this.name = name;
        this.parser = parser;
        this.formatter = formatter;
        this.expectation = expectation;
        this.allowedValues = allowedValues;
    }

    /** The type of an enum option: names parse case-insensitively. */
    static <E extends Enum<E>> OptionType<E> ofEnum(Class<E> enumClass) {
        List<E> constants = List.of(enumClass.getEnumConstants());
        String names = constants.stream().map(Enum::name).collect(Collectors.joining(", ", "[", "]"));
        Function<String, E> parser = s -> {
            String wanted = s.trim();
            for (E constant : constants) {
                if (constant.name().equalsIgnoreCase(wanted)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("not one of " + names + ": '" + s + "'");
        };
        return new OptionType<>(enumClass, "Enum", parser, Enum::name, "one of " + names, constants);
    }

    private static Boolean parseBoolean(String s) {
        String trimmed = s.trim().toLowerCase(Locale.ROOT);
        if (trimmed.equals("true")) {
            return Boolean.TRUE;
        }
        if (trimmed.equals("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("not a boolean: '" + s + "'");
    }

    Class<T> type() {
        return type;
    }

    String name() {
        return name;
    }

    List<T> allowedValues() {
        return allowedValues;
    }

    /** Parses {@code raw}; the error names {@code key} (the key the value was found under) and the value. */
    T parse(String key, String raw) {
        try {
            return parser.apply(raw);
        } catch (RuntimeException e) {
            throw new IllegalConfigurationException(key + ": '" + raw + "' is not " + expectation, e);
        }
    }

    /** Formats a value so that {@link #parse} reads it back. */
    String format(T value) {
        return formatter.apply(value);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Formats any stored value (typed or string) the way its own type would. */
    static String formatAny(Object value) {
        if (value instanceof String) {
            return (String) value;
        }
        if (value instanceof Duration) {
            return Durations.format((Duration) value);
        }
        if (value instanceof Enum) {
            return ((Enum<?>) value).name();
        }
        return String.valueOf(value);
    }
}
