package io.cairn.serialization;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * The snapshot of a serializer that has no configuration: the serializer's identity is its class.
 * It is compatible as-is with a new serializer of the same class and incompatible otherwise.
 *
 * <p>Subclasses pass a supplier of the serializer singleton and keep a public no-argument
 * constructor.
 *
 * @param <T> the value type
 */
public abstract class SimpleTypeSerializerSnapshot<T> implements TypeSerializerSnapshot<T> {

    private final Supplier<? extends TypeSerializer<T>> serializerSupplier;

    /**
     * @param serializerSupplier supplies the serializer this snapshot describes
     */
    protected SimpleTypeSerializerSnapshot(Supplier<? extends TypeSerializer<T>> serializerSupplier) {
        this.serializerSupplier = serializerSupplier;
    }

    @Override
    public int getCurrentVersion() {
        return 1;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        // nothing to write: the class is the whole configuration
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) {
        // nothing to read: the class is the whole configuration
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        return serializerSupplier.get();
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializer<T> newSerializer) {
        TypeSerializer<T> old = serializerSupplier.get();
        return newSerializer.getClass() == old.getClass()
                ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                : TypeSerializerSchemaCompatibility.incompatible(
                        "state was written with " + old + " but is read with " + newSerializer);
    }
}
