package io.cairn.serialization;

import java.io.IOException;

/**
 * Turns a value into versioned bytes and back; used for state that is stored as an opaque blob,
 * such as master hook state.
 *
 * @param <T> the value type
 */
public interface SimpleVersionedSerializer<T> {

    /** @return the version {@link #serialize} writes */
    int getVersion();

    /**
     * @param value the value
     * @return its bytes
     * @throws IOException if it cannot be serialized
     */
    byte[] serialize(T value) throws IOException;

    /**
     * @param version the version the bytes were written with
     * @param serialized the bytes
     * @return the value
     * @throws IOException if the bytes are malformed or the version is unknown
     */
    T deserialize(int version, byte[] serialized) throws IOException;
}
