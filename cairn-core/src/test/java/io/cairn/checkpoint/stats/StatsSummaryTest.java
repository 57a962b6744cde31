package io.cairn.checkpoint.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StatsSummaryTest {

    private static StatsSummarySnapshot oneToHundredShuffled() {
        List<Long> values = new ArrayList<>();
        for (long v = 1; v <= 100; v++) {
            values.add(v);
        }
        Collections.shuffle(values, new Random(42));
        StatsSummary summary = new StatsSummary();
        values.forEach(summary::add);
        return summary.createSnapshot();
    }

    @Test
    void oneToHundred() {
        StatsSummarySnapshot s = oneToHundredShuffled();
        assertThat(s.getCount()).isEqualTo(100);
        assertThat(s.getSum()).isEqualTo(5050);
        assertThat(s.getMinimum()).isEqualTo(1);
        assertThat(s.getMaximum()).isEqualTo(100);
        assertThat(s.getAverage()).isEqualTo(50.5);
        assertThat(s.getRetainedSampleCount()).isEqualTo(100);
    }

    @Test
    void nearestRankQuantiles() {
        StatsSummarySnapshot s = oneToHundredShuffled();
        assertThat(s.getP99()).isEqualTo(99);
        assertThat(s.getQuantile(0.99)).isEqualTo(99);
        assertThat(s.getQuantile(0.5)).isEqualTo(50);
        assertThat(s.getQuantile(0.07)).as("0.07 * 100 is 7 in decimal, not 7.000000000000001").isEqualTo(7);
        assertThat(s.getQuantile(0.991)).isEqualTo(100);
        assertThat(s.getQuantile(1.0)).isEqualTo(100);
        assertThat(s.getQuantile(0.0)).isEqualTo(1);
        assertThat(s.getQuantile(0.001)).isEqualTo(1);
    }

    @Test
    void nearestRankOnSmallSamples() {
        StatsSummarySnapshot s = StatsSummarySnapshot.of(15, 20, 35, 40, 50);
        assertThat(s.getQuantile(0.05)).isEqualTo(15);
        assertThat(s.getQuantile(0.3)).isEqualTo(20);
        assertThat(s.getQuantile(0.4)).isEqualTo(20);
        assertThat(s.getQuantile(0.5)).isEqualTo(35);
        assertThat(s.getP99()).isEqualTo(50);
        assertThat(StatsSummarySnapshot.of(7).getP99()).isEqualTo(7);
    }

    @Test
    void emptySummaryReportsZeros() {
        StatsSummarySnapshot s = new StatsSummary().createSnapshot();
        assertThat(s).isEqualTo(StatsSummarySnapshot.empty()).isEqualTo(StatsSummarySnapshot.of());
        assertThat(s.getCount()).isZero();
        assertThat(s.getSum()).isZero();
        assertThat(s.getMinimum()).isZero();
        assertThat(s.getMaximum()).isZero();
        assertThat(s.getAverage()).isZero();
        assertThat(s.getP99()).isZero();
        assertThat(s.getQuantile(0.5)).isZero();
        assertThat(s.getRetainedSampleCount()).isZero();
    }

    @Test
    void quantilesCoverOnlyTheNewestRetainedSamples() {
        StatsSummary summary = new StatsSummary(5);
        for (long v = 1; v <= 12; v++) {
            summary.add(v);
        }
        StatsSummarySnapshot s = summary.createSnapshot();
        assertThat(s.getCount()).isEqualTo(12);
        assertThat(s.getSum()).isEqualTo(78);
        assertThat(s.getMinimum()).isEqualTo(1);
        assertThat(s.getMaximum()).isEqualTo(12);
        assertThat(s.getRetainedSampleCount()).isEqualTo(5);
        assertThat(s.getQuantile(0.0)).isEqualTo(8);
        assertThat(s.getQuantile(0.5)).isEqualTo(10);
        assertThat(s.getQuantile(1.0)).isEqualTo(12);
    }

    @Test
    void ringBufferMatchesAReferenceAcrossGrowthAndWrapAround() {
        Random random = new Random(7);
        int cap = 100;
        StatsSummary summary = new StatsSummary(cap);
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            long v = random.nextInt(10_000);
            summary.add(v);
            all.add(v);
            if (i % 37 == 0 || i == 999) {
                List<Long> newest = new ArrayList<>(all.subList(Math.max(0, all.size() - cap), all.size()));
                Collections.sort(newest);
                StatsSummarySnapshot s = summary.createSnapshot();
                assertThat(s.getCount()).isEqualTo(all.size());
                assertThat(s.getMinimum()).isEqualTo(Collections.min(all));
                assertThat(s.getMaximum()).isEqualTo(Collections.max(all));
                assertThat(s.getSum()).isEqualTo(all.stream().mapToLong(Long::longValue).sum());
                int rank = (int) Math.ceil(0.99 * newest.size() - 1e-9);
                assertThat(s.getP99()).isEqualTo(newest.get(Math.max(1, rank) - 1));
                assertThat(s.getQuantile(1.0)).isEqualTo(newest.get(newest.size() - 1));
            }
        }
    }

    @Test
    void snapshotIsUnaffectedByLaterSamples() {
        StatsSummary summary = new StatsSummary(3);
        summary.add(5);
        StatsSummarySnapshot before = summary.createSnapshot();
        summary.add(1);
        summary.add(9);
        summary.add(9);
        assertThat(before.getCount()).isEqualTo(1);
        assertThat(before.getMinimum()).isEqualTo(5);
        assertThat(before.getP99()).isEqualTo(5);
        assertThat(summary.getCount()).isEqualTo(4);
    }

    @Test
    void sumSaturates() {
        StatsSummarySnapshot s = StatsSummarySnapshot.of(Long.MAX_VALUE, 1);
        assertThat(s.getSum()).isEqualTo(Long.MAX_VALUE);
        assertThat(s.getMaximum()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> new StatsSummary().add(-3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-3");
        assertThatThrownBy(() -> new StatsSummary(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> StatsSummarySnapshot.of(1, -9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-9");
        StatsSummarySnapshot s = StatsSummarySnapshot.of(1, 2);
        assertThatThrownBy(() -> s.getQuantile(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> s.getQuantile(-0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.1");
        assertThatThrownBy(() -> s.getQuantile(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> StatsSummarySnapshot.empty().getQuantile(2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void snapshotSurvivesJavaSerialization() throws Exception {
        StatsSummarySnapshot s = oneToHundredShuffled();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            StatsSummarySnapshot copy = (StatsSummarySnapshot) in.readObject();
            assertThat(copy).isEqualTo(s).hasSameHashCodeAs(s);
            assertThat(copy.getP99()).isEqualTo(99);
        }
    }
}
