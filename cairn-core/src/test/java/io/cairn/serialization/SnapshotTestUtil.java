package io.cairn.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;

/**
 * Builds "old" serializer snapshots for evolution tests: a snapshot written for class {@code A} is
 * rewritten so that every writeUTF-encoded occurrence of {@code A}'s name reads as {@code B}'s name,
 * as if {@code A} had been an older version of {@code B}.
 */
final class SnapshotTestUtil {

    private SnapshotTestUtil() {}

    /** Writes {@code serializer}'s snapshot with its class name and version, as a checkpoint would. */
    static byte[] writeSnapshot(TypeSerializer<?> serializer) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        TypeSerializerSnapshots.write(out, serializer.snapshotConfiguration());
        return out.getCopyOfBuffer();
    }

    /** Reads a snapshot written by {@link #writeSnapshot}. */
    static <T> TypeSerializerSnapshot<T> readSnapshot(byte[] bytes) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        TypeSerializerSnapshot<T> snapshot = TypeSerializerSnapshots.read(in, SnapshotTestUtil.class.getClassLoader());
        assertThat(in.available()).isZero();
        return snapshot;
    }

    /**
     * Replaces every writeUTF-encoded {@code from.getName()} in {@code snapshot} with {@code to.getName()}.
     *
     * @throws AssertionError if the name does not occur
     */
    static byte[] renameClass(byte[] snapshot, Class<?> from, Class<?> to) throws IOException {
        byte[] oldUtf = utf(from.getName());
        byte[] newUtf = utf(to.getName());
        DataOutputSerializer out = new DataOutputSerializer(snapshot.length + 16);
        int replaced = 0;
        int i = 0;
        while (i < snapshot.length) {
            if (i + oldUtf.length <= snapshot.length
                    && Arrays.equals(snapshot, i, i + oldUtf.length, oldUtf, 0, oldUtf.length)) {
                out.write(newUtf);
                i += oldUtf.length;
                replaced++;
            } else {
                out.write(snapshot[i++]);
            }
        }
        assertThat(replaced).as("occurrences of %s in the snapshot", from.getName()).isPositive();
        return out.getCopyOfBuffer();
    }

    /** Writes an old-version snapshot for {@code oldSerializer}, renamed so it describes {@code currentClass}. */
    static <T> TypeSerializerSnapshot<T> oldSnapshotAs(
            TypeSerializer<?> oldSerializer, Class<?> oldClass, Class<?> currentClass) throws IOException {
        return readSnapshot(renameClass(writeSnapshot(oldSerializer), oldClass, currentClass));
    }

    private static byte[] utf(String s) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(s.length() + 2);
        out.writeUTF(s);
        return out.getCopyOfBuffer();
    }
}
