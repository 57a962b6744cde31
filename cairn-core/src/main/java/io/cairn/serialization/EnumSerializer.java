package io.cairn.serialization;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Serializes non-null enum constants as a 4-byte index into the list of constant names recorded
 * in the snapshot. A serializer restored from an old snapshot maps old indexes to the current
 * constants by name, so appending or reordering constants only needs a migration.
 *
 * @param <E> the enum type
 */
public final class EnumSerializer<E extends Enum<E>> extends TypeSerializer<E> {

    private final Class<E> enumClass;
    /** The constant names in wire order: index {@code i} on the wire means {@code names[i]}. */
    private final String[] names;
    /** The current constant for each wire index, or null where the name no longer exists. */
    private final E[] constants;
    /** For each current ordinal, its wire index, or -1 if the wire order does not contain it. */
    private final int[] indexByOrdinal;

    /**
     * Creates a serializer that writes the constants' ordinals.
     *
     * @param enumClass the enum class
     * @throws IllegalArgumentException if {@code enumClass} is not an enum
     */
    public EnumSerializer(Class<E> enumClass) {
        this(enumClass, namesOf(enumClass));
    }

    /** Creates a serializer whose wire order is {@code names}, mapped by name onto {@code enumClass}. */
    EnumSerializer(Class<E> enumClass, String[] names) {
        this.enumClass = Objects.requireNonNull(enumClass, "enumClass");
        this.names = names.clone();
        E[] current = enumClass.getEnumConstants();
        Map<String, E> byName = new HashMap<>();
        for (E e : current) {
            byName.put(e.name(), e);
        }
        this.constants = Arrays.copyOf(current, names.length);
        this.indexByOrdinal = new int[current.length];
        Arrays.fill(indexByOrdinal, -1);
        for (int i = 0; i < names.length; i++) {
            E e = byName.get(names[i]);
            constants[i] = e;
            if (e != null) {
                indexByOrdinal[e.ordinal()] = i;
            }
        }
    }

    private static String[] namesOf(Class<?> enumClass) {
        if (enumClass == null || !enumClass.isEnum()) {
            throw new IllegalArgumentException("not an enum class: " + enumClass);
        }
        Object[] values = enumClass.getEnumConstants();
        String[] result = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = ((Enum<?>) values[i]).name();
        }
        return result;
    }

    /** @return the enum class this serializer handles */
    public Class<E> getEnumClass() {
        return enumClass;
    }

    /** @return true: enum constants are treated as immutable */
    @Override
    public boolean isImmutableType() {
        return true;
    }

    /** @return this stateless serializer */
    @Override
    public EnumSerializer<E> duplicate() {
        return this;
    }

    /** @return {@code from} itself */
    @Override
    public E copy(E from) {
        return from;
    }

    /** @return 4, the fixed serialized length */
    @Override
    public int getLength() {
        return 4;
    }

    /**
     * Writes the constant's index.
     *
     * @throws NullPointerException if {@code record} is null
     * @throws IllegalArgumentException if the constant is not part of this serializer's wire order
     */
    @Override
    public void serialize(E record, DataOutputView target) throws IOException {
        if (record == null) {
            throw SerializerSupport.nullValue(this);
        }
        int index = indexByOrdinal[record.ordinal()];
        if (index < 0) {
            throw new IllegalArgumentException(
                    this + " cannot write constant " + record.name() + ": it is not in the restored constant list");
        }
        target.writeInt(index);
    }

    /** Reads a constant written by {@link #serialize}, mapping old indexes by name. */
    @Override
    public E deserialize(DataInputView source) throws IOException {
        int index = source.readInt();
        if (index < 0 || index >= constants.length) {
            throw new IOException(this + " read invalid constant index " + index + " (constants: "
                    + Arrays.toString(names) + ")");
        }
        E result = constants[index];
        if (result == null) {
            throw new IOException("enum constant " + names[index] + " no longer exists in " + enumClass.getName());
        }
        return result;
    }

    /** @return a snapshot recording the enum class name and the constant names in wire order */
    @Override
    public Snapshot<E> snapshotConfiguration() {
        return new Snapshot<>(enumClass, names);
    }

    /** @return true if {@code obj} handles the same enum class with the same wire order */
    @Override
    public boolean equals(Object obj) {
        if (this == obj) {
            return true;
        }
        if (!(obj instanceof EnumSerializer<?>)) {
            return false;
        }
        EnumSerializer<?> other = (EnumSerializer<?>) obj;
        return enumClass == other.enumClass && Arrays.equals(names, other.names);
    }

    /** @return a hash code consistent with {@link #equals} */
    @Override
    public int hashCode() {
        return 31 * enumClass.hashCode() + Arrays.hashCode(names);
    }

    /** @return e.g. {@code EnumSerializer<com.x.Color>} */
    @Override
    public String toString() {
        return "EnumSerializer<" + enumClass.getName() + ">";
    }

    /**
     * The snapshot of an {@link EnumSerializer}: the enum class name and the constant names in the
     * order their indexes were written.
     *
     * @param <E> the enum type
     */
    public static final class Snapshot<E extends Enum<E>> implements TypeSerializerSnapshot<E> {

        private Class<E> enumClass;
        private String[] names;

        /** Creates an empty snapshot; used reflectively before {@link #readSnapshot}. */
        public Snapshot() {}

        Snapshot(Class<E> enumClass, String[] names) {
            this.enumClass = enumClass;
            this.names = names.clone();
        }

        /** @return 1 */
        @Override
        public int getCurrentVersion() {
            return 1;
        }

        /** Writes the enum class name and the constant names. */
        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(enumClass.getName());
            out.writeInt(names.length);
            for (String name : names) {
                out.writeUTF(name);
            }
        }

        /** Reads the content and loads the enum class with {@code userCodeClassLoader}. */
        @Override
        @SuppressWarnings("unchecked") // checked: isEnum() below, and E is erased at runtime
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader)
                throws IOException {
            String className = in.readUTF();
            Class<?> type;
            try {
                type = Class.forName(className, false, userCodeClassLoader);
            } catch (ClassNotFoundException e) {
                throw new IOException("enum class '" + className + "' of an EnumSerializer snapshot not found", e);
            }
            if (!type.isEnum()) {
                throw new IOException("class '" + className + "' of an EnumSerializer snapshot is not an enum");
            }
            int count = SerializerSupport.readSize(in, "EnumSerializer.Snapshot");
            List<String> read = new ArrayList<>(SerializerSupport.safeCapacity(count));
            for (int i = 0; i < count; i++) {
                read.add(in.readUTF());
            }
            this.enumClass = (Class<E>) type;
            this.names = read.toArray(new String[0]);
        }

        /** @return a serializer that reads the recorded indexes and maps them to current constants by name */
        @Override
        public EnumSerializer<E> restoreSerializer() {
            return new EnumSerializer<>(enumClass, names);
        }

        /**
         * Same class and constant order: as-is; all recorded names still present: after migration;
         * a missing name or another class: incompatible.
         */
        @Override
        public TypeSerializerSchemaCompatibility<E> resolveSchemaCompatibility(TypeSerializer<E> newSerializer) {
            if (!(newSerializer instanceof EnumSerializer<E> other)) {
                return TypeSerializerSchemaCompatibility.incompatible(
                        "state was written with EnumSerializer<" + enumClass.getName() + "> but is read with "
                                + newSerializer);
            }
            if (!other.enumClass.getName().equals(enumClass.getName())) {
                return TypeSerializerSchemaCompatibility.incompatible("state was written with enum "
                        + enumClass.getName() + " but is read with enum " + other.enumClass.getName());
            }
            if (Arrays.equals(names, other.names)) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            List<String> current = Arrays.asList(other.names);
            for (String name : names) {
                if (!current.contains(name)) {
                    return TypeSerializerSchemaCompatibility.incompatible("enum constant " + name
                            + " was removed from " + enumClass.getName() + " but may occur in the state");
                }
            }
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
    }
}
