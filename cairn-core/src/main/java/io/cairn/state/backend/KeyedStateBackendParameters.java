package io.cairn.state.backend;

import io.cairn.serialization.TypeSerializer;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import java.util.Objects;

/**
 * What a {@link StateBackend} needs to create one subtask's keyed backend.
 *
 * @param operatorIdentifier names the operator and subtask in messages and local directories
 * @param keySerializer the key serializer
 * @param numberOfKeyGroups the max parallelism, in {@code [1, 32768]}
 * @param keyGroupRange the key groups this subtask owns, inside {@code [0, numberOfKeyGroups)}
 * @param classLoader loads serializer snapshot classes on restore
 * @param <K> the key type
 */
public record KeyedStateBackendParameters<K>(
        String operatorIdentifier,
        TypeSerializer<K> keySerializer,
        int numberOfKeyGroups,
        KeyGroupRange keyGroupRange,
        ClassLoader classLoader) {

    /** Validates the parameters, naming the bad value. */
    public KeyedStateBackendParameters {
        Objects.requireNonNull(operatorIdentifier, "operatorIdentifier");
        Objects.requireNonNull(keySerializer, "keySerializer");
        Objects.requireNonNull(keyGroupRange, "keyGroupRange");
        Objects.requireNonNull(classLoader, "classLoader");
        KeyGroupRangeAssignment.checkMaxParallelism(numberOfKeyGroups);
        if (!keyGroupRange.isEmpty() && keyGroupRange.getEndKeyGroup() >= numberOfKeyGroups) {
            throw new IllegalArgumentException("keyGroupRange " + keyGroupRange + " lies outside the "
                    + numberOfKeyGroups + " key groups of max parallelism " + numberOfKeyGroups);
        }
    }

    /**
     * Parameters for subtask {@code subtaskIndex} of {@code parallelism}, with the default class loader.
     *
     * @param operatorIdentifier names the operator
     * @param keySerializer the key serializer
     * @param maxParallelism the number of key groups
     * @param parallelism the number of subtasks
     * @param subtaskIndex this subtask
     * @param <K> the key type
     * @return the parameters
     */
    public static <K> KeyedStateBackendParameters<K> forSubtask(
            String operatorIdentifier, TypeSerializer<K> keySerializer, int maxParallelism, int parallelism, int subtaskIndex) {
        return new KeyedStateBackendParameters<>(
                operatorIdentifier + " (" + (subtaskIndex + 1) + "/" + parallelism + ")",
                keySerializer,
                maxParallelism,
                KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism, parallelism, subtaskIndex),
                KeyedStateBackendParameters.class.getClassLoader());
    }
}
