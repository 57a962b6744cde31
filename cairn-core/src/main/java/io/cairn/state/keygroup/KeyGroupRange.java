package io.cairn.state.keygroup;

import java.io.Serializable;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An inclusive range of key groups, {@code [startKeyGroup, endKeyGroup]}. A subtask of a keyed
 * operator owns exactly one such range; {@link #EMPTY} owns none. Immutable.
 */
public final class KeyGroupRange implements Iterable<Integer>, Serializable {

    private static final long serialVersionUID = 1L;

    /** The range that contains no key group. */
    public static final KeyGroupRange EMPTY = new KeyGroupRange(0, -1);

    private final int startKeyGroup;
    private final int endKeyGroup;

    private KeyGroupRange(int startKeyGroup, int endKeyGroup) {
        this.startKeyGroup = startKeyGroup;
        this.endKeyGroup = endKeyGroup;
    }

    /**
     * Returns the range {@code [start, end]}, or {@link #EMPTY} if {@code end < start}.
     *
     * @param startKeyGroup the first key group, not negative
     * @param endKeyGroup the last key group, inclusive
     * @return the range
     * @throws IllegalArgumentException if {@code startKeyGroup} is negative
     */
    public static KeyGroupRange of(int startKeyGroup, int endKeyGroup) {
        if (startKeyGroup < 0) {
            throw new IllegalArgumentException("startKeyGroup must not be negative: startKeyGroup=" + startKeyGroup);
        }
        return endKeyGroup < startKeyGroup ? EMPTY : new KeyGroupRange(startKeyGroup, endKeyGroup);
    }

    /** @return the first key group; meaningless for {@link #EMPTY} */
    public int getStartKeyGroup() {
        return startKeyGroup;
    }

    /** @return the last key group, inclusive; meaningless for {@link #EMPTY} */
    public int getEndKeyGroup() {
        return endKeyGroup;
    }

    /** @return how many key groups the range holds */
    public int getNumberOfKeyGroups() {
        return endKeyGroup - startKeyGroup + 1;
    }

    /** @return true if the range holds no key group */
    public boolean isEmpty() {
        return getNumberOfKeyGroups() == 0;
    }

    /**
     * @param keyGroup a key group
     * @return true if {@code keyGroup} lies in this range
     */
    public boolean contains(int keyGroup) {
        return keyGroup >= startKeyGroup && keyGroup <= endKeyGroup;
    }

    /**
     * @param other another range
     * @return the key groups in both ranges, possibly {@link #EMPTY}
     */
    public KeyGroupRange getIntersection(KeyGroupRange other) {
        int start = Math.max(startKeyGroup, other.startKeyGroup);
        int end = Math.min(endKeyGroup, other.endKeyGroup);
        return start <= end ? new KeyGroupRange(start, end) : EMPTY;
    }

    /** Iterates the key groups in ascending order. */
    @Override
    public Iterator<Integer> iterator() {
        return new Iterator<>() {
            private int next = startKeyGroup;

            @Override
            public boolean hasNext() {
                return next <= endKeyGroup;
            }

            @Override
            public Integer next() {
                if (next > endKeyGroup) {
                    throw new NoSuchElementException();
                }
                return next++;
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KeyGroupRange)) {
            return false;
        }
        KeyGroupRange that = (KeyGroupRange) o;
        return (isEmpty() && that.isEmpty())
                || (startKeyGroup == that.startKeyGroup && endKeyGroup == that.endKeyGroup);
    }

    @Override
    public int hashCode() {
        return isEmpty() ? 0 : 31 * startKeyGroup + endKeyGroup;
    }

    @Override
    public String toString() {
        return isEmpty() ? "KeyGroupRange{EMPTY}" : "KeyGroupRange{" + startKeyGroup + ".." + endKeyGroup + "}";
    }
}
