package io.cairn.common;

/** Identifies a job; names its checkpoint directory. Immutable. */
public final class JobID extends AbstractId {

    private static final long serialVersionUID = 1L;

    /**
     * @param upperPart the upper 64 bits
     * @param lowerPart the lower 64 bits
     */
    public JobID(long upperPart, long lowerPart) {
        super(upperPart, lowerPart);
    }

    /** @return a random job id */
    public static JobID generate() {
        long[] p = randomParts();
        return new JobID(p[0], p[1]);
    }

    /**
     * @param hex 32 hex digits
     * @return the job id
     * @throws IllegalArgumentException if {@code hex} is malformed
     */
    public static JobID fromHexString(String hex) {
        long[] p = parseParts(hex, "job id");
        return new JobID(p[0], p[1]);
    }
}
