package io.cairn.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.checkpoint.storage.FsCheckpointStreamFactory;
import io.cairn.serialization.DataInputView;
import io.cairn.serialization.DataOutputView;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.serialization.TypeSerializerSchemaCompatibility;
import io.cairn.serialization.TypeSerializerSnapshot;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.StateMigrationException;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.backend.StateBackend;
import io.cairn.state.heap.HashMapStateBackend;
import io.cairn.state.keyed.KeyedBackends;
import io.cairn.state.keyed.KeyedStateBackend;
import io.cairn.state.handle.KeyedStateHandle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A restored state whose new serializer is compatible only after migration has its stored bytes
 * rewritten when the program registers it: values, list elements, map keys and map values.
 */
class RocksDBStateMigrationTest {

    private static final int KEYS = 500;
    private static final int MAX_PARALLELISM = 128;

    @TempDir
    Path tmp;

    private StateBackend rocks() {
        return rocks(RocksDBCheckpointFormat.NATIVE);
    }

    private StateBackend rocks(RocksDBCheckpointFormat format) {
        return new EmbeddedRocksDBStateBackend().withLocalDirectory(tmp.resolve("rocksdb")).withCheckpointFormat(format);
    }

    private CheckpointStreamFactory files(String name) {
        return FsCheckpointStreamFactory.forDirectory(io.cairn.fs.Path.fromLocal(tmp.resolve(name)));
    }

    private static ValueStateDescriptor<Long> value(int version) {
        return new ValueStateDescriptor<>("value", new VersionedLongSerializer(version));
    }

    private static ListStateDescriptor<Long> list(int version) {
        return new ListStateDescriptor<>("list", new VersionedLongSerializer(version));
    }

    private static MapStateDescriptor<Long, Long> map(int version) {
        return new MapStateDescriptor<>("map", new VersionedLongSerializer(version), new VersionedLongSerializer(version));
    }

    private static void write(KeyedBackends<Long> backends) {
        for (long k = 0; k < KEYS; k++) {
            KeyedStateBackend<Long> b = backends.at(k);
            AllKindsData.state(b, value(1)).update(k * 10);
            AllKindsData.state(b, list(1)).addAll(List.of(k, k + 1, k + 2));
            MapState<Long, Long> m = AllKindsData.state(b, map(1));
            m.put(k, k * 2);
            m.put(-k - 1, null);
        }
    }

    private static void check(KeyedBackends<Long> backends, int version) {
        for (long k = 0; k < KEYS; k++) {
            KeyedStateBackend<Long> b = backends.at(k);
            assertThat(AllKindsData.state(b, value(version)).value()).isEqualTo(k * 10);
            assertThat(AllKindsData.state(b, list(version)).get()).containsExactly(k, k + 1, k + 2);
            Map<Long, Long> entries = new HashMap<>();
            for (Map.Entry<Long, Long> e : AllKindsData.state(b, map(version)).entries()) {
                entries.put(e.getKey(), e.getValue());
            }
            Map<Long, Long> expected = new HashMap<>();
            expected.put(k, k * 2);
            expected.put(-k - 1, null);
            assertThat(entries).isEqualTo(expected);
            assertThat(AllKindsData.state(b, map(version)).get(k)).isEqualTo(k * 2);
        }
    }

    @ParameterizedTest(name = "{0} checkpoints")
    @EnumSource(RocksDBCheckpointFormat.class)
    void storedBytesAreMigratedToTheNewSerializer(RocksDBCheckpointFormat format) throws Exception {
        List<KeyedStateHandle> v1;
        try (KeyedBackends<Long> before = KeyedBackends.create(rocks(format), LongSerializer.INSTANCE, MAX_PARALLELISM, 2, List.of())) {
            write(before);
            check(before, 1);
            v1 = before.snapshotAll(1, files("chk-1"));
        }
        List<KeyedStateHandle> v2;
        try (KeyedBackends<Long> migrated = KeyedBackends.create(rocks(format), LongSerializer.INSTANCE, MAX_PARALLELISM, 3, v1)) {
            check(migrated, 2);
            v2 = migrated.snapshotAll(2, files("chk-2"));
        }
        // the second snapshot holds version-2 bytes and serializer snapshots: both backends read it as
        // version 2 (the heap backend reads canonical snapshots only)
        if (format == RocksDBCheckpointFormat.CANONICAL) {
            try (KeyedBackends<Long> heap =
                    KeyedBackends.create(new HashMapStateBackend(), LongSerializer.INSTANCE, MAX_PARALLELISM, 1, v2)) {
                check(heap, 2);
            }
        }
        try (KeyedBackends<Long> again = KeyedBackends.create(rocks(format), LongSerializer.INSTANCE, MAX_PARALLELISM, 2, v2)) {
            check(again, 2);
        }
    }

    @Test
    void anOlderSerializerIsIncompatible() throws Exception {
        List<KeyedStateHandle> v2;
        try (KeyedBackends<Long> before = KeyedBackends.create(rocks(), LongSerializer.INSTANCE, MAX_PARALLELISM, 1, List.of())) {
            AllKindsData.state(before.at(1L), value(2)).update(1L);
            v2 = before.snapshotAll(1, files("chk-1"));
        }
        try (KeyedBackends<Long> after = KeyedBackends.create(rocks(), LongSerializer.INSTANCE, MAX_PARALLELISM, 1, v2)) {
            assertThatThrownBy(() -> AllKindsData.state(after.at(1L), value(1)))
                    .isInstanceOf(StateMigrationException.class)
                    .hasMessageContaining("'value'")
                    .hasMessageContaining("VersionedLongSerializer(v2)")
                    .hasMessageContaining("VersionedLongSerializer(v1)");
        }
    }

    /**
     * Longs in two formats: version 1 writes four bytes (an int), version 2 eight bytes, inverted.
     * Version 1 data is compatible with version 2 after migration.
     */
    static final class VersionedLongSerializer extends TypeSerializer<Long> {
        final int version;

        VersionedLongSerializer(int version) {
            this.version = version;
        }

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public TypeSerializer<Long> duplicate() {
            return this;
        }

        @Override
        public Long copy(Long from) {
            return from;
        }

        @Override
        public int getLength() {
            return version == 1 ? 4 : 8;
        }

        @Override
        public void serialize(Long record, DataOutputView target) throws IOException {
            if (version == 1) {
                target.writeInt(Math.toIntExact(record));
            } else {
                target.writeLong(~record);
            }
        }

        @Override
        public Long deserialize(DataInputView source) throws IOException {
            return version == 1 ? (long) source.readInt() : ~source.readLong();
        }

        @Override
        public TypeSerializerSnapshot<Long> snapshotConfiguration() {
            return new Snapshot(version);
        }

        @Override
        public boolean equals(Object obj) {
            return obj instanceof VersionedLongSerializer other && other.version == version;
        }

        @Override
        public int hashCode() {
            return version;
        }

        @Override
        public String toString() {
            return "VersionedLongSerializer(v" + version + ")";
        }

        /** Records the version; newer versions migrate older data. */
        public static final class Snapshot implements TypeSerializerSnapshot<Long> {
            private int version;

            /** For reflective restore. */
            public Snapshot() {}

            Snapshot(int version) {
                this.version = version;
            }

            @Override
            public int getCurrentVersion() {
                return 1;
            }

            @Override
            public void writeSnapshot(DataOutputView out) throws IOException {
                out.writeInt(version);
            }

            @Override
            public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException {
                version = in.readInt();
            }

            @Override
            public TypeSerializer<Long> restoreSerializer() {
                return new VersionedLongSerializer(version);
            }

            @Override
            public TypeSerializerSchemaCompatibility<Long> resolveSchemaCompatibility(TypeSerializer<Long> newSerializer) {
                if (!(newSerializer instanceof VersionedLongSerializer other) || other.version < version) {
                    return TypeSerializerSchemaCompatibility.incompatible("cannot read v" + version + " as " + newSerializer);
                }
                return other.version == version
                        ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                        : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
        }
    }
}
