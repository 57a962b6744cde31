package io.cairn.state.keygroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyGroupRangeOffsetsTest {

    private static KeyGroupRangeOffsets offsets(int start, int end) {
        long[] values = new long[end - start + 1];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1000L * (start + i) + 7;
        }
        return new KeyGroupRangeOffsets(KeyGroupRange.of(start, end), values);
    }

    @Test
    void returnsOffsetPerKeyGroup() {
        KeyGroupRangeOffsets o = new KeyGroupRangeOffsets(KeyGroupRange.of(5, 7), new long[] {10, 20, 30});
        assertThat(o.getKeyGroupRange()).isEqualTo(KeyGroupRange.of(5, 7));
        assertThat(o.getKeyGroupOffset(5)).isEqualTo(10);
        assertThat(o.getKeyGroupOffset(6)).isEqualTo(20);
        assertThat(o.getKeyGroupOffset(7)).isEqualTo(30);
    }

    @Test
    void rejectsKeyGroupOutsideRangeNamingIt() {
        KeyGroupRangeOffsets o = offsets(5, 7);
        assertThatThrownBy(() -> o.getKeyGroupOffset(4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4");
        assertThatThrownBy(() -> o.getKeyGroupOffset(8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8");
    }

    @Test
    void rejectsWrongNumberOfOffsets() {
        assertThatThrownBy(() -> new KeyGroupRangeOffsets(KeyGroupRange.of(0, 3), new long[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offsets=3");
        assertThatThrownBy(() -> new KeyGroupRangeOffsets(KeyGroupRange.EMPTY, new long[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void copiesTheOffsetsArray() {
        long[] values = {1, 2, 3};
        KeyGroupRangeOffsets o = new KeyGroupRangeOffsets(KeyGroupRange.of(0, 2), values);
        values[1] = 99;
        assertThat(o.getKeyGroupOffset(1)).isEqualTo(2);
    }

    @Test
    void intersectionNarrowsOffsets() {
        KeyGroupRangeOffsets o = offsets(10, 19);
        KeyGroupRangeOffsets narrowed = o.getIntersection(KeyGroupRange.of(15, 30));
        assertThat(narrowed.getKeyGroupRange()).isEqualTo(KeyGroupRange.of(15, 19));
        for (int kg = 15; kg <= 19; kg++) {
            assertThat(narrowed.getKeyGroupOffset(kg)).isEqualTo(o.getKeyGroupOffset(kg));
        }
        assertThatThrownBy(() -> narrowed.getKeyGroupOffset(14)).isInstanceOf(IllegalArgumentException.class);
        assertThat(o.getIntersection(KeyGroupRange.of(0, 100))).isEqualTo(o);
        assertThat(o.getIntersection(KeyGroupRange.of(12, 12)))
                .isEqualTo(new KeyGroupRangeOffsets(KeyGroupRange.of(12, 12), new long[] {12007}));
    }

    @Test
    void intersectionWithoutOverlapIsEmpty() {
        KeyGroupRangeOffsets o = offsets(10, 19);
        KeyGroupRangeOffsets none = o.getIntersection(KeyGroupRange.of(20, 30));
        assertThat(none.getKeyGroupRange().isEmpty()).isTrue();
        assertThat(none).isEqualTo(new KeyGroupRangeOffsets(KeyGroupRange.EMPTY, new long[0]));
        assertThat(o.getIntersection(KeyGroupRange.EMPTY).getKeyGroupRange().isEmpty()).isTrue();
    }

    @Test
    void equalsAndHashCode() {
        KeyGroupRangeOffsets a = new KeyGroupRangeOffsets(KeyGroupRange.of(0, 1), new long[] {5, 6});
        KeyGroupRangeOffsets b = new KeyGroupRangeOffsets(KeyGroupRange.of(0, 1), new long[] {5, 6});
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new KeyGroupRangeOffsets(KeyGroupRange.of(0, 1), new long[] {5, 7}));
        assertThat(a).isNotEqualTo(new KeyGroupRangeOffsets(KeyGroupRange.of(1, 2), new long[] {5, 6}));
        assertThat(a).isNotEqualTo(null);
        assertThat(a.toString()).contains("5", "6");
    }

    @Test
    void intersectionKeepsOffsetsOfCommonKeyGroups() {
        Random random = new Random(17);
        for (int t = 0; t < 3000; t++) {
            int start = random.nextInt(200);
            KeyGroupRangeOffsets o = offsets(start, start + random.nextInt(100));
            int qStart = random.nextInt(300);
            KeyGroupRange query = KeyGroupRange.of(qStart, qStart + random.nextInt(150) - 10);
            KeyGroupRangeOffsets narrowed = o.getIntersection(query);
            assertThat(narrowed.getKeyGroupRange()).isEqualTo(o.getKeyGroupRange().getIntersection(query));
            int seen = 0;
            for (int kg : narrowed.getKeyGroupRange()) {
                assertThat(narrowed.getKeyGroupOffset(kg)).isEqualTo(1000L * kg + 7);
                seen++;
            }
            assertThat(seen).isEqualTo(narrowed.getKeyGroupRange().getNumberOfKeyGroups());
        }
    }
}
