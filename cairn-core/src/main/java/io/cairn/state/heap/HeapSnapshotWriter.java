package io.cairn.state.heap;

import io.cairn.checkpoint.storage.CheckpointStateOutputStream;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.checkpoint.storage.CheckpointedStateScope;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.handle.KeyGroupsStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StreamStateHandle;
import io.cairn.state.keyed.KeyedSnapshotFormat;
import io.cairn.state.keyed.StateMetaInfo;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keygroup.KeyGroupRangeOffsets;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableFuture;

/**
 * A full heap snapshot in the {@link KeyedSnapshotFormat}.
 *
 * <p>{@link #start} is the synchronous part, on the task thread: it retains a copy-on-write version
 * and takes an O(1) {@link KeyGroupStateMap.View} of every map, so its cost is O(states x key
 * groups). The returned future is the asynchronous part: it serializes the views, on whatever thread
 * runs it, while the task keeps writing. The retained version is released exactly once: when the
 * write ends (successfully or not), or at cancellation if the write never started. Before that, as
 * soon as a key group is written, its maps are told ({@link KeyGroupStateMap#releaseViewEarly}), so
 * the task's later writes to that key group copy nothing this snapshot alone still shared; with
 * snapshots back to back, that halves the copying on average. A {@link SnapshotPacer} may slow the
 * write down, key group by key group, so that it costs the task less per second.
 */
final class HeapSnapshotWriter implements Callable<SnapshotResult<KeyedStateHandle>> {

    private final KeyGroupRange keyGroupRange;
    private final TypeSerializer<Object> keySerializer;
    private final List<StateMetaInfo> metaInfos;
    private final List<TypeSerializer<Object>> namespaceSerializers;
    private final List<TypeSerializer<Object>> valueSerializers;
    private final KeyGroupStateMap.View<Object, Object, Object>[][] views;
    /** The maps behind {@link #views}, told when their key group is written (early release). */
    private final KeyGroupStateMap<?, ?, ?>[][] maps;
    private final int version;
    private final CheckpointStreamFactory streamFactory;
    private final SnapshotPacer pacer;

    @SuppressWarnings("unchecked")
    private HeapSnapshotWriter(
            HeapKeyedStateBackend<?> backend,
            List<StateTable<?, ?, ?>> tables,
            int version,
            CheckpointStreamFactory streamFactory,
            SnapshotPacer pacer) {
        this.version = version;
        this.pacer = pacer;
        this.maps = new KeyGroupStateMap<?, ?, ?>[tables.size()][];
        this.keyGroupRange = backend.getKeyGroupRange();
        this.keySerializer = (TypeSerializer<Object>) backend.getKeySerializer().duplicate();
        this.streamFactory = streamFactory;
        this.metaInfos = new ArrayList<>(tables.size());
        this.namespaceSerializers = new ArrayList<>(tables.size());
        this.valueSerializers = new ArrayList<>(tables.size());
        this.views = (KeyGroupStateMap.View<Object, Object, Object>[][]) new KeyGroupStateMap.View<?, ?, ?>[tables.size()][];
        for (int s = 0; s < tables.size(); s++) {
            StateTable<?, ?, ?> table = tables.get(s);
            metaInfos.add(table.restoredMetaInfo != null ? table.restoredMetaInfo : table.metaInfo());
            namespaceSerializers.add((TypeSerializer<Object>) table.namespaceSerializer.duplicate());
            valueSerializers.add((TypeSerializer<Object>) table.valueSerializer.duplicate());
            maps[s] = table.maps.clone();
            views[s] = (KeyGroupStateMap.View<Object, Object, Object>[]) new KeyGroupStateMap.View<?, ?, ?>[table.maps.length];
            for (int g = 0; g < table.maps.length; g++) {
                views[s][g] = (KeyGroupStateMap.View<Object, Object, Object>) (KeyGroupStateMap.View<?, ?, ?>) table.maps[g].view();
            }
        }
    }

    /** The synchronous part: freezes the tables and returns the asynchronous part. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static RunnableFuture<SnapshotResult<KeyedStateHandle>> start(
            HeapKeyedStateBackend<?> backend,
            StateVersions versions,
            List<? extends StateTable<?, ?, ?>> tables,
            CheckpointStreamFactory streamFactory,
            SnapshotPacer pacer) {
        if (tables.isEmpty()) {
            FutureTask<SnapshotResult<KeyedStateHandle>> done = new FutureTask<>(SnapshotResult::empty);
            done.run();
            return done;
        }
        int version = versions.retainSnapshot();
        HeapSnapshotWriter writer = new HeapSnapshotWriter(backend, (List) tables, version, streamFactory, pacer);
        return new io.cairn.state.keyed.ReleasingSnapshotTask<>(writer, () -> versions.release(version));
    }

    @Override
    public SnapshotResult<KeyedStateHandle> call() throws IOException {
        CheckpointStateOutputStream out = streamFactory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
        boolean success = false;
        try {
            DataOutputSerializer scratch = new DataOutputSerializer(64 * 1024);
            KeyedSnapshotFormat.writeHeader(out, keySerializer, metaInfos, scratch);
            long[] offsets = new long[keyGroupRange.getNumberOfKeyGroups()];
            pacer.start();
            for (int g = 0; g < offsets.length; g++) {
                pacer.pace();
                if (Thread.currentThread().isInterrupted()) {
                    throw new IOException("snapshot cancelled");
                }
                offsets[g] = out.getPos();
                scratch.clear();
                for (int s = 0; s < views.length; s++) {
                    writeState(s, views[s][g], scratch);
                }
                for (int s = 0; s < views.length; s++) {
                    // this key group's views are serialized: the task may now write these maps in place
                    views[s][g] = null;
                    maps[s][g].releaseViewEarly(version);
                }
                scratch.writeShort(KeyedSnapshotFormat.END_OF_KEY_GROUP);
                KeyedSnapshotFormat.writeKeyGroupBlock(out, keyGroupRange.getStartKeyGroup() + g, scratch);
            }
            StreamStateHandle handle = out.closeAndGetHandle();
            success = true;
            return SnapshotResult.of(new KeyGroupsStateHandle(new KeyGroupRangeOffsets(keyGroupRange, offsets), handle));
        } finally {
            if (!success) {
                out.close();
            }
        }
    }

    /** @return whether the serializers write a long key and the void namespace */
    static boolean writesLongKeys(TypeSerializer<?> keySer, TypeSerializer<?> nsSer) {
        return keySer instanceof LongSerializer && nsSer instanceof VoidNamespaceSerializer;
    }

    /** @return whether the serializers write a long key, the void namespace and a long value */
    static boolean writesLongs(TypeSerializer<?> keySer, TypeSerializer<?> nsSer, TypeSerializer<?> valueSer) {
        return keySer instanceof LongSerializer && nsSer instanceof VoidNamespaceSerializer
                && valueSer instanceof LongSerializer;
    }

    private void writeState(int s, KeyGroupStateMap.View<Object, Object, Object> view, DataOutputSerializer out)
            throws IOException {
        if (view.size == 0) {
            return;
        }
        TypeSerializer<Object> keySer = keySerializer;
        TypeSerializer<Object> nsSer = namespaceSerializers.get(s);
        TypeSerializer<Object> valueSer = valueSerializers.get(s);
        out.writeShort(s);
        out.writeInt(view.size);
        int[] written = {0};
        if (view instanceof LongKeyGroupStateMap.LongView<?, ?, ?> longs && writesLongs(keySer, nsSer, valueSer)) {
            // the same bytes as the serializers write, without boxing two Longs per entry
            longs.forEachLong((k, v) -> {
                LongSerializer.writeLong(k, out);
                nsSer.serialize(VoidNamespace.INSTANCE, out);
                LongSerializer.writeLong(v, out);
                written[0]++;
            });
        } else if (view instanceof LongKeyObjectStateMap.LongKeyObjectView<?, ?, ?> longKeys
                && writesLongKeys(keySer, nsSer)) {
            // the same bytes as the key serializer writes, without boxing a Long key per entry
            longKeys.forEachLongKey((k, v) -> {
                LongSerializer.writeLong(k, out);
                nsSer.serialize(VoidNamespace.INSTANCE, out);
                CompactValues.serialize(valueSer, v, out);
                written[0]++;
            });
        } else {
            view.forEach((k, n, v) -> {
                keySer.serialize(k, out);
                nsSer.serialize(n == null ? VoidNamespace.INSTANCE : n, out);
                CompactValues.serialize(valueSer, v, out);
                written[0]++;
            });
        }
        if (written[0] != view.size) {
            throw new IllegalStateException("snapshot view of state '" + metaInfos.get(s).name() + "' changed while"
                    + " being written: expected " + view.size + " entries, found " + written[0]);
        }
    }
}
