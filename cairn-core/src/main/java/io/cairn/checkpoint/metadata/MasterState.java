package io.cairn.checkpoint.metadata;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * The state of one master hook (e.g. an external system's position), snapshotted by the coordinator
 * at trigger time and stored in the metadata. Immutable.
 *
 * @param name the hook's unique name
 * @param version the version of the hook's byte format
 * @param bytes the hook's serialized state
 */
public record MasterState(String name, int version, byte[] bytes) implements Serializable {

    /** Validates and copies. */
    public MasterState {
        Objects.requireNonNull(name, "name");
        bytes = Objects.requireNonNull(bytes, "bytes").clone();
    }

    /** @return a copy of the bytes */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MasterState m && name.equals(m.name) && version == m.version && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version) * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "MasterState{" + name + ", v" + version + ", " + bytes.length + " bytes}";
    }
}
