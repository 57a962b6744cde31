package io.cairn.state.heap;

import io.cairn.checkpoint.storage.CheckpointStateOutputStream;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.checkpoint.storage.CheckpointedStateScope;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.VoidNamespace;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.PlaceholderStreamStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StatePiece;
import io.cairn.state.handle.StreamStateHandle;
import io.cairn.state.keyed.KeyedSnapshotFormat;
import io.cairn.state.keyed.StateMetaInfo;
import io.cairn.state.keygroup.KeyGroupRange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * The asynchronous part of an incremental heap checkpoint. Per key group it writes, into one new
 * shared piece, either a delta (current value or tombstone of every key changed since the last
 * confirmed checkpoint) or, when the group has no base yet or its deltas grew past
 * {@code maxDeltaRatio} of its base or {@code maxDeltas} pieces, a new base with every entry. Key
 * groups without changes reuse their earlier pieces by reference (placeholders). The manifest lists,
 * per key group, the pieces to apply in order, so a restore reads at most {@code maxDeltas + 1}
 * blocks per key group.
 */
final class IncrementalHeapSnapshotWriter implements Callable<SnapshotResult<KeyedStateHandle>> {

    /** What a completed incremental checkpoint leaves for the next one. */
    record Completed(IncrementalManifest manifest, Map<String, StreamStateHandle> pieces) {}

    private final long checkpointId;
    private final UUID backendId;
    private final KeyGroupRange range;
    private final TypeSerializer<Object> keySerializer;
    private final List<StateMetaInfo> metaInfos;
    private final List<TypeSerializer<Object>> nsSerializers;
    private final List<TypeSerializer<Object>> valueSerializers;
    private final List<Boolean> voidNamespace;
    private final KeyGroupStateMap.View<Object, Object, Object>[][] views;
    /** Change sets since the last confirmed checkpoint: [snapshot][state][key group]. */
    private final List<Set<Object>[][]> changes;
    private final Completed confirmed;
    private final CheckpointStreamFactory streams;
    private final int maxDeltas;
    private final double maxDeltaRatio;
    private final SnapshotPacer pacer;
    private final java.util.function.BiConsumer<Long, Completed> onCompleted;

    @SuppressWarnings("unchecked")
    IncrementalHeapSnapshotWriter(long checkpointId, UUID backendId, HeapKeyedStateBackend<?> backend,
            List<StateTable<?, ?, ?>> tables, List<Set<Object>[][]> changes, Completed confirmed,
            CheckpointStreamFactory streams, int maxDeltas, double maxDeltaRatio, SnapshotPacer pacer,
            java.util.function.BiConsumer<Long, Completed> onCompleted) {
        this.pacer = pacer;
        this.checkpointId = checkpointId;
        this.backendId = backendId;
        this.range = backend.getKeyGroupRange();
        this.keySerializer = (TypeSerializer<Object>) backend.getKeySerializer().duplicate();
        this.metaInfos = new ArrayList<>();
        this.nsSerializers = new ArrayList<>();
        this.valueSerializers = new ArrayList<>();
        this.voidNamespace = new ArrayList<>();
        this.views = (KeyGroupStateMap.View<Object, Object, Object>[][]) new KeyGroupStateMap.View<?, ?, ?>[tables.size()][];
        for (int s = 0; s < tables.size(); s++) {
            StateTable<?, ?, ?> t = tables.get(s);
            metaInfos.add(t.restoredMetaInfo != null ? t.restoredMetaInfo : t.metaInfo());
            nsSerializers.add((TypeSerializer<Object>) t.namespaceSerializer.duplicate());
            valueSerializers.add((TypeSerializer<Object>) t.valueSerializer.duplicate());
            voidNamespace.add(t.isVoidNamespace());
            views[s] = (KeyGroupStateMap.View<Object, Object, Object>[]) new KeyGroupStateMap.View<?, ?, ?>[t.maps.length];
            for (int g = 0; g < t.maps.length; g++) {
                views[s][g] = (KeyGroupStateMap.View<Object, Object, Object>) (KeyGroupStateMap.View<?, ?, ?>) t.maps[g].view();
            }
        }
        this.changes = changes;
        this.confirmed = confirmed;
        this.streams = streams;
        this.maxDeltas = maxDeltas;
        this.maxDeltaRatio = maxDeltaRatio;
        this.onCompleted = onCompleted;
    }

    @Override
    public SnapshotResult<KeyedStateHandle> call() throws IOException {
        String newPiece = "heap-" + backendId + "-" + checkpointId;
        List<String> names = new ArrayList<>();
        Map<String, Integer> index = new LinkedHashMap<>();
        List<List<IncrementalManifest.Ref>> refs = new ArrayList<>();
        CheckpointStateOutputStream out = streams.createCheckpointStateOutputStream(CheckpointedStateScope.SHARED);
        StreamStateHandle newHandle = null;
        boolean success = false;
        try {
            DataOutputSerializer scratch = new DataOutputSerializer(64 * 1024);
            scratch.writeInt(IncrementalManifest.PIECE_MAGIC);
            scratch.writeShort(IncrementalManifest.VERSION);
            scratch.writeTo(out);
            boolean newPieceUsed = false;
            pacer.start();
            for (int g = 0; g < range.getNumberOfKeyGroups(); g++) {
                pacer.pace();
                List<IncrementalManifest.Ref> old = confirmed == null ? List.of() : confirmed.manifest().refs.get(g);
                boolean base = confirmed == null || old.isEmpty() || old.size() > maxDeltas
                        || confirmed.manifest().deltaBytes(g) > maxDeltaRatio * Math.max(1, confirmed.manifest().baseBytes(g));
                List<IncrementalManifest.Ref> now = new ArrayList<>();
                if (!base) {
                    for (IncrementalManifest.Ref r : old) {
                        String name = confirmed.manifest().pieceNames.get(r.piece());
                        now.add(new IncrementalManifest.Ref(indexOf(name, names, index), r.offset(), r.base(), r.bytes()));
                    }
                }
                scratch.clear();
                boolean wrote = base ? writeBase(g, scratch) : writeDelta(g, scratch);
                if (wrote) {
                    scratch.writeShort(KeyedSnapshotFormat.END_OF_KEY_GROUP);
                    long offset = out.getPos();
                    KeyedSnapshotFormat.writeKeyGroupBlock(out, range.getStartKeyGroup() + g, scratch);
                    now.add(new IncrementalManifest.Ref(indexOf(newPiece, names, index), offset, base, out.getPos() - offset));
                    newPieceUsed = true;
                }
                refs.add(now);
            }
            newHandle = out.closeAndGetHandle();
            success = true;
            if (!newPieceUsed && newHandle != null) {
                newHandle.discardState();
                newHandle = null;
            }
        } finally {
            if (!success) {
                out.close();
            }
        }
        IncrementalManifest manifest = new IncrementalManifest(keySerializer.snapshotConfiguration(), metaInfos, names, range, refs);
        StreamStateHandle manifestHandle;
        try (CheckpointStateOutputStream m = streams.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE)) {
            m.write(manifest.serialize());
            manifestHandle = m.closeAndGetHandle();
        } catch (IOException | RuntimeException e) {
            if (newHandle != null) {
                newHandle.discardState();
            }
            throw e;
        }
        Map<String, StreamStateHandle> pieces = new LinkedHashMap<>();
        List<StatePiece> shared = new ArrayList<>();
        for (String name : names) {
            if (name.equals(newPiece)) {
                pieces.put(name, newHandle);
                shared.add(StatePiece.of(name, newHandle));
            } else {
                StreamStateHandle earlier = confirmed.pieces().get(name);
                pieces.put(name, earlier);
                shared.add(StatePiece.of(name, PlaceholderStreamStateHandle.of(earlier)));
            }
        }
        onCompleted.accept(checkpointId, new Completed(manifest, pieces));
        return SnapshotResult.of(new IncrementalKeyedStateHandle(backendId, range, checkpointId, manifestHandle, shared, List.of()));
    }

    private static int indexOf(String name, List<String> names, Map<String, Integer> index) {
        Integer i = index.get(name);
        if (i == null) {
            i = names.size();
            names.add(name);
            index.put(name, i);
        }
        return i;
    }

    private boolean writeBase(int g, DataOutputSerializer out) throws IOException {
        boolean any = false;
        for (int s = 0; s < views.length; s++) {
            KeyGroupStateMap.View<Object, Object, Object> view = views[s][g];
            if (view.size == 0) {
                continue;
            }
            any = true;
            out.writeShort(s);
            out.writeInt(view.size);
            TypeSerializer<Object> ns = nsSerializers.get(s);
            TypeSerializer<Object> value = valueSerializers.get(s);
            view.forEach((k, n, v) -> {
                out.writeByte(1);
                keySerializer.serialize(k, out);
                ns.serialize(n == null ? VoidNamespace.INSTANCE : n, out);
                CompactValues.serialize(value, v, out);
            });
        }
        return any;
    }

    private boolean writeDelta(int g, DataOutputSerializer out) throws IOException {
        boolean any = false;
        for (int s = 0; s < views.length; s++) {
            List<Set<Object>> sets = new ArrayList<>(changes.size());
            boolean allLongs = true;
            for (Set<Object>[][] snapshot : changes) {
                if (s < snapshot.length && snapshot[s] != null && snapshot[s][g] != null && !snapshot[s][g].isEmpty()) {
                    sets.add(snapshot[s][g]);
                    allLongs &= snapshot[s][g] instanceof LongChangeSet;
                }
            }
            if (sets.isEmpty()) {
                continue;
            }
            any = true;
            TypeSerializer<Object> ns = nsSerializers.get(s);
            TypeSerializer<Object> value = valueSerializers.get(s);
            KeyGroupStateMap.View<Object, Object, Object> view = views[s][g];
            if (allLongs && view instanceof LongKeyGroupStateMap.LongView<?, ?, ?> longs
                    && HeapSnapshotWriter.writesLongs(keySerializer, ns, value)) {
                writeLongDelta(s, sets, longs, ns, out);
                continue;
            }
            Set<Object> changed = new HashSet<>();
            for (Set<Object> set : sets) {
                changed.addAll(set);
            }
            out.writeShort(s);
            out.writeInt(changed.size());
            boolean voidNs = voidNamespace.get(s);
            for (Object c : changed) {
                Object key = voidNs ? c : ((KeyGroupStateMap.KeyAndNamespace) c).key();
                Object namespace = voidNs ? VoidNamespace.INSTANCE : ((KeyGroupStateMap.KeyAndNamespace) c).namespace();
                Object v = view.get(key, namespace);
                out.writeByte(v == null ? 0 : 1);
                keySerializer.serialize(key, out);
                ns.serialize(namespace, out);
                if (v != null) {
                    CompactValues.serialize(value, v, out);
                }
            }
        }
        return any;
    }

    /**
     * The delta of a long-layout state: the same bytes as the general path writes, with keys and
     * values read as primitives (no boxing, no hash set of boxed keys).
     */
    private static void writeLongDelta(int s, List<Set<Object>> sets, LongKeyGroupStateMap.LongView<?, ?, ?> view,
            TypeSerializer<Object> ns, DataOutputSerializer out) throws IOException {
        LongChangeSet changed;
        if (sets.size() == 1) {
            changed = (LongChangeSet) sets.get(0);
        } else {
            changed = new LongChangeSet();
            for (Set<Object> set : sets) {
                changed.addAllLongs((LongChangeSet) set);
            }
        }
        out.writeShort(s);
        out.writeInt(changed.size());
        changed.forEachLong(key -> {
            int index = view.indexOf(key);
            out.writeByte(index < 0 ? 0 : 1);
            LongSerializer.writeLong(key, out);
            ns.serialize(VoidNamespace.INSTANCE, out);
            if (index >= 0) {
                LongSerializer.writeLong(view.valueAtIndex(index), out);
            }
        });
    }
}
