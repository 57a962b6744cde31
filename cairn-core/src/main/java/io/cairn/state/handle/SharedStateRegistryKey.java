package io.cairn.state.handle;

import java.io.Serializable;
import java.util.Objects;

/**
 * The identity of one piece of shared state in a {@link SharedStateRegistry}: a non-empty string,
 * normally the physical location of the piece (file path, or name of an in-memory handle).
 *
 * @param keyString the key, not empty
 */
public record SharedStateRegistryKey(String keyString) implements Serializable {

    /**
     * @param keyString the key, not empty
     * @throws IllegalArgumentException if {@code keyString} is empty
     */
    public SharedStateRegistryKey {
        Objects.requireNonNull(keyString, "keyString");
        if (keyString.isEmpty()) {
            throw new IllegalArgumentException("shared state registry key must not be empty: keyString='" + keyString + "'");
        }
    }

    /**
     * @param keyString the key, e.g. {@code backendId + "-" + pieceName}
     * @return the key
     * @throws IllegalArgumentException if {@code keyString} is empty
     */
    public static SharedStateRegistryKey of(String keyString) {
        return new SharedStateRegistryKey(keyString);
    }

    /**
     * The key of an uploaded piece: its file path, the name of an in-memory handle, or a placeholder's key.
     *
     * @param handle the piece
     * @return the key under which {@link IncrementalKeyedStateHandle} registers it
     * @throws IllegalArgumentException if the handle type has no physical identity (names the type)
     */
    public static SharedStateRegistryKey forStreamStateHandle(StreamStateHandle handle) {
        Objects.requireNonNull(handle, "handle");
        if (handle instanceof PlaceholderStreamStateHandle p) {
            return p.getRegistryKey();
        } else if (handle instanceof FileStateHandle f) {
            return new SharedStateRegistryKey(f.getFilePath().toString());
        } else if (handle instanceof ByteStreamStateHandle b) {
            return new SharedStateRegistryKey(b.getHandleName());
        }
        throw new IllegalArgumentException("cannot derive a shared state registry key from a "
                + handle.getClass().getName() + ": " + handle);
    }

    @Override
    public String toString() {
        return keyString;
    }
}
