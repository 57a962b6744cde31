package io.cairn.checkpoint.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CheckpointStorageLocationReferenceTest {

    private static CheckpointStorageLocationReference roundTrip(CheckpointStorageLocationReference r)
            throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(r);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (CheckpointStorageLocationReference) in.readObject();
        }
    }

    @Test
    void defaultReference() throws Exception {
        CheckpointStorageLocationReference d = CheckpointStorageLocationReference.getDefault();
        assertThat(d.isDefaultReference()).isTrue();
        assertThat(d.getReferenceBytes()).isNull();
        assertThat(d).hasToString("(default)");
        assertThat(new CheckpointStorageLocationReference(null)).isEqualTo(d).hasSameHashCodeAs(d);
        CheckpointStorageLocationReference copy = roundTrip(d);
        assertThat(copy.isDefaultReference()).isTrue();
        assertThat(copy).isEqualTo(d);
    }

    @Test
    void encodedReference() throws Exception {
        CheckpointStorageLocationReference r = CheckpointStorageLocationReference.of("s3://bucket/chk-\u00e9");
        assertThat(r.isDefaultReference()).isFalse();
        assertThat(r.getReferenceBytes()).isEqualTo("s3://bucket/chk-\u00e9".getBytes(StandardCharsets.UTF_8));
        assertThat(r).hasToString("s3://bucket/chk-\u00e9");
        assertThat(r).isEqualTo(new CheckpointStorageLocationReference("s3://bucket/chk-\u00e9".getBytes(StandardCharsets.UTF_8)));
        assertThat(r).isNotEqualTo(CheckpointStorageLocationReference.of("s3://bucket/chk-e"));
        assertThat(r).isNotEqualTo(CheckpointStorageLocationReference.getDefault());
        assertThat(CheckpointStorageLocationReference.getDefault()).isNotEqualTo(r);
        assertThat(roundTrip(r)).isEqualTo(r).hasSameHashCodeAs(r);
    }

    @Test
    void emptyEncodingIsNotTheDefault() {
        CheckpointStorageLocationReference r = new CheckpointStorageLocationReference(new byte[0]);
        assertThat(r.isDefaultReference()).isFalse();
        assertThat(r).isNotEqualTo(CheckpointStorageLocationReference.getDefault());
    }

    @Test
    void bytesAreCopiedInAndOut() {
        byte[] encoded = {1, 2, 3};
        CheckpointStorageLocationReference r = new CheckpointStorageLocationReference(encoded);
        encoded[0] = 9;
        assertThat(r.getReferenceBytes()).containsExactly(1, 2, 3);
        r.getReferenceBytes()[1] = 9;
        assertThat(r.getReferenceBytes()).containsExactly(1, 2, 3);
    }
}
