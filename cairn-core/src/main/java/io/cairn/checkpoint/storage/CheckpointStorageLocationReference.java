package io.cairn.checkpoint.storage;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An opaque pointer, sent with the checkpoint trigger, to where tasks should write this checkpoint's
 * state. The default reference means "the storage's default location for this checkpoint id".
 * Immutable.
 */
public final class CheckpointStorageLocationReference implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final CheckpointStorageLocationReference DEFAULT = new CheckpointStorageLocationReference(null);

    private final byte[] encodedReference;

    /**
     * @param encodedReference the storage-specific encoding, or null for the default location
     */
    public CheckpointStorageLocationReference(byte[] encodedReference) {
        this.encodedReference = encodedReference == null ? null : encodedReference.clone();
    }

    /** @return the reference to the storage's default location */
    public static CheckpointStorageLocationReference getDefault() {
        return DEFAULT;
    }

    /**
     * @param location a location string such as a directory URI
     * @return a reference encoding it
     */
    public static CheckpointStorageLocationReference of(String location) {
        return new CheckpointStorageLocationReference(location.getBytes(StandardCharsets.UTF_8));
    }

    /** @return true if this is the default reference */
    public boolean isDefaultReference() {
        return encodedReference == null;
    }

    /** @return a copy of the encoded reference, or null for the default */
    public byte[] getReferenceBytes() {
        return encodedReference == null ? null : encodedReference.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckpointStorageLocationReference
                && Arrays.equals(encodedReference, ((CheckpointStorageLocationReference) o).encodedReference);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encodedReference);
    }

    @Override
    public String toString() {
        return isDefaultReference() ? "(default)" : new String(encodedReference, StandardCharsets.UTF_8);
    }
}
