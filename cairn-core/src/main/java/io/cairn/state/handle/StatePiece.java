package io.cairn.state.handle;

import java.io.Serializable;
import java.util.Objects;

/**
 * One named piece of an incremental snapshot: a local or logical name (an SST file name, a per-key-group
 * delta file name) and the handle to its uploaded bytes.
 *
 * @param name the name under which restore materializes the piece, not empty
 * @param handle the uploaded bytes, or a {@link PlaceholderStreamStateHandle} for an earlier upload
 */
public record StatePiece(String name, StreamStateHandle handle) implements Serializable {

    /**
     * @param name the name, not empty
     * @param handle the handle
     * @throws IllegalArgumentException if {@code name} is empty
     */
    public StatePiece {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handle, "handle of piece '" + name + "'");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("piece name must not be empty: name='" + name + "'");
        }
    }

    /**
     * @param name the name
     * @param handle the handle
     * @return the piece
     */
    public static StatePiece of(String name, StreamStateHandle handle) {
        return new StatePiece(name, handle);
    }

    /** @return true if the handle is a placeholder for an earlier upload */
    public boolean isPlaceholder() {
        return handle instanceof PlaceholderStreamStateHandle;
    }
}
