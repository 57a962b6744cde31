package io.cairn.state.keyed;

import io.cairn.serialization.TypeSerializer;
import io.cairn.serialization.TypeSerializerSchemaCompatibility;
import io.cairn.serialization.TypeSerializerSnapshot;
import io.cairn.state.StateDescriptor;
import io.cairn.state.StateMigrationException;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.StreamStateHandle;
import io.cairn.state.keygroup.KeyGroupRange;

/**
 * The checks every keyed backend makes when it restores: handle ranges within the max parallelism,
 * the key serializer, and a restored state against the descriptor the program registers. One place,
 * so every backend fails with the same words.
 */
public final class RestoreChecks {

    private RestoreChecks() {}

    /**
     * @param handle a full keyed snapshot
     * @return its file path, or a description of the in-memory stream, for error messages
     */
    public static String describe(KeyGroupsStateHandle handle) {
        StreamStateHandle delegate = handle.getDelegateStateHandle();
        return delegate instanceof FileStateHandle f ? f.getFilePath().toString() : delegate.toString();
    }

    /**
     * @param handle a handle to restore
     * @param numberOfKeyGroups the restoring backend's max parallelism
     * @param operatorIdentifier names the backend
     * @throws IllegalArgumentException if the handle holds key groups beyond the max parallelism
     */
    public static void checkKeyGroupRange(KeyedStateHandle handle, int numberOfKeyGroups, String operatorIdentifier) {
        KeyGroupRange handleRange = handle.getKeyGroupRange();
        if (!handleRange.isEmpty() && handleRange.getEndKeyGroup() >= numberOfKeyGroups) {
            throw new IllegalArgumentException("handle " + handle + " holds key groups " + handleRange
                    + " but the max parallelism of " + operatorIdentifier + " is " + numberOfKeyGroups
                    + " (key groups 0.." + (numberOfKeyGroups - 1) + "); the max parallelism cannot change");
        }
    }

    /**
     * @param keySnapshot the snapshot's key serializer
     * @param keySerializer the restoring backend's key serializer
     * @param source names the snapshot
     * @param <K> the key type
     * @throws StateMigrationException naming both serializers unless they are compatible as-is
     */
    public static <K> void checkKeySerializer(TypeSerializerSnapshot<K> keySnapshot, TypeSerializer<K> keySerializer, String source) {
        TypeSerializerSchemaCompatibility<K> compat = keySnapshot.resolveSchemaCompatibility(keySerializer);
        if (!compat.isCompatibleAsIs()) {
            throw new StateMigrationException("the keys in " + source + " were written with key serializer "
                    + keySnapshot.restoreSerializer() + " and cannot be read with " + keySerializer + ": " + compat);
        }
    }

    /**
     * Checks a restored state against the descriptor the program registers it with.
     *
     * @param meta what the snapshot recorded
     * @param restoredValueSerializer the serializer the values were read with
     * @param descriptor the program's descriptor
     * @param namespaceSerializer the program's namespace serializer
     * @param newSerializer the program's value serializer (a duplicate of the descriptor's)
     * @param <T> the value type
     * @return the value compatibility: as-is or after migration
     * @throws StateMigrationException naming the state and both serializers (or kinds) if it cannot be used
     */
    @SuppressWarnings("unchecked")
    public static <T> TypeSerializerSchemaCompatibility<T> checkRestoredState(StateMetaInfo meta,
            TypeSerializer<?> restoredValueSerializer, StateDescriptor<?, T> descriptor, TypeSerializer<?> namespaceSerializer,
            TypeSerializer<T> newSerializer) {
        if (meta.type() != descriptor.getType()) {
            throw new StateMigrationException("state '" + meta.name() + "' was restored as " + meta.type()
                    + " but is registered as " + descriptor.getType());
        }
        TypeSerializerSnapshot<Object> nsSnapshot = (TypeSerializerSnapshot<Object>) meta.namespaceSerializerSnapshot();
        TypeSerializerSchemaCompatibility<Object> nsCompat =
                nsSnapshot.resolveSchemaCompatibility((TypeSerializer<Object>) namespaceSerializer);
        if (!nsCompat.isCompatibleAsIs()) {
            throw new StateMigrationException("state '" + meta.name() + "': the restored namespace serializer "
                    + nsSnapshot.restoreSerializer() + " is not compatible with " + namespaceSerializer + ": " + nsCompat);
        }
        TypeSerializerSchemaCompatibility<T> compat =
                ((TypeSerializerSnapshot<T>) meta.valueSerializerSnapshot()).resolveSchemaCompatibility(newSerializer);
        if (compat.isIncompatible()) {
            throw new StateMigrationException("state '" + meta.name() + "' was written with serializer "
                    + restoredValueSerializer + " and cannot be read with " + newSerializer + ": " + compat.getReason());
        }
        return compat;
    }
}
