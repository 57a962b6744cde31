package io.cairn.benchmarks.demo;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small command-line parser for the demo runners: {@code --name value}, {@code --name=value} and
 * value-less switches, each known by name with a default. Unknown flags, missing values and values
 * of the wrong type are rejected with an {@link IllegalArgumentException} naming the flag.
 */
final class Flags {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> switches = new LinkedHashSet<>();
    private final Set<String> set = new LinkedHashSet<>();

    /**
     * @param defaults every flag that takes a value, with its default (null: required)
     * @param switchNames every value-less flag
     */
    Flags(Map<String, String> defaults, List<String> switchNames) {
        values.putAll(defaults);
        switches.addAll(switchNames);
    }

    /**
     * Parses the command line.
     *
     * @param args the arguments
     * @return this
     * @throws IllegalArgumentException naming an unknown flag, a flag without its value, or a
     *     missing required flag
     */
    Flags parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (switches.contains(name) && value == null) {
                set.add(name);
            } else if (values.containsKey(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                    value = args[++i];
                }
                values.put(name, value);
                set.add(name);
            } else {
                throw new IllegalArgumentException("unknown flag '" + a + "'; known: " + String.join(" ", known()));
            }
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException(e.getKey() + " is required");
            }
        }
        return this;
    }

    private List<String> known() {
        Set<String> all = new LinkedHashSet<>(values.keySet());
        all.addAll(switches);
        return List.copyOf(all);
    }

    /** @return whether the switch or flag was given */
    boolean has(String name) {
        return set.contains(name);
    }

    /** @return the flag's value */
    String string(String name) {
        return values.get(name);
    }

    /** @return the flag's value as a long, at least {@code min} */
    long number(String name, long min) {
        long v;
        try {
            v = Long.parseLong(values.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number: '" + values.get(name) + "'");
        }
        if (v < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ": " + v);
        }
        return v;
    }

    /** @return the flag's value as an int, at least {@code min} */
    int integer(String name, int min) {
        long v = number(name, min);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " is too large: " + v);
        }
        return (int) v;
    }
}
