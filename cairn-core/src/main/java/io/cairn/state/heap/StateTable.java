package io.cairn.state.heap;

import io.cairn.serialization.DataInputView;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.StateDescriptor;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.keyed.StateMetaInfo;
import io.cairn.state.keygroup.KeyGroupRange;
import java.io.IOException;

/**
 * All data of one keyed state in a heap backend: one {@link KeyGroupStateMap} per owned key group,
 * plus the state's name, kind and serializers. A table restored from a snapshot keeps the snapshot's
 * meta info until the program registers the state and its serializers are checked.
 *
 * @param <K> the key type
 * @param <N> the namespace type
 * @param <V> the value type
 */
final class StateTable<K, N, V> {

    final String name;
    final StateDescriptor.Type type;
    final int index;
    TypeSerializer<N> namespaceSerializer;
    TypeSerializer<V> valueSerializer;
    final KeyGroupStateMap<K, N, V>[] maps;
    /**
     * Changes whenever an element of {@link #maps} is replaced by another map object, so that a
     * state's remembered lookup (see {@link AbstractHeapState}) can tell its map is still the same by
     * comparing an int. Task thread only.
     */
    int mapsEpoch;
    private final TypeSerializer<K> keySerializer;
    private final StateVersions versions;

    /** The meta info this table was restored with; null once the program has registered the state. */
    StateMetaInfo restoredMetaInfo;

    @SuppressWarnings("unchecked")
    StateTable(
            String name,
            StateDescriptor.Type type,
            int index,
            TypeSerializer<N> namespaceSerializer,
            TypeSerializer<V> valueSerializer,
            KeyGroupRange keyGroupRange,
            TypeSerializer<K> keySerializer,
            StateVersions versions) {
        this.name = name;
        this.type = type;
        this.index = index;
        this.namespaceSerializer = namespaceSerializer;
        this.valueSerializer = valueSerializer;
        this.keySerializer = keySerializer;
        this.versions = versions;
        boolean voidNamespace = namespaceSerializer instanceof VoidNamespaceSerializer;
        this.maps = (KeyGroupStateMap<K, N, V>[]) new KeyGroupStateMap<?, ?, ?>[keyGroupRange.getNumberOfKeyGroups()];
        for (int i = 0; i < maps.length; i++) {
            maps[i] = KeyGroupStateMap.create(versions, voidNamespace, keySerializer, valueSerializer);
        }
    }

    void trackChanges() {
        for (KeyGroupStateMap<K, N, V> m : maps) {
            m.trackChanges();
        }
    }

    /**
     * Reads one value of this state from a snapshot, in the form this state keeps live (see
     * {@link CompactValues#deserialize}).
     *
     * @param in where to read
     * @return the value
     * @throws IOException if reading fails or the data is corrupt
     */
    @SuppressWarnings("unchecked")
    V readValue(DataInputView in) throws IOException {
        return (V) CompactValues.deserialize(type, valueSerializer, in);
    }

    boolean isVoidNamespace() {
        return namespaceSerializer instanceof VoidNamespaceSerializer;
    }

    /**
     * Switches to the program's value serializer after a restore. Maps in the long layout are copied
     * into the general layout if the new serializer no longer fits it.
     */
    void setValueSerializer(TypeSerializer<V> serializer) {
        this.valueSerializer = serializer;
        boolean voidNamespace = isVoidNamespace();
        boolean fitsLong = KeyGroupStateMap.fitsLongLayout(voidNamespace, keySerializer, serializer);
        for (int i = 0; i < maps.length; i++) {
            if (maps[i] instanceof LongKeyGroupStateMap && !fitsLong) {
                maps[i] = maps[i].copyToObjectLayout(versions, voidNamespace, serializer);
                mapsEpoch++;
            } else {
                maps[i].setValueSerializer(serializer);
            }
        }
    }

    StateMetaInfo metaInfo() {
        return new StateMetaInfo(
                name, type, namespaceSerializer.snapshotConfiguration(), valueSerializer.snapshotConfiguration());
    }

    long size() {
        long n = 0;
        for (KeyGroupStateMap<K, N, V> m : maps) {
            n += m.size();
        }
        return n;
    }
}
