package io.cairn.config;

import java.io.Serializable;
import java.util.Locale;

/**
 * An amount of memory in bytes. Parses {@code "1024"} (bytes), {@code "20kb"}, {@code "20 KiB"},
 * {@code "5 mb"}, {@code "256m"}, {@code "1g"}, {@code "2 tb"}; every unit is binary (1 kb = 1024
 * bytes). Immutable.
 */
public final class MemorySize implements Serializable, Comparable<MemorySize> {

    private static final long serialVersionUID = 1L;

    /** Zero bytes. */
    public static final MemorySize ZERO = new MemorySize(0);

    private static final long KIB = 1L << 10;
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final long TIB = 1L << 40;

    private final long bytes;

    private MemorySize(long bytes) {
        this.bytes = bytes;
    }

    /** Returns a size of {@code bytes} bytes; throws IllegalArgumentException if negative. */
    public static MemorySize ofBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("memory size must not be negative: " + bytes + " bytes");
        }
        return bytes == 0 ? ZERO : new MemorySize(bytes);
    }

    /** Returns a size of {@code kibiBytes} × 1024 bytes. */
    public static MemorySize ofKibiBytes(long kibiBytes) {
        return ofBytes(Math.multiplyExact(kibiBytes, KIB));
    }

    /** Returns a size of {@code mebiBytes} × 1024² bytes. */
    public static MemorySize ofMebiBytes(long mebiBytes) {
        return ofBytes(Math.multiplyExact(mebiBytes, MIB));
    }

    /**
     * Parses a size: a non-negative whole number, optionally followed by a unit (b, bytes, k, kb,
     * kib, m, mb, mib, g, gb, gib, t, tb, tib; case-insensitive). A bare number means bytes.
     *
     * @throws IllegalArgumentException naming the text if it is not a memory size
     */
    public static MemorySize parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("memory size must not be null");
        }
        String trimmed = text.trim();
        int end = 0;
        while (end < trimmed.length() && Character.isDigit(trimmed.charAt(end))) {
            end++;
        }
        if (end == 0) {
            throw new IllegalArgumentException("not a memory size: '" + text + "'");
        }
        String unit = trimmed.substring(end).trim().toLowerCase(Locale.ROOT);
        long multiplier = multiplier(unit);
        if (multiplier < 0) {
            throw new IllegalArgumentException("not a memory size: '" + text + "' (unknown unit '" + unit + "')");
        }
        try {
            return ofBytes(Math.multiplyExact(Long.parseLong(trimmed.substring(0, end)), multiplier));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("memory size out of range: '" + text + "'", e);
        }
    }

    private static long multiplier(String unit) {
        switch (unit) {
            case "": case "b": case "byte": case "bytes":
                return 1;
            case "k": case "kb": case "kib": case "kibibyte": case "kibibytes":
                return KIB;
            case "m": case "mb": case "mib": case "mebibyte": case "mebibytes":
                return MIB;
            case "g": case "gb": case "gib": case "gibibyte": case "gibibytes":
                return GIB;
            case "t": case "tb": case "tib": case "tebibyte": case "tebibytes":
                return TIB;
            default:
                return -1;
        }
    }

    /** Returns the size in bytes. */
    public long getBytes() {
        return bytes;
    }

    /** Returns the size in whole kibibytes, rounded down. */
    public long getKibiBytes() {
        return bytes / KIB;
    }

    /** Returns the size in whole mebibytes, rounded down. */
    public long getMebiBytes() {
        return bytes / MIB;
    }

    /** Returns the size as an int number of bytes; throws ArithmeticException if it does not fit. */
    public int getBytesAsInt() {
        return Math.toIntExact(bytes);
    }

    @Override
    public int compareTo(MemorySize other) {
        return Long.compare(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemorySize && ((MemorySize) o).bytes == bytes;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bytes);
    }

    /**
     * Returns the exact size in the largest unit that divides it, e.g. {@code "20 KiB"},
     * {@code "5 MiB"} or {@code "1536 bytes"}; {@link #parse} reads it back.
     */
    @Override
    public String toString() {
        long[] sizes = {TIB, GIB, MIB, KIB};
        String[] units = {"TiB", "GiB", "MiB", "KiB"};
        for (int i = 0; i < sizes.length; i++) {
            if (bytes != 0 && bytes % sizes[i] == 0) {
                return bytes / sizes[i] + " " + units[i];
            }
        }
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }

    /** Returns an approximate, easy-to-read form with the exact count, e.g. {@code "1.18 MiB (1234567 bytes)"}. */
    public String toHumanReadableString() {
        long[] sizes = {TIB, GIB, MIB, KIB};
        String[] units = {"TiB", "GiB", "MiB", "KiB"};
        for (int i = 0; i < sizes.length; i++) {
            if (bytes >= sizes[i]) {
                if (bytes % sizes[i] == 0) {
                    return toString();
                }
                return String.format(Locale.ROOT, "%.2f %s (%d bytes)", (double) bytes / sizes[i], units[i], bytes);
            }
        }
        return toString();
    }
}
