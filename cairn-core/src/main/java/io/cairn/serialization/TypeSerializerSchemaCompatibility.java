package io.cairn.serialization;

import java.util.Objects;

/**
 * The verdict of {@link TypeSerializerSnapshot#resolveSchemaCompatibility}: whether a new serializer
 * can take over state written by an old one.
 *
 * @param <T> the type of the values the serializers handle
 */
public final class TypeSerializerSchemaCompatibility<T> {

    /** The three possible verdicts. */
    public enum Type {
        /** The new serializer reads the old bytes unchanged. */
        COMPATIBLE_AS_IS,
        /** The old bytes must be read with the restore serializer and rewritten with the new one. */
        COMPATIBLE_AFTER_MIGRATION,
        /** The new serializer cannot take over; restoring must fail. */
        INCOMPATIBLE
    }

    private final Type type;
    private final String reason;

    private TypeSerializerSchemaCompatibility(Type type, String reason) {
        this.type = type;
        this.reason = reason;
    }

    /**
     * @param <T> the value type
     * @return the compatible-as-is verdict
     */
    public static <T> TypeSerializerSchemaCompatibility<T> compatibleAsIs() {
        return new TypeSerializerSchemaCompatibility<>(Type.COMPATIBLE_AS_IS, "");
    }

    /**
     * @param <T> the value type
     * @return the compatible-after-migration verdict
     */
    public static <T> TypeSerializerSchemaCompatibility<T> compatibleAfterMigration() {
        return new TypeSerializerSchemaCompatibility<>(Type.COMPATIBLE_AFTER_MIGRATION, "");
    }

    /**
     * @param reason why the serializers are incompatible, shown to users
     * @param <T> the value type
     * @return the incompatible verdict
     */
    public static <T> TypeSerializerSchemaCompatibility<T> incompatible(String reason) {
        return new TypeSerializerSchemaCompatibility<>(Type.INCOMPATIBLE, Objects.requireNonNull(reason, "reason"));
    }

    /** @return the verdict */
    public Type getType() {
        return type;
    }

    /** @return why the serializers are incompatible, or an empty string */
    public String getReason() {
        return reason;
    }

    /** @return true if the new serializer reads the old bytes unchanged */
    public boolean isCompatibleAsIs() {
        return type == Type.COMPATIBLE_AS_IS;
    }

    /** @return true if state must be migrated */
    public boolean isCompatibleAfterMigration() {
        return type == Type.COMPATIBLE_AFTER_MIGRATION;
    }

    /** @return true if restoring must fail */
    public boolean isIncompatible() {
        return type == Type.INCOMPATIBLE;
    }

    @Override
    public String toString() {
        return reason.isEmpty() ? type.name() : type.name() + " (" + reason + ")";
    }
}
