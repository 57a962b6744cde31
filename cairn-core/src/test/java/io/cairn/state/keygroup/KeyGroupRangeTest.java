package io.cairn.state.keygroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyGroupRangeTest {

    private static List<Integer> toList(KeyGroupRange range) {
        List<Integer> result = new ArrayList<>();
        range.forEach(result::add);
        return result;
    }

    @Test
    void emptyRangeHoldsNothing() {
        KeyGroupRange empty = KeyGroupRange.EMPTY;
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.getNumberOfKeyGroups()).isZero();
        assertThat(empty.contains(0)).isFalse();
        assertThat(empty.contains(-1)).isFalse();
        assertThat(empty.contains(Integer.MAX_VALUE)).isFalse();
        assertThat(toList(empty)).isEmpty();
        Iterator<Integer> it = empty.iterator();
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        assertThat(empty).hasToString("KeyGroupRange{EMPTY}");
    }

    @Test
    void ofWithEndBeforeStartIsTheEmptyInstance() {
        assertThat(KeyGroupRange.of(3, 2)).isSameAs(KeyGroupRange.EMPTY);
        assertThat(KeyGroupRange.of(0, -1)).isSameAs(KeyGroupRange.EMPTY);
        assertThat(KeyGroupRange.of(100, 0)).isSameAs(KeyGroupRange.EMPTY);
    }

    @Test
    void ofRejectsNegativeStartNamingTheValue() {
        assertThatThrownBy(() -> KeyGroupRange.of(-7, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-7");
        assertThatThrownBy(() -> KeyGroupRange.of(-1, -5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofBuildsInclusiveRange() {
        KeyGroupRange r = KeyGroupRange.of(2, 5);
        assertThat(r.getStartKeyGroup()).isEqualTo(2);
        assertThat(r.getEndKeyGroup()).isEqualTo(5);
        assertThat(r.getNumberOfKeyGroups()).isEqualTo(4);
        assertThat(r.isEmpty()).isFalse();
        assertThat(r.contains(1)).isFalse();
        assertThat(r.contains(2)).isTrue();
        assertThat(r.contains(5)).isTrue();
        assertThat(r.contains(6)).isFalse();
        assertThat(r).hasToString("KeyGroupRange{2..5}");
    }

    @Test
    void singleKeyGroupRange() {
        KeyGroupRange r = KeyGroupRange.of(7, 7);
        assertThat(r.getNumberOfKeyGroups()).isEqualTo(1);
        assertThat(toList(r)).containsExactly(7);
        assertThat(r.contains(7)).isTrue();
        assertThat(r.contains(6)).isFalse();
        assertThat(r.contains(8)).isFalse();
    }

    @Test
    void iteratesInAscendingOrderAndThenThrows() {
        KeyGroupRange r = KeyGroupRange.of(10, 14);
        assertThat(toList(r)).containsExactly(10, 11, 12, 13, 14);
        Iterator<Integer> it = r.iterator();
        for (int i = 10; i <= 14; i++) {
            assertThat(it.hasNext()).isTrue();
            assertThat(it.next()).isEqualTo(i);
        }
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        // a fresh iterator starts over
        assertThat(r.iterator().next()).isEqualTo(10);
    }

    @Test
    void intersectionOfOverlappingRanges() {
        assertThat(KeyGroupRange.of(0, 10).getIntersection(KeyGroupRange.of(5, 20))).isEqualTo(KeyGroupRange.of(5, 10));
        assertThat(KeyGroupRange.of(5, 20).getIntersection(KeyGroupRange.of(0, 10))).isEqualTo(KeyGroupRange.of(5, 10));
        // nested
        assertThat(KeyGroupRange.of(0, 100).getIntersection(KeyGroupRange.of(30, 40))).isEqualTo(KeyGroupRange.of(30, 40));
        // touching in one key group
        assertThat(KeyGroupRange.of(0, 3).getIntersection(KeyGroupRange.of(3, 5))).isEqualTo(KeyGroupRange.of(3, 3));
        // identical
        assertThat(KeyGroupRange.of(4, 9).getIntersection(KeyGroupRange.of(4, 9))).isEqualTo(KeyGroupRange.of(4, 9));
    }

    @Test
    void intersectionOfDisjointOrEmptyRangesIsEmpty() {
        assertThat(KeyGroupRange.of(0, 3).getIntersection(KeyGroupRange.of(4, 5))).isSameAs(KeyGroupRange.EMPTY);
        assertThat(KeyGroupRange.of(10, 20).getIntersection(KeyGroupRange.of(0, 5))).isSameAs(KeyGroupRange.EMPTY);
        assertThat(KeyGroupRange.of(3, 5).getIntersection(KeyGroupRange.EMPTY)).isSameAs(KeyGroupRange.EMPTY);
        assertThat(KeyGroupRange.EMPTY.getIntersection(KeyGroupRange.of(0, 5))).isSameAs(KeyGroupRange.EMPTY);
        assertThat(KeyGroupRange.EMPTY.getIntersection(KeyGroupRange.EMPTY)).isSameAs(KeyGroupRange.EMPTY);
    }

    @Test
    void equalsAndHashCode() {
        KeyGroupRange a = KeyGroupRange.of(1, 3);
        KeyGroupRange b = KeyGroupRange.of(1, 3);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(KeyGroupRange.of(1, 4));
        assertThat(a).isNotEqualTo(KeyGroupRange.of(0, 3));
        assertThat(a).isNotEqualTo(KeyGroupRange.EMPTY);
        assertThat(KeyGroupRange.EMPTY).isNotEqualTo(a);
        assertThat(a).isNotEqualTo(null);
        assertThat(a).isNotEqualTo("KeyGroupRange{1..3}");
        assertThat(KeyGroupRange.EMPTY).isEqualTo(KeyGroupRange.of(9, 2));
    }

    @Test
    void serializationRoundTripPreservesEquality() throws Exception {
        KeyGroupRange r = KeyGroupRange.of(17, 42);
        assertThat(roundTrip(r)).isEqualTo(r).isNotSameAs(r);
        KeyGroupRange empty = roundTrip(KeyGroupRange.EMPTY);
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty).isEqualTo(KeyGroupRange.EMPTY).hasSameHashCodeAs(KeyGroupRange.EMPTY);
    }

    static KeyGroupRange roundTrip(KeyGroupRange r) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(r);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (KeyGroupRange) in.readObject();
        }
    }

    /** Exhaustive over a small domain: the intersection holds exactly the common key groups. */
    @Test
    void intersectionContainsExactlyTheCommonKeyGroups() {
        for (int s1 = 0; s1 <= 12; s1++) {
            for (int e1 = -1; e1 <= 12; e1++) {
                for (int s2 = 0; s2 <= 12; s2++) {
                    for (int e2 = -1; e2 <= 12; e2++) {
                        checkIntersection(KeyGroupRange.of(s1, e1), KeyGroupRange.of(s2, e2), 14);
                    }
                }
            }
        }
        Random random = new Random(99);
        for (int i = 0; i < 2000; i++) {
            int s1 = random.nextInt(300);
            int s2 = random.nextInt(300);
            checkIntersection(KeyGroupRange.of(s1, s1 + random.nextInt(200) - 20),
                    KeyGroupRange.of(s2, s2 + random.nextInt(200) - 20), 600);
        }
    }

    private static void checkIntersection(KeyGroupRange a, KeyGroupRange b, int upTo) {
        KeyGroupRange ab = a.getIntersection(b);
        assertThat(ab).isEqualTo(b.getIntersection(a));
        int count = 0;
        for (int k = -1; k <= upTo; k++) {
            boolean inBoth = a.contains(k) && b.contains(k);
            assertThat(ab.contains(k)).as("%s & %s contains %d", a, b, k).isEqualTo(inBoth);
            if (inBoth) {
                count++;
            }
        }
        assertThat(ab.getNumberOfKeyGroups()).isEqualTo(count);
        assertThat(ab.isEmpty()).isEqualTo(count == 0);
        assertThat(toList(ab)).hasSize(count).isSorted();
    }

    @Test
    void iterationMatchesContainsAndCount() {
        Random random = new Random(5);
        for (int t = 0; t < 500; t++) {
            int start = random.nextInt(32768);
            int length = t < 5 ? t : random.nextInt(300);
            KeyGroupRange r = KeyGroupRange.of(start, start + length - 1);
            List<Integer> groups = toList(r);
            assertThat(groups).hasSize(length);
            assertThat(r.getNumberOfKeyGroups()).isEqualTo(length);
            for (int i = 0; i < length; i++) {
                assertThat(groups.get(i)).isEqualTo(start + i);
                assertThat(r.contains(start + i)).isTrue();
            }
            assertThat(r.contains(start - 1)).isFalse();
            assertThat(r.contains(start + length)).isFalse();
        }
    }
}
