package io.cairn.serialization;

import java.io.IOException;

/**
 * A point-in-time description of a {@link TypeSerializer}'s format, written into every state
 * snapshot next to the data. On restore it is read back, provides a serializer that can read the old
 * data ({@link #restoreSerializer()}), and decides whether the program's new serializer can take
 * over ({@link #resolveSchemaCompatibility}).
 *
 * <p>Implementations need a public no-argument constructor: the snapshot class is written by name
 * and instantiated reflectively before {@link #readSnapshot} fills it in.
 *
 * @param <T> the type of the values the described serializer handles
 */
public interface TypeSerializerSnapshot<T> {

    /**
     * The version of this snapshot's own layout, written before the snapshot content.
     *
     * @return the current version, at least 1
     */
    int getCurrentVersion();

    /**
     * Writes the snapshot content.
     *
     * @param out where to write
     * @throws IOException if writing fails
     */
    void writeSnapshot(DataOutputView out) throws IOException;

    /**
     * Reads content written by {@link #writeSnapshot} at the given version.
     *
     * @param readVersion the version the content was written with
     * @param in where to read
     * @param userCodeClassLoader the class loader for classes named in the content
     * @throws IOException if the content is malformed, or the version is not supported
     */
    void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException;

    /**
     * Returns a serializer that reads data written with the described serializer.
     *
     * @return the restore serializer
     */
    TypeSerializer<T> restoreSerializer();

    /**
     * Decides whether {@code newSerializer} can read and write state written with the described
     * serializer.
     *
     * @param newSerializer the serializer the restoring program registered
     * @return compatible as-is, compatible after migration, or incompatible
     */
    TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializer<T> newSerializer);
}
