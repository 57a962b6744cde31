package io.cairn.serialization;

import static io.cairn.serialization.SerializerContractTest.deserialize;
import static io.cairn.serialization.SerializerContractTest.serialize;
import static io.cairn.serialization.SnapshotTestUtil.oldSnapshotAs;
import static io.cairn.serialization.SnapshotTestUtil.readSnapshot;
import static io.cairn.serialization.SnapshotTestUtil.renameClass;
import static io.cairn.serialization.SnapshotTestUtil.writeSnapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Schema evolution: old snapshots are produced by writing the snapshot of a serializer over an
 * "old" class and renaming that class to the "current" one in the snapshot bytes.
 */
class SerializerCompatibilityTest {

    enum ColorV1 { RED, GREEN }

    enum ColorV2 { RED, GREEN, BLUE }

    enum ColorReordered { BLUE, GREEN, RED }

    enum ColorRemoved { RED, BLUE }

    record PaymentV1(String account, long amount) {}

    record PaymentAdded(String account, long amount, String currency, int retries, boolean urgent) {}

    record PaymentRemoved(String account) {}

    record PaymentReordered(long amount, String account) {}

    record PaymentTextAmount(String account, String amount) {}

    record PaymentBoxedAmount(String account, Long amount) {}

    record OrderV1(String id, ColorV1 color, List<Long> items) {}

    record OrderV2(String id, ColorV2 color, List<Long> items) {}

    @SuppressWarnings("unchecked") // tests deliberately offer serializers of another type
    private static <T> TypeSerializerSchemaCompatibility<T> resolve(
            TypeSerializerSnapshot<T> snapshot, TypeSerializer<?> newSerializer) {
        return snapshot.resolveSchemaCompatibility((TypeSerializer<T>) newSerializer);
    }

    // ---------------------------------------------------------------- simple types

    @Test
    void longVersusStringIsIncompatible() throws IOException {
        TypeSerializerSnapshot<Long> snapshot = readSnapshot(writeSnapshot(LongSerializer.INSTANCE));
        TypeSerializerSchemaCompatibility<Long> verdict = resolve(snapshot, StringSerializer.INSTANCE);
        assertThat(verdict.isIncompatible()).isTrue();
        assertThat(verdict.getReason()).contains("LongSerializer").contains("StringSerializer");
        assertThat(resolve(snapshot, LongSerializer.INSTANCE).isCompatibleAsIs()).isTrue();
    }

    // ---------------------------------------------------------------- enums

    @Test
    void enumWithAppendedConstantNeedsMigrationAndMapsByName() throws IOException {
        EnumSerializer<ColorV1> old = new EnumSerializer<>(ColorV1.class);
        byte[] green = serialize(old, ColorV1.GREEN);
        TypeSerializerSnapshot<ColorV2> snapshot = oldSnapshotAs(old, ColorV1.class, ColorV2.class);

        TypeSerializerSchemaCompatibility<ColorV2> verdict = resolve(snapshot, new EnumSerializer<>(ColorV2.class));
        assertThat(verdict.isCompatibleAfterMigration()).as("%s", verdict).isTrue();
        assertThat(deserialize(snapshot.restoreSerializer(), green)).isEqualTo(ColorV2.GREEN);
    }

    @Test
    void enumWithReorderedConstantsNeedsMigrationAndMapsByName() throws IOException {
        EnumSerializer<ColorV2> old = new EnumSerializer<>(ColorV2.class);
        TypeSerializerSnapshot<ColorReordered> snapshot = oldSnapshotAs(old, ColorV2.class, ColorReordered.class);

        assertThat(resolve(snapshot, new EnumSerializer<>(ColorReordered.class)).isCompatibleAfterMigration())
                .isTrue();
        TypeSerializer<ColorReordered> restore = snapshot.restoreSerializer();
        assertThat(deserialize(restore, serialize(old, ColorV2.RED))).isEqualTo(ColorReordered.RED);
        assertThat(deserialize(restore, serialize(old, ColorV2.GREEN))).isEqualTo(ColorReordered.GREEN);
        assertThat(deserialize(restore, serialize(old, ColorV2.BLUE))).isEqualTo(ColorReordered.BLUE);
        // migration: rewrite with the new serializer, which writes the new ordinals
        EnumSerializer<ColorReordered> current = new EnumSerializer<>(ColorReordered.class);
        assertThat(serialize(current, deserialize(restore, serialize(old, ColorV2.RED)))).containsExactly(0, 0, 0, 2);
    }

    @Test
    void enumWithRemovedConstantIsIncompatibleNamingIt() throws IOException {
        EnumSerializer<ColorV2> old = new EnumSerializer<>(ColorV2.class);
        TypeSerializerSnapshot<ColorRemoved> snapshot = oldSnapshotAs(old, ColorV2.class, ColorRemoved.class);

        TypeSerializerSchemaCompatibility<ColorRemoved> verdict =
                resolve(snapshot, new EnumSerializer<>(ColorRemoved.class));
        assertThat(verdict.isIncompatible()).isTrue();
        assertThat(verdict.getReason()).contains("GREEN");
        // the restore serializer still reads surviving constants and fails loudly on the removed one
        TypeSerializer<ColorRemoved> restore = snapshot.restoreSerializer();
        assertThat(deserialize(restore, serialize(old, ColorV2.BLUE))).isEqualTo(ColorRemoved.BLUE);
        assertThatThrownBy(() -> deserialize(restore, serialize(old, ColorV2.GREEN)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("GREEN");
    }

    @Test
    void differentEnumClassIsIncompatible() throws IOException {
        TypeSerializerSnapshot<ColorV1> snapshot = readSnapshot(writeSnapshot(new EnumSerializer<>(ColorV1.class)));
        assertThat(resolve(snapshot, new EnumSerializer<>(ColorV2.class)).isIncompatible()).isTrue();
        assertThat(resolve(snapshot, StringSerializer.INSTANCE).isIncompatible()).isTrue();
    }

    // ---------------------------------------------------------------- records

    @Test
    void sameRecordIsCompatibleAsIs() throws IOException {
        TypeSerializerSnapshot<PaymentV1> snapshot = readSnapshot(writeSnapshot(RecordSerializer.of(PaymentV1.class)));
        assertThat(resolve(snapshot, RecordSerializer.of(PaymentV1.class)).isCompatibleAsIs()).isTrue();
        assertThat(snapshot.restoreSerializer()).isEqualTo(RecordSerializer.of(PaymentV1.class));
    }

    @Test
    void differentRecordClassIsIncompatible() throws IOException {
        TypeSerializerSnapshot<PaymentV1> snapshot = readSnapshot(writeSnapshot(RecordSerializer.of(PaymentV1.class)));
        TypeSerializerSchemaCompatibility<PaymentV1> verdict = resolve(snapshot, RecordSerializer.of(PaymentAdded.class));
        assertThat(verdict.isIncompatible()).isTrue();
        assertThat(verdict.getReason()).contains(PaymentV1.class.getName()).contains(PaymentAdded.class.getName());
        assertThat(resolve(snapshot, LongSerializer.INSTANCE).isIncompatible()).isTrue();
    }

    @Test
    void addedComponentsNeedMigrationAndGetDefaults() throws IOException {
        RecordSerializer<PaymentV1> old = RecordSerializer.of(PaymentV1.class);
        byte[] bytes = serialize(old, new PaymentV1("acc", 42L));
        TypeSerializerSnapshot<PaymentAdded> snapshot = oldSnapshotAs(old, PaymentV1.class, PaymentAdded.class);

        RecordSerializer<PaymentAdded> current = RecordSerializer.of(PaymentAdded.class);
        TypeSerializerSchemaCompatibility<PaymentAdded> verdict = resolve(snapshot, current);
        assertThat(verdict.isCompatibleAfterMigration()).as("%s", verdict).isTrue();

        TypeSerializer<PaymentAdded> restore = snapshot.restoreSerializer();
        PaymentAdded migrated = deserialize(restore, bytes);
        assertThat(migrated).isEqualTo(new PaymentAdded("acc", 42L, null, 0, false));
        assertThat(deserialize(current, serialize(current, migrated))).isEqualTo(migrated);
        // a restore serializer for an old layout only reads
        assertThatThrownBy(() -> serialize(restore, migrated)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void removedComponentNeedsMigrationAndIsSkipped() throws IOException {
        RecordSerializer<PaymentV1> old = RecordSerializer.of(PaymentV1.class);
        DataOutputSerializer out = new DataOutputSerializer(32);
        old.serialize(new PaymentV1("first", 1L), out);
        old.serialize(new PaymentV1(null, 2L), out);
        TypeSerializerSnapshot<PaymentRemoved> snapshot = oldSnapshotAs(old, PaymentV1.class, PaymentRemoved.class);

        assertThat(resolve(snapshot, RecordSerializer.of(PaymentRemoved.class)).isCompatibleAfterMigration()).isTrue();
        TypeSerializer<PaymentRemoved> restore = snapshot.restoreSerializer();
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertThat(restore.deserialize(in)).isEqualTo(new PaymentRemoved("first"));
        assertThat(restore.deserialize(in)).isEqualTo(new PaymentRemoved(null));
        assertThat(in.available()).isZero();
    }

    @Test
    void reorderedComponentsNeedMigrationAndMapByName() throws IOException {
        RecordSerializer<PaymentV1> old = RecordSerializer.of(PaymentV1.class);
        byte[] bytes = serialize(old, new PaymentV1("acc", 7L));
        TypeSerializerSnapshot<PaymentReordered> snapshot =
                oldSnapshotAs(old, PaymentV1.class, PaymentReordered.class);

        assertThat(resolve(snapshot, RecordSerializer.of(PaymentReordered.class)).isCompatibleAfterMigration())
                .isTrue();
        assertThat(deserialize(snapshot.restoreSerializer(), bytes)).isEqualTo(new PaymentReordered(7L, "acc"));
    }

    @Test
    void primitiveToBoxedComponentNeedsMigration() throws IOException {
        RecordSerializer<PaymentV1> old = RecordSerializer.of(PaymentV1.class);
        byte[] bytes = serialize(old, new PaymentV1("acc", 7L));
        TypeSerializerSnapshot<PaymentBoxedAmount> snapshot =
                oldSnapshotAs(old, PaymentV1.class, PaymentBoxedAmount.class);

        assertThat(resolve(snapshot, RecordSerializer.of(PaymentBoxedAmount.class)).isCompatibleAfterMigration())
                .isTrue();
        assertThat(deserialize(snapshot.restoreSerializer(), bytes)).isEqualTo(new PaymentBoxedAmount("acc", 7L));
    }

    @Test
    void componentTypeChangeFromLongToStringIsIncompatibleNamingTheComponent() throws IOException {
        RecordSerializer<PaymentV1> old = RecordSerializer.of(PaymentV1.class);
        TypeSerializerSnapshot<PaymentTextAmount> snapshot =
                oldSnapshotAs(old, PaymentV1.class, PaymentTextAmount.class);

        TypeSerializerSchemaCompatibility<PaymentTextAmount> verdict =
                resolve(snapshot, RecordSerializer.of(PaymentTextAmount.class));
        assertThat(verdict.isIncompatible()).isTrue();
        assertThat(verdict.getReason())
                .contains("'amount'")
                .contains(PaymentTextAmount.class.getName())
                .contains("LongSerializer")
                .contains("StringSerializer");
    }

    @Test
    void nestedEnumEvolutionInsideRecordNeedsMigration() throws IOException {
        RecordSerializer<OrderV1> old = RecordSerializer.of(OrderV1.class);
        byte[] bytes = serialize(old, new OrderV1("o-1", ColorV1.GREEN, List.of(1L, 2L)));
        byte[] snapshotBytes = renameClass(
                renameClass(writeSnapshot(old), OrderV1.class, OrderV2.class), ColorV1.class, ColorV2.class);
        TypeSerializerSnapshot<OrderV2> snapshot = readSnapshot(snapshotBytes);

        assertThat(resolve(snapshot, RecordSerializer.of(OrderV2.class)).isCompatibleAfterMigration()).isTrue();
        assertThat(deserialize(snapshot.restoreSerializer(), bytes))
                .isEqualTo(new OrderV2("o-1", ColorV2.GREEN, List.of(1L, 2L)));
    }

    // ---------------------------------------------------------------- collections

    @Test
    void listOfLongVersusListOfStringIsIncompatible() throws IOException {
        TypeSerializerSnapshot<List<Long>> snapshot =
                readSnapshot(writeSnapshot(new ListSerializer<>(LongSerializer.INSTANCE)));
        TypeSerializerSchemaCompatibility<List<Long>> verdict =
                resolve(snapshot, new ListSerializer<>(StringSerializer.INSTANCE));
        assertThat(verdict.isIncompatible()).isTrue();
        assertThat(verdict.getReason()).startsWith("list element: ");
        assertThat(resolve(snapshot, new ListSerializer<>(LongSerializer.INSTANCE)).isCompatibleAsIs()).isTrue();
        assertThat(resolve(snapshot, LongSerializer.INSTANCE).isIncompatible()).isTrue();
    }

    @Test
    void listElementMigrationPropagates() throws IOException {
        ListSerializer<ColorV1> old = new ListSerializer<>(new EnumSerializer<>(ColorV1.class));
        byte[] bytes = serialize(old, List.of(ColorV1.GREEN, ColorV1.RED));
        TypeSerializerSnapshot<List<ColorV2>> snapshot = oldSnapshotAs(old, ColorV1.class, ColorV2.class);

        assertThat(resolve(snapshot, new ListSerializer<>(new EnumSerializer<>(ColorV2.class)))
                        .isCompatibleAfterMigration())
                .isTrue();
        assertThat(deserialize(snapshot.restoreSerializer(), bytes)).containsExactly(ColorV2.GREEN, ColorV2.RED);
    }

    @Test
    void mapCompatibilityIsTheWeakerOfKeyAndValue() throws IOException {
        MapSerializer<String, ColorV1> old = new MapSerializer<>(StringSerializer.INSTANCE, new EnumSerializer<>(ColorV1.class));
        byte[] bytes = serialize(old, Map.of("k", ColorV1.GREEN));
        TypeSerializerSnapshot<Map<String, ColorV2>> snapshot = oldSnapshotAs(old, ColorV1.class, ColorV2.class);

        assertThat(resolve(snapshot, new MapSerializer<>(StringSerializer.INSTANCE, new EnumSerializer<>(ColorV2.class)))
                        .isCompatibleAfterMigration())
                .isTrue();
        assertThat(deserialize(snapshot.restoreSerializer(), bytes)).isEqualTo(Map.of("k", ColorV2.GREEN));

        TypeSerializerSchemaCompatibility<Map<String, ColorV2>> keyChanged =
                resolve(snapshot, new MapSerializer<>(LongSerializer.INSTANCE, new EnumSerializer<>(ColorV2.class)));
        assertThat(keyChanged.isIncompatible()).isTrue();
        assertThat(keyChanged.getReason()).startsWith("map key: ");

        TypeSerializerSchemaCompatibility<Map<String, ColorV2>> valueChanged =
                resolve(snapshot, new MapSerializer<>(StringSerializer.INSTANCE, LongSerializer.INSTANCE));
        assertThat(valueChanged.isIncompatible()).isTrue();
        assertThat(valueChanged.getReason()).startsWith("map value: ");
    }
}
