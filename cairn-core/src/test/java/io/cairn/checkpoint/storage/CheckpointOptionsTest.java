package io.cairn.checkpoint.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class CheckpointOptionsTest {

    private static final CheckpointStorageLocationReference LOC = CheckpointStorageLocationReference.of("file:/sp-1");

    @Test
    void defaultCheckpointOptions() {
        CheckpointOptions o = CheckpointOptions.forCheckpointWithDefaultLocation();
        assertThat(o.getCheckpointType()).isEqualTo(CheckpointType.CHECKPOINT);
        assertThat(o.getTargetLocation().isDefaultReference()).isTrue();
        assertThat(o.isExactlyOnceMode()).isTrue();
        assertThat(o.getSavepointFormat()).isEqualTo(SavepointFormatType.CANONICAL);
        assertThat(o.requiresCanonicalFormat()).isFalse();
        assertThat(o.toString()).contains("CHECKPOINT").contains("exactly-once").doesNotContain("CANONICAL");
    }

    @Test
    void twoArgumentConstructorIsExactlyOnceWithDefaultFormat() {
        CheckpointOptions o = new CheckpointOptions(CheckpointType.SAVEPOINT, LOC);
        assertThat(o.isExactlyOnceMode()).isTrue();
        assertThat(o.getSavepointFormat()).isEqualTo(SavepointFormatType.DEFAULT);
        assertThat(o.getTargetLocation()).isEqualTo(LOC);
        assertThat(o).isEqualTo(new CheckpointOptions(CheckpointType.SAVEPOINT, LOC, true, SavepointFormatType.CANONICAL));
    }

    @Test
    void onlyCanonicalSavepointsRequireCanonicalFormat() {
        assertThat(new CheckpointOptions(CheckpointType.SAVEPOINT, LOC, true, SavepointFormatType.CANONICAL)
                .requiresCanonicalFormat()).isTrue();
        assertThat(new CheckpointOptions(CheckpointType.SAVEPOINT, LOC, false, SavepointFormatType.CANONICAL)
                .requiresCanonicalFormat()).isTrue();
        assertThat(new CheckpointOptions(CheckpointType.SAVEPOINT, LOC, true, SavepointFormatType.NATIVE)
                .requiresCanonicalFormat()).isFalse();
        assertThat(new CheckpointOptions(CheckpointType.CHECKPOINT, LOC, true, SavepointFormatType.CANONICAL)
                .requiresCanonicalFormat()).isFalse();
        assertThat(new CheckpointOptions(CheckpointType.CHECKPOINT, LOC, true, SavepointFormatType.NATIVE)
                .requiresCanonicalFormat()).isFalse();
    }

    @Test
    void rejectsNulls() {
        assertThatThrownBy(() -> new CheckpointOptions(null, LOC)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CheckpointOptions(CheckpointType.CHECKPOINT, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CheckpointOptions(CheckpointType.CHECKPOINT, LOC, true, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void equalityCoversEveryField() {
        CheckpointOptions base = new CheckpointOptions(CheckpointType.SAVEPOINT, LOC, true, SavepointFormatType.NATIVE);
        CheckpointOptions same = new CheckpointOptions(
                CheckpointType.SAVEPOINT, CheckpointStorageLocationReference.of("file:/sp-1"), true, SavepointFormatType.NATIVE);
        assertThat(base).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(base).isNotEqualTo(new CheckpointOptions(CheckpointType.CHECKPOINT, LOC, true, SavepointFormatType.NATIVE));
        assertThat(base).isNotEqualTo(new CheckpointOptions(
                CheckpointType.SAVEPOINT, CheckpointStorageLocationReference.getDefault(), true, SavepointFormatType.NATIVE));
        assertThat(base).isNotEqualTo(new CheckpointOptions(CheckpointType.SAVEPOINT, LOC, false, SavepointFormatType.NATIVE));
        assertThat(base).isNotEqualTo(new CheckpointOptions(CheckpointType.SAVEPOINT, LOC, true, SavepointFormatType.CANONICAL));
        assertThat(base).isNotEqualTo(null);
    }

    @Test
    void toStringDescribesModeAndSavepointFormat() {
        CheckpointOptions o = new CheckpointOptions(CheckpointType.SAVEPOINT, LOC, false, SavepointFormatType.NATIVE);
        assertThat(o.toString()).contains("SAVEPOINT").contains("at-least-once").contains("NATIVE").contains("file:/sp-1");
    }

    @Test
    void serializationRoundTrip() throws Exception {
        CheckpointOptions o = new CheckpointOptions(CheckpointType.SAVEPOINT, LOC, false, SavepointFormatType.NATIVE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(o);
        }
    }

    @Test
    void checkpointTypes() {
        assertThat(CheckpointType.CHECKPOINT.isSavepoint()).isFalse();
        assertThat(CheckpointType.SAVEPOINT.isSavepoint()).isTrue();
        assertThat(CheckpointType.CHECKPOINT.getName()).isEqualTo("Checkpoint");
        assertThat(CheckpointType.SAVEPOINT.getName()).isEqualTo("Savepoint");
    }
}
