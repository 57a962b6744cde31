package io.cairn.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.ByteBuffer;

/**
 * Identifies an operator across job versions, so state can be matched to it on restore. Stable ids
 * come from {@link #fromUid(String)}. Immutable.
 */
public final class OperatorID extends AbstractId {

    private static final long serialVersionUID = 1L;

    /**
     * @param upperPart the upper 64 bits
     * @param lowerPart the lower 64 bits
     */
    public OperatorID(long upperPart, long lowerPart) {
        super(upperPart, lowerPart);
    }

    /**
     * Derives a stable id from a user-chosen unique name (the first 128 bits of its SHA-256).
     *
     * @param uid the operator's unique name, not blank
     * @return the id, the same in every run
     */
    public static OperatorID fromUid(String uid) {
        if (uid == null || uid.isBlank()) {
            throw new IllegalArgumentException("operator uid must not be blank: '" + uid + "'");
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
            ByteBuffer b = ByteBuffer.wrap(d);
            return new OperatorID(b.getLong(), b.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * @param hex 32 hex digits
     * @return the operator id
     * @throws IllegalArgumentException if {@code hex} is malformed
     */
    public static OperatorID fromHexString(String hex) {
        long[] p = parseParts(hex, "operator id");
        return new OperatorID(p[0], p[1]);
    }
}
