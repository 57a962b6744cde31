package io.cairn.serialization;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Serializes non-null instances of a {@link Record} class component by component, reading them
 * back through the canonical constructor. Primitive components are written bare; every reference
 * component is preceded by a null flag byte, so it may be null.
 *
 * <p>The snapshot records the class name and each component's name, primitive-ness and serializer
 * snapshot. When components are added, removed or reordered, the restore serializer reads the old
 * layout and builds instances of the current class (added components get null, 0 or false).
 *
 * @param <R> the record type
 */
public final class RecordSerializer<R extends Record> extends TypeSerializer<R> {

    /** One component as laid out on the wire; {@code target} is its index in the current class, or -1. */
    private record WireField(String name, boolean primitive, TypeSerializer<Object> serializer, int target) {}

    private final Shape<R> shape;
    private final WireField[] fields;
    /** True if {@link #fields} are exactly the current components, in order. */
    private final boolean currentLayout;
    private final boolean immutable;
    private final int length;

    /**
     * Creates a serializer with one serializer per record component, in declaration order.
     *
     * @param type the record class
     * @param componentSerializers the component serializers; primitive components need the boxed serializer
     * @throws IllegalArgumentException if {@code type} is not a record, the counts differ, or the class is not accessible
     */
    public RecordSerializer(Class<R> type, TypeSerializer<?>... componentSerializers) {
        this(new Shape<>(type), componentSerializers);
    }

    private RecordSerializer(Shape<R> shape, TypeSerializer<?>[] componentSerializers) {
        this(shape, currentFields(shape, componentSerializers));
    }

    private RecordSerializer(Shape<R> shape, WireField[] fields) {
        this.shape = shape;
        this.fields = fields;
        boolean current = fields.length == shape.names.length;
        boolean allImmutable = true;
        int total = 0;
        for (int i = 0; i < fields.length; i++) {
            WireField f = fields[i];
            current &= f.target == i && f.primitive == shape.primitive[i] && f.name.equals(shape.names[i]);
            allImmutable &= f.serializer.isImmutableType();
            int fieldLength = f.serializer.getLength();
            total = f.primitive && fieldLength >= 0 && total >= 0 ? total + fieldLength : -1;
        }
        this.currentLayout = current;
        this.immutable = allImmutable;
        this.length = total;
    }

    private static WireField[] currentFields(Shape<?> shape, TypeSerializer<?>[] serializers) {
        Objects.requireNonNull(serializers, "componentSerializers");
        if (serializers.length != shape.names.length) {
            throw new IllegalArgumentException("record " + shape.type.getName() + " has " + shape.names.length
                    + " components but " + serializers.length + " serializers were given");
        }
        WireField[] result = new WireField[serializers.length];
        for (int i = 0; i < serializers.length; i++) {
            if (serializers[i] == null) {
                throw new NullPointerException("serializer of component '" + shape.names[i] + "' of record "
                        + shape.type.getName() + " is null");
            }
            result[i] = new WireField(shape.names[i], shape.primitive[i], erase(serializers[i]), i);
        }
        return result;
    }

    @SuppressWarnings("unchecked") // component values are type-checked by the accessor and constructor handles
    private static TypeSerializer<Object> erase(TypeSerializer<?> serializer) {
        return (TypeSerializer<Object>) serializer;
    }

    /**
     * Creates a serializer for {@code type}, deriving each component's serializer with
     * {@link Serializers#forType}.
     *
     * @param type the record class
     * @param <R> the record type
     * @return the serializer
     * @throws IllegalArgumentException if a component's type has no built-in serializer (the message
     *     names the record class, the component and its type)
     */
    public static <R extends Record> RecordSerializer<R> of(Class<R> type) {
        return of(type, new ArrayDeque<>());
    }

    static <R extends Record> RecordSerializer<R> of(Class<R> type, Deque<Class<?>> inProgress) {
        if (inProgress.contains(type)) {
            throw new IllegalArgumentException("record " + type.getName()
                    + " contains itself; recursive records need a TypeSerializer passed explicitly");
        }
        Shape<R> shape = new Shape<>(type);
        inProgress.push(type);
        try {
            TypeSerializer<?>[] serializers = new TypeSerializer<?>[shape.names.length];
            RecordComponent[] components = type.getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                try {
                    serializers[i] = Serializers.forType(components[i].getGenericType(), inProgress);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("record " + type.getName() + ": component '"
                            + components[i].getName() + "' of type " + components[i].getGenericType().getTypeName()
                            + " has no built-in serializer: " + e.getMessage(), e);
                }
            }
            return new RecordSerializer<>(shape, serializers);
        } finally {
            inProgress.pop();
        }
    }

    /** @return the record class this serializer builds */
    public Class<R> getRecordClass() {
        return shape.type;
    }

    /** @return the serializers of the components in wire order (declaration order unless restored from an older layout) */
    public List<TypeSerializer<?>> getComponentSerializers() {
        List<TypeSerializer<?>> result = new ArrayList<>(fields.length);
        for (WireField f : fields) {
            result.add(f.serializer);
        }
        return Collections.unmodifiableList(result);
    }

    /** @return true if every component serializer is immutable (records themselves are shallowly immutable) */
    @Override
    public boolean isImmutableType() {
        return immutable;
    }

    /** @return this if every component serializer is stateless, otherwise a serializer over their duplicates */
    @Override
    public RecordSerializer<R> duplicate() {
        WireField[] duplicates = new WireField[fields.length];
        boolean same = true;
        for (int i = 0; i < fields.length; i++) {
            WireField f = fields[i];
            TypeSerializer<Object> d = f.serializer.duplicate();
            same &= d == f.serializer;
            duplicates[i] = new WireField(f.name, f.primitive, d, f.target);
        }
        return same ? this : new RecordSerializer<>(shape, duplicates);
    }

    /** @return {@code from} if the type is immutable, otherwise a new record with deep-copied components */
    @Override
    public R copy(R from) {
        if (from == null || immutable) {
            return from;
        }
        Object[] args = new Object[shape.names.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = shape.get(i, from);
        }
        for (WireField f : fields) {
            if (f.target >= 0 && args[f.target] != null) {
                args[f.target] = f.serializer.copy(args[f.target]);
            }
        }
        try {
            return shape.construct(args);
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy " + from, e);
        }
    }

    /** @return the sum of the component lengths if all are primitive and fixed-length, otherwise -1 */
    @Override
    public int getLength() {
        return length;
    }

    /**
     * Writes each component; reference components are preceded by a null flag.
     *
     * @throws NullPointerException if {@code record} is null
     * @throws UnsupportedOperationException if this serializer was restored for an older layout
     */
    @Override
    public void serialize(R record, DataOutputView target) throws IOException {
        if (record == null) {
            throw SerializerSupport.nullValue(this);
        }
        if (!currentLayout) {
            throw new UnsupportedOperationException(this + " was restored to read an older layout of "
                    + shape.type.getName() + " and cannot write; write with the current serializer");
        }
        for (int i = 0; i < fields.length; i++) {
            WireField f = fields[i];
            Object value = shape.get(i, record);
            if (f.primitive) {
                f.serializer.serialize(value, target);
            } else if (value == null) {
                target.writeBoolean(true);
            } else {
                target.writeBoolean(false);
                f.serializer.serialize(value, target);
            }
        }
    }

    /** Reads the components in wire order and invokes the canonical constructor of the current class. */
    @Override
    public R deserialize(DataInputView source) throws IOException {
        Object[] args = shape.defaults.clone();
        for (WireField f : fields) {
            Object value;
            if (f.primitive || !source.readBoolean()) {
                value = f.serializer.deserialize(source);
            } else {
                value = null;
            }
            if (f.target >= 0) {
                if (value == null && shape.primitive[f.target]) {
                    throw new IOException("component '" + f.name + "' of record " + shape.type.getName()
                            + " is null in the stored data but is primitive now");
                }
                args[f.target] = value;
            }
        }
        return shape.construct(args);
    }

    /** @return a snapshot recording the record class name and each component's name and serializer snapshot */
    @Override
    public Snapshot<R> snapshotConfiguration() {
        List<ComponentSnapshot> components = new ArrayList<>(fields.length);
        for (WireField f : fields) {
            components.add(new ComponentSnapshot(f.name, f.primitive, f.serializer.snapshotConfiguration()));
        }
        return new Snapshot<>(shape.type, components);
    }

    /** @return true if {@code obj} builds the same record class from the same layout and equal serializers */
    @Override
    public boolean equals(Object obj) {
        if (this == obj) {
            return true;
        }
        return obj instanceof RecordSerializer<?> other
                && shape.type == other.shape.type
                && Arrays.equals(fields, other.fields);
    }

    /** @return a hash code consistent with {@link #equals} */
    @Override
    public int hashCode() {
        return 31 * shape.type.hashCode() + Arrays.hashCode(fields);
    }

    /** @return e.g. {@code RecordSerializer<com.x.Payment>} */
    @Override
    public String toString() {
        return "RecordSerializer<" + shape.type.getName() + ">";
    }

    /** The reflective view of a record class, resolved once and shared by duplicates. */
    private static final class Shape<R extends Record> {
        final Class<R> type;
        final String[] names;
        final boolean[] primitive;
        /** Constructor arguments for components absent from the stored data: null, 0 or false. */
        final Object[] defaults;
        /** Each accessor adapted to {@code (Object) -> Object}. */
        final MethodHandle[] accessors;
        /** The canonical constructor adapted to {@code (Object[]) -> Object}. */
        final MethodHandle constructor;

        Shape(Class<R> type) {
            Objects.requireNonNull(type, "type");
            if (!type.isRecord()) {
                throw new IllegalArgumentException(type.getName() + " is not a record class");
            }
            RecordComponent[] components = type.getRecordComponents();
            int n = components.length;
            this.type = type;
            this.names = new String[n];
            this.primitive = new boolean[n];
            this.defaults = new Object[n];
            this.accessors = new MethodHandle[n];
            Class<?>[] types = new Class<?>[n];
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodType accessorType = MethodType.methodType(Object.class, Object.class);
            try {
                for (int i = 0; i < n; i++) {
                    RecordComponent c = components[i];
                    names[i] = c.getName();
                    types[i] = c.getType();
                    primitive[i] = types[i].isPrimitive();
                    defaults[i] = primitive[i] ? Array.get(Array.newInstance(types[i], 1), 0) : null;
                    Method accessor = c.getAccessor();
                    makeAccessible(accessor);
                    accessors[i] = lookup.unreflect(accessor).asType(accessorType);
                }
                Constructor<R> canonical = type.getDeclaredConstructor(types);
                makeAccessible(canonical);
                this.constructor = lookup.unreflectConstructor(canonical)
                        .asSpreader(Object[].class, n)
                        .asType(MethodType.methodType(Object.class, Object[].class));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                throw new IllegalArgumentException("record " + type.getName()
                        + " is not accessible to Cairn's RecordSerializer: " + e.getMessage(), e);
            }
        }

        private static void makeAccessible(AccessibleObject member) {
            // works for classes on the class path; for inaccessible modules unreflect reports the problem
            member.trySetAccessible();
        }

        Object get(int component, R record) {
            try {
                return (Object) accessors[component].invokeExact((Object) record);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("accessor of component '" + names[component] + "' of "
                        + type.getName() + " failed", t);
            }
        }

        R construct(Object[] args) throws IOException {
            try {
                return type.cast((Object) constructor.invokeExact(args));
            } catch (Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IOException("cannot construct record " + type.getName() + " from components "
                        + Arrays.toString(names) + ": " + t, t);
            }
        }
    }

    /** One component of a {@link Snapshot}. */
    private record ComponentSnapshot(String name, boolean primitive, TypeSerializerSnapshot<Object> snapshot) {}

    /**
     * The snapshot of a {@link RecordSerializer}: the record class name and, for each component in
     * wire order, its name, whether it is primitive (no null flag), and its serializer snapshot.
     *
     * @param <R> the record type
     */
    public static final class Snapshot<R extends Record> implements TypeSerializerSnapshot<R> {

        private Class<R> recordClass;
        private List<ComponentSnapshot> components;

        /** Creates an empty snapshot; used reflectively before {@link #readSnapshot}. */
        public Snapshot() {}

        private Snapshot(Class<R> recordClass, List<ComponentSnapshot> components) {
            this.recordClass = recordClass;
            this.components = components;
        }

        /** @return 1 */
        @Override
        public int getCurrentVersion() {
            return 1;
        }

        /** Writes the record class name, then each component's name, primitive flag and snapshot. */
        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(recordClass.getName());
            out.writeInt(components.size());
            for (ComponentSnapshot c : components) {
                out.writeUTF(c.name);
                out.writeBoolean(c.primitive);
                TypeSerializerSnapshots.write(out, c.snapshot);
            }
        }

        /** Reads the content and loads the record class with {@code userCodeClassLoader}. */
        @Override
        @SuppressWarnings("unchecked") // checked: isRecord() below, and R is erased at runtime
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader)
                throws IOException {
            String className = in.readUTF();
            Class<?> type;
            try {
                type = Class.forName(className, false, userCodeClassLoader);
            } catch (ClassNotFoundException e) {
                throw new IOException("record class '" + className + "' of a RecordSerializer snapshot not found", e);
            }
            if (!type.isRecord()) {
                throw new IOException("class '" + className + "' of a RecordSerializer snapshot is not a record");
            }
            int count = SerializerSupport.readSize(in, "RecordSerializer.Snapshot");
            List<ComponentSnapshot> read = new ArrayList<>(SerializerSupport.safeCapacity(count));
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                boolean primitive = in.readBoolean();
                TypeSerializerSnapshot<Object> snapshot = TypeSerializerSnapshots.read(in, userCodeClassLoader);
                read.add(new ComponentSnapshot(name, primitive, snapshot));
            }
            this.recordClass = (Class<R>) type;
            this.components = read;
        }

        /**
         * Returns a serializer that reads the recorded layout into the current record class: stored
         * components are matched by name, removed ones are skipped, added ones get null, 0 or false.
         */
        @Override
        public RecordSerializer<R> restoreSerializer() {
            Shape<R> shape = new Shape<>(recordClass);
            Map<String, Integer> indexByName = new HashMap<>();
            for (int i = 0; i < shape.names.length; i++) {
                indexByName.put(shape.names[i], i);
            }
            WireField[] fields = new WireField[components.size()];
            for (int i = 0; i < fields.length; i++) {
                ComponentSnapshot c = components.get(i);
                fields[i] = new WireField(c.name, c.primitive, c.snapshot.restoreSerializer(),
                        indexByName.getOrDefault(c.name, -1));
            }
            return new RecordSerializer<>(shape, fields);
        }

        /**
         * Different class or a component with an incompatible serializer: incompatible; components
         * added, removed, reordered, or needing migration: after migration; otherwise as-is.
         */
        @Override
        public TypeSerializerSchemaCompatibility<R> resolveSchemaCompatibility(TypeSerializer<R> newSerializer) {
            String className = recordClass.getName();
            if (!(newSerializer instanceof RecordSerializer<R> other)) {
                return TypeSerializerSchemaCompatibility.incompatible("state was written with RecordSerializer<"
                        + className + "> but is read with " + newSerializer);
            }
            if (!other.shape.type.getName().equals(className)) {
                return TypeSerializerSchemaCompatibility.incompatible("state was written for record " + className
                        + " but is read for record " + other.shape.type.getName());
            }
            Map<String, WireField> newByName = new HashMap<>();
            for (WireField f : other.fields) {
                newByName.put(f.name, f);
            }
            boolean migrate = components.size() != other.fields.length;
            for (int i = 0; i < components.size(); i++) {
                ComponentSnapshot old = components.get(i);
                WireField now = newByName.get(old.name);
                if (now == null) {
                    migrate = true; // removed: its stored bytes are skipped
                    continue;
                }
                if (i >= other.fields.length || !other.fields[i].name.equals(old.name)
                        || now.primitive != old.primitive) {
                    migrate = true; // moved, or switched between primitive and boxed (null flag)
                }
                TypeSerializerSchemaCompatibility<Object> verdict =
                        old.snapshot.resolveSchemaCompatibility(now.serializer);
                if (verdict.isIncompatible()) {
                    return TypeSerializerSchemaCompatibility.incompatible("record " + className + ", component '"
                            + old.name + "': " + verdict.getReason());
                }
                migrate |= verdict.isCompatibleAfterMigration();
            }
            return migrate
                    ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                    : TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
    }
}
