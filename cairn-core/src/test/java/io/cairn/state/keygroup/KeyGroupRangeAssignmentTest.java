package io.cairn.state.keygroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyGroupRangeAssignmentTest {

    // ---------------------------------------------------------------------------------------------
    // Independent reference implementation of MurmurHash3 x86_32 over a byte array.
    // ---------------------------------------------------------------------------------------------

    static int referenceMurmur3(byte[] data, int seed) {
        final int c1 = 0xcc9e2d51;
        final int c2 = 0x1b873593;
        int h1 = seed;
        int nblocks = data.length / 4;
        for (int i = 0; i < nblocks; i++) {
            int j = 4 * i;
            int k1 = (data[j] & 0xff) | (data[j + 1] & 0xff) << 8 | (data[j + 2] & 0xff) << 16 | (data[j + 3] & 0xff) << 24;
            k1 *= c1;
            k1 = Integer.rotateLeft(k1, 15);
            k1 *= c2;
            h1 ^= k1;
            h1 = Integer.rotateLeft(h1, 13);
            h1 = h1 * 5 + 0xe6546b64;
        }
        int tail = nblocks * 4;
        int rem = data.length & 3;
        int k1 = 0;
        if (rem == 3) {
            k1 ^= (data[tail + 2] & 0xff) << 16;
        }
        if (rem >= 2) {
            k1 ^= (data[tail + 1] & 0xff) << 8;
        }
        if (rem >= 1) {
            k1 ^= data[tail] & 0xff;
            k1 *= c1;
            k1 = Integer.rotateLeft(k1, 15);
            k1 *= c2;
            h1 ^= k1;
        }
        h1 ^= data.length;
        h1 ^= h1 >>> 16;
        h1 *= 0x85ebca6b;
        h1 ^= h1 >>> 13;
        h1 *= 0xc2b2ae35;
        h1 ^= h1 >>> 16;
        return h1;
    }

    static byte[] littleEndian(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    static int expectedNonNegativeHash(int code) {
        int h = referenceMurmur3(littleEndian(code), 0);
        if (h >= 0) {
            return h;
        }
        return h == Integer.MIN_VALUE ? 0 : -h;
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** Published MurmurHash3 x86_32 test vectors; they validate the reference implementation itself. */
    @Test
    void referenceImplementationMatchesPublishedVectors() {
        assertThat(referenceMurmur3(new byte[0], 0)).isEqualTo(0);
        assertThat(referenceMurmur3(new byte[0], 1)).isEqualTo(0x514E28B7);
        assertThat(referenceMurmur3(new byte[0], 0xffffffff)).isEqualTo(0x81F16F39);
        assertThat(referenceMurmur3(bytes(0, 0, 0, 0), 0)).isEqualTo(0x2362F9DE);
        assertThat(referenceMurmur3(bytes(0x21, 0x43, 0x65, 0x87), 0)).isEqualTo(0xF55B516B);
        assertThat(referenceMurmur3(bytes(0x21, 0x43, 0x65, 0x87), 0x5082EDEE)).isEqualTo(0x2362F9DE);
        assertThat(referenceMurmur3(bytes(0x21, 0x43, 0x65), 0)).isEqualTo(0x7E4A8634);
        assertThat(referenceMurmur3(bytes(0x21, 0x43), 0)).isEqualTo(0xA0F7B07A);
        assertThat(referenceMurmur3(bytes(0x21), 0)).isEqualTo(0x72661CF4);
        assertThat(referenceMurmur3(bytes(0xff, 0xff, 0xff, 0xff), 0)).isEqualTo(0x76293B50);
        int seed = 0x9747b28c;
        assertThat(referenceMurmur3("aaaa".getBytes(StandardCharsets.US_ASCII), seed)).isEqualTo(0x5A97808A);
        assertThat(referenceMurmur3("Hello, world!".getBytes(StandardCharsets.US_ASCII), seed)).isEqualTo(0x24884CBA);
        assertThat(referenceMurmur3(
                        "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII), seed))
                .isEqualTo(0x2FA826CD);
    }

    @Test
    void murmurHashOfKnownIntsMatchesPublishedVectors() {
        // 0 as a little-endian block is 00 00 00 00; 0x87654321 is 21 43 65 87.
        assertThat(KeyGroupRangeAssignment.murmurHash(0)).isEqualTo(0x2362F9DE);
        assertThat(KeyGroupRangeAssignment.murmurHash(0x87654321)).isEqualTo(-0xF55B516B);
        assertThat(KeyGroupRangeAssignment.murmurHash(-1)).isEqualTo(0x76293B50);
    }

    @Test
    void murmurHashAgreesWithReferenceForManyInts() {
        int[] edge = {0, 1, -1, 2, 42, 127, 128, 255, 256, 65535, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE,
            Integer.MIN_VALUE + 1, Integer.MAX_VALUE - 1};
        for (int v : edge) {
            assertThat(KeyGroupRangeAssignment.murmurHash(v)).as("murmurHash(%d)", v).isEqualTo(expectedNonNegativeHash(v));
        }
        for (int v = -5000; v <= 5000; v++) {
            assertThat(KeyGroupRangeAssignment.murmurHash(v)).as("murmurHash(%d)", v).isEqualTo(expectedNonNegativeHash(v));
        }
        Random random = new Random(0xCA1A);
        for (int i = 0; i < 100_000; i++) {
            int v = random.nextInt();
            int actual = KeyGroupRangeAssignment.murmurHash(v);
            assertThat(actual).as("murmurHash(%d)", v).isEqualTo(expectedNonNegativeHash(v));
            assertThat(actual).isNotNegative();
        }
    }

    @Test
    void keyGroupOfKeyUsesMurmurOfHashCodeModuloMax() {
        for (String key : List.of("", "a", "user-17", "the quick brown fox", "\u00e9\u00e8")) {
            for (int max : new int[] {1, 2, 3, 7, 128, 1000, 32768}) {
                assertThat(KeyGroupRangeAssignment.assignToKeyGroup(key, max))
                        .isEqualTo(expectedNonNegativeHash(key.hashCode()) % max);
            }
        }
    }

    @Test
    void assignToKeyGroupIsInRangeAndDeterministic() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            int max = 1 + random.nextInt(KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM);
            Object key = switch (i % 3) {
                case 0 -> random.nextInt();
                case 1 -> Long.toString(random.nextLong(), 36);
                default -> List.of(random.nextInt(100), "x" + random.nextInt(10));
            };
            int kg = KeyGroupRangeAssignment.assignToKeyGroup(key, max);
            assertThat(kg).isBetween(0, max - 1);
            assertThat(KeyGroupRangeAssignment.assignToKeyGroup(key, max)).isEqualTo(kg);
            assertThat(KeyGroupRangeAssignment.computeKeyGroupForKeyHash(key.hashCode(), max)).isEqualTo(kg);
        }
        // equal but distinct key objects land in the same key group
        String a = new String("some-key".toCharArray());
        String b = new String("some-key".toCharArray());
        assertThat(a).isNotSameAs(b);
        assertThat(KeyGroupRangeAssignment.assignToKeyGroup(a, 128))
                .isEqualTo(KeyGroupRangeAssignment.assignToKeyGroup(b, 128));
    }

    @Test
    void keyGroupForAnyHashIsInRange() {
        Random random = new Random(3);
        int[] maxes = {1, 2, 3, 127, 128, 129, 1000, 32767, 32768};
        int[] hashes = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE};
        for (int max : maxes) {
            for (int hash : hashes) {
                assertThat(KeyGroupRangeAssignment.computeKeyGroupForKeyHash(hash, max)).isBetween(0, max - 1);
            }
        }
        for (int i = 0; i < 50_000; i++) {
            int hash = random.nextInt();
            int max = 1 + random.nextInt(32768);
            int kg = KeyGroupRangeAssignment.computeKeyGroupForKeyHash(hash, max);
            assertThat(kg).isBetween(0, max - 1);
            assertThat(kg).isEqualTo(expectedNonNegativeHash(hash) % max);
        }
    }

    @Test
    void assignToKeyGroupRejectsNullKey() {
        assertThatThrownBy(() -> KeyGroupRangeAssignment.assignToKeyGroup(null, 128))
                .isInstanceOf(NullPointerException.class);
    }

    // ---------------------------------------------------------------------------------------------
    // Ranges per operator index
    // ---------------------------------------------------------------------------------------------

    @Test
    void knownRangesForThreeSubtasksOf128() {
        assertThat(KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(128, 3, 0)).isEqualTo(KeyGroupRange.of(0, 42));
        assertThat(KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(128, 3, 1)).isEqualTo(KeyGroupRange.of(43, 85));
        assertThat(KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(128, 3, 2)).isEqualTo(KeyGroupRange.of(86, 127));
        assertThat(KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(128, 1, 0)).isEqualTo(KeyGroupRange.of(0, 127));
        assertThat(KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(1, 1, 0)).isEqualTo(KeyGroupRange.of(0, 0));
        assertThat(KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(32768, 32768, 32767))
                .isEqualTo(KeyGroupRange.of(32767, 32767));
        assertThat(KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(128, 3, 42)).isEqualTo(0);
        assertThat(KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(128, 3, 43)).isEqualTo(1);
        assertThat(KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(128, 3, 127)).isEqualTo(2);
    }

    /** Random (max, parallelism) pairs plus the edge cases, each checked by {@code check}. */
    private static void forMaxAndParallelism(int randomCases, java.util.function.BiConsumer<Integer, Integer> check) {
        int[][] edges = {{1, 1}, {2, 1}, {2, 2}, {128, 1}, {128, 3}, {128, 127}, {128, 128}, {32768, 1},
            {32768, 3}, {32768, 32767}, {32768, 32768}, {32767, 16384}, {1000, 999}};
        for (int[] e : edges) {
            check.accept(e[0], e[1]);
        }
        Random random = new Random(2024);
        for (int i = 0; i < randomCases; i++) {
            int max = 1 + random.nextInt(KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM);
            // favour small parallelisms half of the time, any valid one otherwise
            int parallelism = 1 + (random.nextBoolean() ? random.nextInt(Math.min(max, 16)) : random.nextInt(max));
            check.accept(max, parallelism);
        }
    }

    @Test
    void rangesPartitionAllKeyGroupsAndAgreeWithOperatorIndex() {
        forMaxAndParallelism(300, (max, parallelism) -> {
            int expectedStart = 0;
            for (int index = 0; index < parallelism; index++) {
                KeyGroupRange range =
                        KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(max, parallelism, index);
                assertThat(range.isEmpty()).as("max=%d p=%d: range of %d is empty", max, parallelism, index).isFalse();
                // contiguous and disjoint: each range starts right after the previous one ends
                assertThat(range.getStartKeyGroup())
                        .as("max=%d p=%d: start of %d", max, parallelism, index)
                        .isEqualTo(expectedStart);
                for (int kg = range.getStartKeyGroup(); kg <= range.getEndKeyGroup(); kg++) {
                    int owner = KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(max, parallelism, kg);
                    if (owner != index) {
                        assertThat(owner).as("max=%d p=%d: owner of key group %d", max, parallelism, kg).isEqualTo(index);
                    }
                }
                expectedStart = range.getEndKeyGroup() + 1;
            }
            // covers [0, max) exactly
            assertThat(expectedStart).as("max=%d p=%d: end of coverage", max, parallelism).isEqualTo(max);
        });
    }

    @Test
    void rangesAreExhaustivelyCorrectForSmallMaxParallelism() {
        for (int max = 1; max <= 200; max++) {
            for (int parallelism = 1; parallelism <= max; parallelism++) {
                int[] owner = new int[max];
                java.util.Arrays.fill(owner, -1);
                for (int index = 0; index < parallelism; index++) {
                    for (int kg : KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(max, parallelism, index)) {
                        if (owner[kg] != -1) {
                            assertThat(owner[kg]).as("max=%d p=%d kg=%d owned twice", max, parallelism, kg).isEqualTo(-1);
                        }
                        owner[kg] = index;
                    }
                }
                for (int kg = 0; kg < max; kg++) {
                    int actual = KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(max, parallelism, kg);
                    if (actual != owner[kg]) {
                        assertThat(actual).as("max=%d p=%d kg=%d", max, parallelism, kg).isEqualTo(owner[kg]);
                    }
                }
            }
        }
    }

    @Test
    void rangeSizesDifferByAtMostOne() {
        forMaxAndParallelism(300, (max, parallelism) -> {
            int smallest = Integer.MAX_VALUE;
            int largest = 0;
            for (int index = 0; index < parallelism; index++) {
                int n = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(max, parallelism, index)
                        .getNumberOfKeyGroups();
                smallest = Math.min(smallest, n);
                largest = Math.max(largest, n);
            }
            assertThat(largest - smallest).as("max=%d p=%d", max, parallelism).isLessThanOrEqualTo(1);
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Default max parallelism
    // ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
        "1, 128", "2, 128", "85, 128", "86, 256", "100, 256", "128, 256", "170, 256", "171, 256", "172, 512",
        "1000, 2048", "1365, 2048", "1366, 4096", "10000, 16384", "21845, 32768", "21846, 32768", "30000, 32768",
        "32767, 32768", "32768, 32768"
    })
    void defaultMaxParallelism(int parallelism, int expected) {
        assertThat(KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism)).isEqualTo(expected);
    }

    @Test
    void defaultMaxParallelismIsClampedPowerOfTwoAtLeastOneAndAHalfTimes() {
        for (int p = 1; p <= KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM; p++) {
            int result = KeyGroupRangeAssignment.computeDefaultMaxParallelism(p);
            long wanted = p + p / 2;
            long roundedUp = 1;
            while (roundedUp < wanted) {
                roundedUp <<= 1;
            }
            long expected = Math.max(128, Math.min(32768, roundedUp));
            if (result != expected) {
                assertThat(result).as("computeDefaultMaxParallelism(%d)", p).isEqualTo(expected);
            }
            // always a usable max parallelism for the given parallelism
            assertThat(result >= p && Integer.bitCount(result) == 1).as("p=%d -> %d", p, result).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, -128, 32769, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void defaultMaxParallelismRejectsOutOfRangeNamingTheValue(int p) {
        assertThatThrownBy(() -> KeyGroupRangeAssignment.computeDefaultMaxParallelism(p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(p));
    }

    // ---------------------------------------------------------------------------------------------
    // Argument checks
    // ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 32769, 65536, Integer.MIN_VALUE})
    void invalidMaxParallelismIsRejectedNamingTheValue(int max) {
        assertThatThrownBy(() -> KeyGroupRangeAssignment.checkMaxParallelism(max))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(max));
        assertThatThrownBy(() -> KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(max, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(max));
        assertThatThrownBy(() -> KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(max, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(max));
    }

    @Test
    void validMaxParallelismBoundsAreAccepted() {
        KeyGroupRangeAssignment.checkMaxParallelism(1);
        KeyGroupRangeAssignment.checkMaxParallelism(32768);
        KeyGroupRangeAssignment.checkParallelism(32768, 32768);
        KeyGroupRangeAssignment.checkParallelism(1, 1);
        assertThat(KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM).isEqualTo(32768);
        assertThat(KeyGroupRangeAssignment.DEFAULT_LOWER_BOUND_MAX_PARALLELISM).isEqualTo(128);
    }

    @Test
    void parallelismAboveMaxIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> KeyGroupRangeAssignment.checkParallelism(128, 129))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("129");
        assertThatThrownBy(() -> KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(10, 11, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("11");
        assertThatThrownBy(() -> KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(10, 11, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("11");
        assertThatThrownBy(() -> KeyGroupRangeAssignment.checkParallelism(128, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parallelism=0");
        assertThatThrownBy(() -> KeyGroupRangeAssignment.checkParallelism(128, -3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-3");
    }

    @Test
    void operatorIndexOutOfRangeIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(128, 4, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(128, 4, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("operatorIndex=4");
    }

    @Test
    void keyGroupOutOfRangeIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(128, 4, -5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-5");
        assertThatThrownBy(() -> KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(128, 4, 128))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyGroupId=128");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 128, 256, 4096, 1 << 15})
    void theMaskGivesTheSameKeyGroupAsTheModuloForPowersOfTwo(int maxParallelism) {
        int mask = KeyGroupRangeAssignment.keyGroupMask(maxParallelism);
        assertThat(mask).isEqualTo(maxParallelism - 1);
        Random random = new Random(maxParallelism);
        for (int i = 0; i < 100_000; i++) {
            int hash = i < 10 ? new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 42, -42, 127, 128, 65536}[i]
                    : random.nextInt();
            assertThat(KeyGroupRangeAssignment.computeKeyGroupForKeyHashMasked(hash, mask))
                    .as("hash %d", hash)
                    .isEqualTo(KeyGroupRangeAssignment.computeKeyGroupForKeyHash(hash, maxParallelism));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 100, 129, 1000, (1 << 15) - 1})
    void otherParallelismsHaveNoMask(int maxParallelism) {
        assertThat(KeyGroupRangeAssignment.keyGroupMask(maxParallelism)).isEqualTo(-1);
    }
}
