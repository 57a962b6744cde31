package io.cairn.serialization;

import java.io.IOException;

/**
 * Turns values of one type into bytes and back, and describes itself with a
 * {@link TypeSerializerSnapshot} so that state written by one version of a program can be checked
 * and, where possible, migrated when read by another.
 *
 * <p>A serializer may keep mutable scratch state; such a serializer must return a fresh instance
 * from {@link #duplicate()}, and each thread must use its own duplicate. Stateless serializers
 * return {@code this}.
 *
 * @param <T> the type of the values this serializer handles
 */
public abstract class TypeSerializer<T> {

    /** Creates a serializer. */
    protected TypeSerializer() {}

    /**
     * Whether values of this type can never change after construction. State backends use this to
     * skip defensive copies.
     *
     * @return true if values are immutable
     */
    public abstract boolean isImmutableType();

    /**
     * Returns a serializer equivalent to this one that is safe to use from another thread.
     *
     * @return {@code this} if the serializer is stateless, otherwise a deep copy
     */
    public abstract TypeSerializer<T> duplicate();

    /**
     * Returns a deep copy of {@code from}; immutable types may return {@code from} itself.
     *
     * @param from the value to copy, may be {@code null} if the serializer supports nulls
     * @return the copy
     */
    public abstract T copy(T from);

    /**
     * Returns the fixed serialized length of every value, or -1 if the length varies.
     *
     * @return the length in bytes, or -1
     */
    public abstract int getLength();

    /**
     * Writes {@code record} to {@code target}.
     *
     * @param record the value to write
     * @param target where to write
     * @throws IOException if writing fails
     * @throws NullPointerException if {@code record} is null and this serializer does not accept nulls
     */
    public abstract void serialize(T record, DataOutputView target) throws IOException;

    /**
     * Reads one value written by {@link #serialize}.
     *
     * @param source where to read
     * @return the value
     * @throws IOException if reading fails or the data is malformed
     */
    public abstract T deserialize(DataInputView source) throws IOException;

    /**
     * Describes this serializer's format so it can be written into every snapshot.
     *
     * @return a snapshot of this serializer's configuration
     */
    public abstract TypeSerializerSnapshot<T> snapshotConfiguration();

    /**
     * Two serializers are equal when they read and write the same format.
     *
     * @param obj the other object
     * @return true if both serializers are interchangeable
     */
    @Override
    public abstract boolean equals(Object obj);

    @Override
    public abstract int hashCode();

    /** @return a short human-readable description, used in error messages */
    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
