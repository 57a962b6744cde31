package io.cairn.state.keygroup;

import java.util.Objects;

/**
 * Maps keys to key groups and key groups to operator subtasks.
 *
 * <p>A key's group is {@code murmur3(key.hashCode()) % maxParallelism}; subtask {@code i} of
 * {@code p} owns the contiguous range {@code [ceil(i * max / p), floor(((i + 1) * max - 1) / p)]}.
 * These formulas are fixed forever: changing them would scatter every existing snapshot's keys.
 */
public final class KeyGroupRangeAssignment {

    /** The smallest maximum parallelism chosen by {@link #computeDefaultMaxParallelism}. */
    public static final int DEFAULT_LOWER_BOUND_MAX_PARALLELISM = 128;

    /** The largest supported maximum parallelism (number of key groups). */
    public static final int UPPER_BOUND_MAX_PARALLELISM = 1 << 15;

    private KeyGroupRangeAssignment() {}

    /**
     * Returns the key group of {@code key}.
     *
     * @param key the key, not null
     * @param maxParallelism the number of key groups
     * @return the key group, in {@code [0, maxParallelism)}
     * @throws NullPointerException if {@code key} is null
     */
    public static int assignToKeyGroup(Object key, int maxParallelism) {
        Objects.requireNonNull(key, "key cannot be null");
        return computeKeyGroupForKeyHash(key.hashCode(), maxParallelism);
    }

    /**
     * Returns the key group for a key whose {@code hashCode()} is already known.
     *
     * @param keyHash the key's {@code hashCode()}
     * @param maxParallelism the number of key groups
     * @return the key group, in {@code [0, maxParallelism)}
     */
    public static int computeKeyGroupForKeyHash(int keyHash, int maxParallelism) {
        return murmurHash(keyHash) % maxParallelism;
    }

    /**
     * Returns {@code maxParallelism - 1} if {@code maxParallelism} is a power of two, for
     * {@link #computeKeyGroupForKeyHashMasked}; otherwise -1 (no mask: use
     * {@link #computeKeyGroupForKeyHash}).
     *
     * @param maxParallelism the number of key groups, positive
     * @return the mask, or -1
     */
    public static int keyGroupMask(int maxParallelism) {
        return maxParallelism > 0 && Integer.bitCount(maxParallelism) == 1 ? maxParallelism - 1 : -1;
    }

    /**
     * The same key group as {@link #computeKeyGroupForKeyHash} for a power-of-two maximum parallelism,
     * with a mask instead of a division (the hash is never negative, so {@code h % 2^n == h & (2^n - 1)}).
     * For the hot path of {@code setCurrentKey}.
     *
     * @param keyHash the key's {@code hashCode()}
     * @param keyGroupMask {@link #keyGroupMask}{@code (maxParallelism)}, not -1
     * @return the key group, in {@code [0, maxParallelism)}
     */
    public static int computeKeyGroupForKeyHashMasked(int keyHash, int keyGroupMask) {
        return murmurHash(keyHash) & keyGroupMask;
    }

    /**
     * Returns the key groups owned by one subtask.
     *
     * @param maxParallelism the number of key groups
     * @param parallelism the number of subtasks
     * @param operatorIndex the subtask index, in {@code [0, parallelism)}
     * @return the subtask's range, never empty
     * @throws IllegalArgumentException if the arguments are out of range
     */
    public static KeyGroupRange computeKeyGroupRangeForOperatorIndex(
            int maxParallelism, int parallelism, int operatorIndex) {
        checkParallelism(maxParallelism, parallelism);
        if (operatorIndex < 0 || operatorIndex >= parallelism) {
            throw new IllegalArgumentException("operatorIndex must be in [0, parallelism): operatorIndex="
                    + operatorIndex + ", parallelism=" + parallelism);
        }
        int start = (int) (((long) operatorIndex * maxParallelism + parallelism - 1) / parallelism);
        int end = (int) (((long) (operatorIndex + 1) * maxParallelism - 1) / parallelism);
        return KeyGroupRange.of(start, end);
    }

    /**
     * Returns the subtask that owns a key group.
     *
     * @param maxParallelism the number of key groups
     * @param parallelism the number of subtasks
     * @param keyGroupId the key group, in {@code [0, maxParallelism)}
     * @return the owning subtask index
     * @throws IllegalArgumentException if the arguments are out of range
     */
    public static int computeOperatorIndexForKeyGroup(int maxParallelism, int parallelism, int keyGroupId) {
        checkParallelism(maxParallelism, parallelism);
        if (keyGroupId < 0 || keyGroupId >= maxParallelism) {
            throw new IllegalArgumentException("keyGroupId must be in [0, maxParallelism): keyGroupId="
                    + keyGroupId + ", maxParallelism=" + maxParallelism);
        }
        return (int) ((long) keyGroupId * parallelism / maxParallelism);
    }

    /**
     * The default maximum parallelism for an operator: 1.5 × parallelism rounded up to a power of
     * two, clamped to {@code [128, 32768]}.
     *
     * @param operatorParallelism the operator's parallelism, at least 1
     * @return the default maximum parallelism
     * @throws IllegalArgumentException if {@code operatorParallelism} is out of range
     */
    public static int computeDefaultMaxParallelism(int operatorParallelism) {
        if (operatorParallelism < 1 || operatorParallelism > UPPER_BOUND_MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism must be in [1, " + UPPER_BOUND_MAX_PARALLELISM
                    + "]: parallelism=" + operatorParallelism);
        }
        long wanted = operatorParallelism + (long) operatorParallelism / 2;
        long powerOfTwo = Long.highestOneBit(wanted - 1) << 1;
        return (int) Math.min(Math.max(powerOfTwo, DEFAULT_LOWER_BOUND_MAX_PARALLELISM), UPPER_BOUND_MAX_PARALLELISM);
    }

    /**
     * Checks that a maximum parallelism is supported.
     *
     * @param maxParallelism the value to check
     * @throws IllegalArgumentException if it is outside {@code [1, 32768]}
     */
    public static void checkMaxParallelism(int maxParallelism) {
        if (maxParallelism < 1 || maxParallelism > UPPER_BOUND_MAX_PARALLELISM) {
            throw new IllegalArgumentException("maxParallelism must be in [1, " + UPPER_BOUND_MAX_PARALLELISM
                    + "]: maxParallelism=" + maxParallelism);
        }
    }

    /**
     * Checks a parallelism against a maximum parallelism.
     *
     * @param maxParallelism the number of key groups
     * @param parallelism the number of subtasks
     * @throws IllegalArgumentException if either is out of range or {@code parallelism > maxParallelism}
     */
    public static void checkParallelism(int maxParallelism, int parallelism) {
        checkMaxParallelism(maxParallelism);
        if (parallelism < 1 || parallelism > maxParallelism) {
            throw new IllegalArgumentException("parallelism must be in [1, maxParallelism]: parallelism="
                    + parallelism + ", maxParallelism=" + maxParallelism);
        }
    }

    /**
     * The 32-bit murmur3 hash of one int with seed 0, made non-negative.
     *
     * @param code the value to hash
     * @return a hash in {@code [0, Integer.MAX_VALUE]}
     */
    static int murmurHash(int code) {
        int h = code * 0xcc9e2d51;
        h = Integer.rotateLeft(h, 15);
        h *= 0x1b873593;
        h = Integer.rotateLeft(h, 13);
        h = h * 5 + 0xe6546b64;
        h ^= 4;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        if (h >= 0) {
            return h;
        }
        return h != Integer.MIN_VALUE ? -h : 0;
    }
}
