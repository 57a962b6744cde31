package io.cairn.state.operator;

import io.cairn.serialization.DataOutputView;
import io.cairn.serialization.TypeSerializer;
import io.cairn.serialization.TypeSerializerSnapshot;
import io.cairn.state.BroadcastState;
import io.cairn.state.handle.OperatorStateHandle;
import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Broadcast state on the heap: a {@link LinkedHashMap} with non-null keys. */
final class HeapBroadcastState<K, V> extends AbstractOperatorState implements BroadcastState<K, V> {

    private final LinkedHashMap<K, V> map = new LinkedHashMap<>();
    private final Map<K, V> readOnly = Collections.unmodifiableMap(map);

    /** The key serializer: the program's, or the restore serializer until the state is registered. */
    TypeSerializer<K> keySerializer;
    /** The value serializer: the program's, or the restore serializer until the state is registered. */
    TypeSerializer<V> valueSerializer;
    /** The snapshots the state was written with, while it is restored but not registered; else null. */
    TypeSerializerSnapshot<K> restoredKeySnapshot;
    TypeSerializerSnapshot<V> restoredValueSnapshot;

    private HeapBroadcastState(String name, TypeSerializer<K> keySerializer, TypeSerializer<V> valueSerializer) {
        super(name, OperatorStateHandle.Mode.BROADCAST);
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
    }

    static <K, V> HeapBroadcastState<K, V> registered(
            String name, TypeSerializer<K> keySerializer, TypeSerializer<V> valueSerializer) {
        return new HeapBroadcastState<>(name, keySerializer.duplicate(), valueSerializer.duplicate());
    }

    static <K, V> HeapBroadcastState<K, V> restored(
            String name, TypeSerializerSnapshot<K> keySnapshot, TypeSerializerSnapshot<V> valueSnapshot) {
        HeapBroadcastState<K, V> s = new HeapBroadcastState<>(name, keySnapshot.restoreSerializer(), valueSnapshot.restoreSerializer());
        s.restoredKeySnapshot = keySnapshot;
        s.restoredValueSnapshot = valueSnapshot;
        return s;
    }

    /** Adds an entry read from a snapshot. */
    void putRestored(K key, V value) {
        map.put(key, value);
    }

    @Override
    boolean isRestoredOnly() {
        return restoredKeySnapshot != null;
    }

    private K checkKey(K key) {
        if (key == null) {
            throw new NullPointerException("broadcast state '" + name + "' does not accept null keys");
        }
        return key;
    }

    @Override
    public V get(K key) {
        return map.get(checkKey(key));
    }

    @Override
    public boolean contains(K key) {
        return map.containsKey(checkKey(key));
    }

    @Override
    public Iterable<Map.Entry<K, V>> immutableEntries() {
        return readOnly.entrySet();
    }

    @Override
    public void put(K key, V value) {
        map.put(checkKey(key), value);
    }

    @Override
    public void putAll(Map<K, V> entries) {
        Objects.requireNonNull(entries, "broadcast state '" + name + "' cannot add a null map");
        for (K key : entries.keySet()) {
            checkKey(key);
        }
        map.putAll(entries);
    }

    @Override
    public void remove(K key) {
        map.remove(checkKey(key));
    }

    @Override
    public Iterable<Map.Entry<K, V>> entries() {
        return map.entrySet();
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
        return map.entrySet().iterator();
    }

    @Override
    public void clear() {
        map.clear();
    }

    @Override
    StateCopy snapshotCopy() {
        TypeSerializer<K> keys = keySerializer.duplicate();
        TypeSerializer<V> values = valueSerializer.duplicate();
        LinkedHashMap<K, V> copy;
        if (keys.isImmutableType() && values.isImmutableType()) {
            copy = new LinkedHashMap<>(map);
        } else {
            copy = new LinkedHashMap<>(Math.max(16, (int) (map.size() / 0.75f) + 1));
            for (Map.Entry<K, V> e : map.entrySet()) {
                V v = e.getValue();
                copy.put(keys.copy(e.getKey()), v == null ? null : values.copy(v));
            }
        }
        List<TypeSerializerSnapshot<?>> snapshots = isRestoredOnly()
                ? List.of(restoredKeySnapshot, restoredValueSnapshot)
                : List.of(keys.snapshotConfiguration(), values.snapshotConfiguration());
        OperatorSnapshotFormat.StateInfo info = new OperatorSnapshotFormat.StateInfo(name, mode, snapshots);
        return new StateCopy() {
            @Override
            public OperatorSnapshotFormat.StateInfo info() {
                return info;
            }

            @Override
            public long[] write(int stateIndex, OperatorSnapshotWriter.RecordSink sink) throws IOException {
                long offset = sink.begin(stateIndex);
                DataOutputView out = sink.payload();
                out.writeInt(copy.size());
                for (Map.Entry<K, V> e : copy.entrySet()) {
                    keys.serialize(e.getKey(), out);
                    V v = e.getValue();
                    out.writeBoolean(v == null);
                    if (v != null) {
                        values.serialize(v, out);
                    }
                }
                sink.end();
                return new long[] {offset};
            }
        };
    }

    @Override
    public String toString() {
        return "HeapBroadcastState{" + name + ", " + map.size() + " entries, " + keySerializer + " -> " + valueSerializer + "}";
    }
}
