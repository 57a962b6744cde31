package io.cairn.checkpoint.inspect;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * A small JSON writer for reports and state dumps. Renders {@code null}, booleans, numbers (finite
 * ones as numbers; NaN and infinities as strings), strings and characters, {@code byte[]} as a
 * base64 string, other arrays and collections as arrays, maps as objects with {@code key.toString()}
 * names, records as objects of their components, enums by name, and anything else as its quoted
 * {@code toString()}.
 */
final class Json {

    private static final int MAX_DEPTH = 64;

    private Json() {}

    /**
     * @param value any value
     * @return its JSON text
     */
    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    /**
     * Appends a value's JSON text.
     *
     * @param sb where to append
     * @param value any value
     */
    static void write(StringBuilder sb, Object value) {
        write(sb, value, 0);
    }

    private static void write(StringBuilder sb, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            quote(sb, String.valueOf(value));
            return;
        }
        if (value == null) {
            sb.append("null");
        } else if (value instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                sb.append(value);
            } else {
                quote(sb, value.toString());
            }
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            sb.append(value);
        } else if (value instanceof BigDecimal bd) {
            sb.append(bd.toString());
        } else if (value instanceof CharSequence || value instanceof Character) {
            quote(sb, value.toString());
        } else if (value instanceof Enum<?> e) {
            quote(sb, e.name());
        } else if (value instanceof byte[] bytes) {
            quote(sb, Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue(), depth + 1);
            }
            sb.append('}');
        } else if (value instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, o, depth + 1);
            }
            sb.append(']');
        } else if (value.getClass().isArray()) {
            sb.append('[');
            int n = Array.getLength(value);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(sb, Array.get(value, i), depth + 1);
            }
            sb.append(']');
        } else if (value instanceof Record r) {
            writeRecord(sb, r, depth);
        } else {
            quote(sb, value.toString());
        }
    }

    private static void writeRecord(StringBuilder sb, Record r, int depth) {
        RecordComponent[] components = r.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                java.lang.reflect.Method accessor = components[i].getAccessor();
                if (!accessor.canAccess(r)) {
                    accessor.setAccessible(true);
                }
                values[i] = accessor.invoke(r);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            quote(sb, r.toString());
            return;
        }
        sb.append('{');
        for (int i = 0; i < components.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            quote(sb, components[i].getName());
            sb.append(':');
            write(sb, values[i], depth + 1);
        }
        sb.append('}');
    }

    /**
     * Appends a string as a JSON string literal.
     *
     * @param sb where to append
     * @param s the string
     */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /**
     * @param s a string
     * @return it as a JSON string literal
     */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        quote(sb, s);
        return sb.toString();
    }
}
