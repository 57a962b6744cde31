package io.cairn.state.keygroup;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The byte offset of each key group's block inside one keyed snapshot stream, so a restore can
 * seek straight to the key groups it owns. Immutable.
 */
public final class KeyGroupRangeOffsets implements Serializable {

    private static final long serialVersionUID = 1L;

    private final KeyGroupRange keyGroupRange;
    private final long[] offsets;

    /**
     * @param keyGroupRange the key groups covered
     * @param offsets one offset per key group of the range, in order
     * @throws IllegalArgumentException if the lengths do not match
     */
    public KeyGroupRangeOffsets(KeyGroupRange keyGroupRange, long[] offsets) {
        if (offsets.length != keyGroupRange.getNumberOfKeyGroups()) {
            throw new IllegalArgumentException("need one offset per key group: range=" + keyGroupRange
                    + ", offsets=" + offsets.length);
        }
        this.keyGroupRange = keyGroupRange;
        this.offsets = offsets.clone();
    }

    /** @return the key groups covered */
    public KeyGroupRange getKeyGroupRange() {
        return keyGroupRange;
    }

    /**
     * @param keyGroup a key group of the range
     * @return the byte offset of that key group's block
     * @throws IllegalArgumentException if {@code keyGroup} is outside the range
     */
    public long getKeyGroupOffset(int keyGroup) {
        if (!keyGroupRange.contains(keyGroup)) {
            throw new IllegalArgumentException("key group " + keyGroup + " is not in " + keyGroupRange);
        }
        return offsets[keyGroup - keyGroupRange.getStartKeyGroup()];
    }

    /**
     * @param range the key groups wanted
     * @return the offsets of the key groups in both this range and {@code range}
     */
    public KeyGroupRangeOffsets getIntersection(KeyGroupRange range) {
        KeyGroupRange intersection = keyGroupRange.getIntersection(range);
        if (intersection.isEmpty()) {
            return new KeyGroupRangeOffsets(KeyGroupRange.EMPTY, new long[0]);
        }
        int from = intersection.getStartKeyGroup() - keyGroupRange.getStartKeyGroup();
        return new KeyGroupRangeOffsets(
                intersection, Arrays.copyOfRange(offsets, from, from + intersection.getNumberOfKeyGroups()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyGroupRangeOffsets
                && keyGroupRange.equals(((KeyGroupRangeOffsets) o).keyGroupRange)
                && Arrays.equals(offsets, ((KeyGroupRangeOffsets) o).offsets);
    }

    @Override
    public int hashCode() {
        return 31 * keyGroupRange.hashCode() + Arrays.hashCode(offsets);
    }

    @Override
    public String toString() {
        return "KeyGroupRangeOffsets{" + keyGroupRange + ", offsets=" + Arrays.toString(offsets) + "}";
    }
}
