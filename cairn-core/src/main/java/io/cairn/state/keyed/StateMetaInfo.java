package io.cairn.state.keyed;

import io.cairn.serialization.TypeSerializerSnapshot;
import io.cairn.state.StateDescriptor;
import java.util.Objects;

/**
 * What a keyed snapshot records about one state: its name, kind and the snapshots of its namespace
 * and value serializers.
 *
 * @param name the state name
 * @param type the kind of state
 * @param namespaceSerializerSnapshot describes the namespace serializer
 * @param valueSerializerSnapshot describes the stored value serializer
 */
public record StateMetaInfo(
        String name,
        StateDescriptor.Type type,
        TypeSerializerSnapshot<?> namespaceSerializerSnapshot,
        TypeSerializerSnapshot<?> valueSerializerSnapshot) {

    /** Checks that no component is null. */
    public StateMetaInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(namespaceSerializerSnapshot, "namespaceSerializerSnapshot");
        Objects.requireNonNull(valueSerializerSnapshot, "valueSerializerSnapshot");
    }
}
