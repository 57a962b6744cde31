package io.cairn.checkpoint.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class CheckpointMetricsTest {

    @Test
    void emptyIsAllZeros() {
        assertThat(CheckpointMetrics.empty()).isSameAs(CheckpointMetrics.EMPTY)
                .isEqualTo(new CheckpointMetrics(0, 0, 0, 0, 0));
    }

    @Test
    void builderSetsEveryValueByName() {
        CheckpointMetrics m = CheckpointMetrics.builder().setSyncDurationMillis(1).setAsyncDurationMillis(2)
                .setAlignmentDurationMillis(3).setBytesPersistedOfThisCheckpoint(4).setTotalStateSizeBytes(5).build();
        assertThat(m).isEqualTo(new CheckpointMetrics(1, 2, 3, 4, 5));
        assertThat(m.syncDurationMillis()).isEqualTo(1);
        assertThat(m.asyncDurationMillis()).isEqualTo(2);
        assertThat(m.alignmentDurationMillis()).isEqualTo(3);
        assertThat(m.bytesPersistedOfThisCheckpoint()).isEqualTo(4);
        assertThat(m.totalStateSizeBytes()).isEqualTo(5);
    }

    @Test
    void rejectsNegativeValuesNamingThem() {
        assertThatThrownBy(() -> new CheckpointMetrics(-1, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("syncDurationMillis").hasMessageContaining("-1");
        assertThatThrownBy(() -> new CheckpointMetrics(0, -2, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("asyncDurationMillis").hasMessageContaining("-2");
        assertThatThrownBy(() -> new CheckpointMetrics(0, 0, -3, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alignmentDurationMillis").hasMessageContaining("-3");
        assertThatThrownBy(() -> new CheckpointMetrics(0, 0, 0, -4, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytesPersistedOfThisCheckpoint").hasMessageContaining("-4");
        assertThatThrownBy(() -> CheckpointMetrics.builder().setTotalStateSizeBytes(-5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("totalStateSizeBytes").hasMessageContaining("-5");
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        CheckpointMetrics m = new CheckpointMetrics(1, 2, 3, 4, 5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(m);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(m);
        }
    }
}
