package io.cairn.serialization;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;

/**
 * Writes and reads {@link TypeSerializerSnapshot}s in the self-describing form used inside every
 * Cairn snapshot:
 *
 * <pre>
 *   UTF    snapshot class name
 *   int    snapshot version
 *   bytes  snapshot content (written by the snapshot itself)
 * </pre>
 */
public final class TypeSerializerSnapshots {

    private TypeSerializerSnapshots() {}

    /**
     * Writes a serializer's snapshot.
     *
     * @param out where to write
     * @param snapshot the snapshot to write
     * @throws IOException if writing fails
     */
    public static void write(DataOutputView out, TypeSerializerSnapshot<?> snapshot) throws IOException {
        out.writeUTF(snapshot.getClass().getName());
        out.writeInt(snapshot.getCurrentVersion());
        snapshot.writeSnapshot(out);
    }

    /**
     * Reads a snapshot written by {@link #write}.
     *
     * @param in where to read
     * @param classLoader the class loader for the snapshot class and classes it names
     * @param <T> the value type
     * @return the snapshot
     * @throws IOException if the class is unknown, cannot be instantiated, or the content is malformed
     */
    @SuppressWarnings("unchecked")
    public static <T> TypeSerializerSnapshot<T> read(DataInputView in, ClassLoader classLoader) throws IOException {
        String className = in.readUTF();
        int version = in.readInt();
        Class<?> type;
        try {
            type = Class.forName(className, false, classLoader);
        } catch (ClassNotFoundException e) {
            throw new IOException("unknown serializer snapshot class '" + className + "'", e);
        }
        if (!TypeSerializerSnapshot.class.isAssignableFrom(type)) {
            throw new IOException("class '" + className + "' is not a TypeSerializerSnapshot");
        }
        TypeSerializerSnapshot<T> snapshot;
        try {
            snapshot = (TypeSerializerSnapshot<T>) type.getDeclaredConstructor().newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException
                | InvocationTargetException e) {
            throw new IOException(
                    "serializer snapshot class '" + className + "' needs a public no-argument constructor", e);
        }
        if (version < 1 || version > snapshot.getCurrentVersion()) {
            throw new IOException("serializer snapshot '" + className + "' has unsupported version " + version
                    + " (this build reads versions 1.." + snapshot.getCurrentVersion() + ")");
        }
        snapshot.readSnapshot(version, in, classLoader);
        return snapshot;
    }
}
