package io.cairn.common;

import java.io.Serializable;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A 128-bit identifier printed as 32 lower-case hex digits. Immutable.
 */
public abstract class AbstractId implements Serializable, Comparable<AbstractId> {

    private static final long serialVersionUID = 1L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final long upperPart;
    private final long lowerPart;

    /**
     * @param upperPart the upper 64 bits
     * @param lowerPart the lower 64 bits
     */
    protected AbstractId(long upperPart, long lowerPart) {
        this.upperPart = upperPart;
        this.lowerPart = lowerPart;
    }

    /** @return two random longs, for subclasses' {@code generate()} */
    protected static long[] randomParts() {
        return new long[] {RANDOM.nextLong(), RANDOM.nextLong()};
    }

    /**
     * Parses 32 hex digits.
     *
     * @param hex the digits
     * @param what the id kind, for the error message
     * @return the upper and lower parts
     * @throws IllegalArgumentException if {@code hex} is not 32 hex digits
     */
    protected static long[] parseParts(String hex, String what) {
        if (hex == null || hex.length() != 32) {
            throw new IllegalArgumentException(what + " must be 32 hex digits: '" + hex + "'");
        }
        try {
            return new long[] {Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16)};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be 32 hex digits: '" + hex + "'", e);
        }
    }

    /** @return the upper 64 bits */
    public long getUpperPart() {
        return upperPart;
    }

    /** @return the lower 64 bits */
    public long getLowerPart() {
        return lowerPart;
    }

    /** @return the 32 hex digits */
    public String toHexString() {
        return HexFormat.of().toHexDigits(upperPart) + HexFormat.of().toHexDigits(lowerPart);
    }

    @Override
    public int compareTo(AbstractId o) {
        int c = Long.compare(upperPart, o.upperPart);
        return c != 0 ? c : Long.compare(lowerPart, o.lowerPart);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass()
                && upperPart == ((AbstractId) o).upperPart && lowerPart == ((AbstractId) o).lowerPart;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(upperPart) * 31 + Long.hashCode(lowerPart);
    }

    @Override
    public String toString() {
        return toHexString();
    }
}
