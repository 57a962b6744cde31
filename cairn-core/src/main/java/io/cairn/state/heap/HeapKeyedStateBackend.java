package io.cairn.state.heap;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.AggregatingStateDescriptor;
import io.cairn.state.KeyedStateFunction;
import io.cairn.state.ReducingStateDescriptor;
import io.cairn.state.State;
import io.cairn.state.StateDescriptor;
import io.cairn.state.StateMigrationException;
import io.cairn.state.VoidNamespace;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.keyed.InternalKvState;
import io.cairn.state.keyed.KeyedStateBackend;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RunnableFuture;
import java.util.stream.Stream;

/**
 * The keyed backend of the {@code hashmap} state backend. See {@link KeyGroupStateMap} for the
 * data structure and {@link HeapSnapshotWriter} for snapshots.
 *
 * <p>Threads: everything here runs on the task thread, except the asynchronous part of a snapshot.
 *
 * @param <K> the key type
 */
public final class HeapKeyedStateBackend<K> implements KeyedStateBackend<K> {

    private final String operatorIdentifier;
    private final TypeSerializer<K> keySerializer;
    private final int numberOfKeyGroups;
    private final KeyGroupRange keyGroupRange;
    /** {@code numberOfKeyGroups - 1} if that is a power of two (the key group is then a mask), else -1. */
    private final int keyGroupMask;
    private final int startKeyGroup;
    private final int endKeyGroup;
    private final ClassLoader classLoader;
    private final StateVersions versions = new StateVersions();

    /** Tables by state name, in registration/restore order (the order defines state indices). */
    private final Map<String, StateTable<K, ?, ?>> tables = new LinkedHashMap<>();
    private final Map<String, AbstractHeapState<K, ?, ?>> states = new LinkedHashMap<>();

    private K currentKey;
    private int currentKeyHash;
    private int currentKeyGroupIndex;
    private int keyStamp;
    private boolean restored;
    private boolean closed;

    private String lastStateName;
    private AbstractHeapState<K, ?, ?> lastState;

    private final boolean incremental;
    /** The pacing of snapshots' asynchronous parts, in (0, 1]. */
    private final double snapshotBusyFraction;
    /** How many threads read a full snapshot's key groups on restore. */
    private final int restoreThreads;
    private final java.util.UUID backendId = java.util.UUID.randomUUID();
    /** Changed keys per checkpoint not yet confirmed: [state][key group]; task thread only. */
    private final java.util.TreeMap<Long, java.util.Set<Object>[][]> unconfirmedChanges = new java.util.TreeMap<>();
    /** Written by asynchronous snapshot parts, read on confirmation. */
    private final java.util.concurrent.ConcurrentHashMap<Long, IncrementalHeapSnapshotWriter.Completed> completedIncremental =
            new java.util.concurrent.ConcurrentHashMap<>();
    private IncrementalHeapSnapshotWriter.Completed confirmed;
    private long confirmedId = -1;

    HeapKeyedStateBackend(KeyedStateBackendParameters<K> parameters) {
        this(parameters, false, 1.0, 1);
    }

    /**
     * @param parameters what the backend serves
     * @param incremental whether checkpoints are incremental
     * @param snapshotBusyFraction the pacing of snapshots' asynchronous parts, in (0, 1] (see
     *     {@link SnapshotPacer})
     * @param restoreThreads how many threads read a full snapshot's key groups in {@link #restore} (at
     *     least 1)
     */
    HeapKeyedStateBackend(KeyedStateBackendParameters<K> parameters, boolean incremental, double snapshotBusyFraction,
            int restoreThreads) {
        new SnapshotPacer(snapshotBusyFraction); // fails fast on a fraction outside (0, 1]
        if (restoreThreads < 1) {
            throw new IllegalArgumentException("restore threads must be at least 1: " + restoreThreads);
        }
        this.restoreThreads = restoreThreads;
        this.incremental = incremental;
        this.snapshotBusyFraction = snapshotBusyFraction;
        this.operatorIdentifier = parameters.operatorIdentifier();
        this.keySerializer = parameters.keySerializer();
        this.numberOfKeyGroups = parameters.numberOfKeyGroups();
        this.keyGroupRange = parameters.keyGroupRange();
        this.keyGroupMask = KeyGroupRangeAssignment.keyGroupMask(numberOfKeyGroups);
        this.startKeyGroup = keyGroupRange.getStartKeyGroup();
        this.endKeyGroup = keyGroupRange.getEndKeyGroup();
        this.classLoader = parameters.classLoader();
    }

    // ---------------------------------------------------------------- keys

    @Override
    public void setCurrentKey(K newKey) {
        Objects.requireNonNull(newKey, "key cannot be null");
        int hash = newKey.hashCode();
        int keyGroup = keyGroupMask >= 0
                ? KeyGroupRangeAssignment.computeKeyGroupForKeyHashMasked(hash, keyGroupMask)
                : KeyGroupRangeAssignment.computeKeyGroupForKeyHash(hash, numberOfKeyGroups);
        if (keyGroup < startKeyGroup || keyGroup > endKeyGroup) {
            throw new IllegalArgumentException("key '" + newKey + "' belongs to key group " + keyGroup
                    + ", which " + operatorIdentifier + " does not own (" + keyGroupRange + ")");
        }
        currentKey = newKey;
        currentKeyHash = hash;
        currentKeyGroupIndex = keyGroup - startKeyGroup;
        keyStamp++;
    }

    @Override
    public K getCurrentKey() {
        return currentKey;
    }

    K currentKeyOrFail(String stateName) {
        if (currentKey == null) {
            checkOpen();
            throw new IllegalStateException(
                    "no current key: call setCurrentKey before accessing state '" + stateName + "'");
        }
        return currentKey;
    }

    int currentKeyHash() {
        return currentKeyHash;
    }

    int currentKeyGroupIndex() {
        return currentKeyGroupIndex;
    }

    int keyStamp() {
        return keyStamp;
    }

    @Override
    public TypeSerializer<K> getKeySerializer() {
        return keySerializer;
    }

    @Override
    public KeyGroupRange getKeyGroupRange() {
        return keyGroupRange;
    }

    @Override
    public int getNumberOfKeyGroups() {
        return numberOfKeyGroups;
    }

    // ---------------------------------------------------------------- state registration

    @Override
    @SuppressWarnings("unchecked")
    public <N, T> InternalKvState<K, N, T> createState(
            StateDescriptor<?, T> stateDescriptor, TypeSerializer<N> namespaceSerializer) {
        Objects.requireNonNull(stateDescriptor, "stateDescriptor cannot be null");
        Objects.requireNonNull(namespaceSerializer, "namespaceSerializer cannot be null");
        checkOpen();
        String name = stateDescriptor.getName();
        AbstractHeapState<K, ?, ?> existing = states.get(name);
        if (existing != null) {
            checkSameRegistration(existing.table, stateDescriptor, namespaceSerializer);
            return (InternalKvState<K, N, T>) existing;
        }
        StateTable<K, N, T> table = (StateTable<K, N, T>) tables.get(name);
        if (table == null) {
            table = new StateTable<>(name, stateDescriptor.getType(), tables.size(), namespaceSerializer,
                    stateDescriptor.getSerializer().duplicate(), keyGroupRange, keySerializer, versions);
            if (incremental) {
                table.trackChanges();
            }
            tables.put(name, table);
        } else {
            adoptRestoredTable(table, stateDescriptor, namespaceSerializer);
        }
        AbstractHeapState<K, N, T> state = newState(table, stateDescriptor);
        states.put(name, state);
        return state;
    }

    private void checkSameRegistration(
            StateTable<K, ?, ?> table, StateDescriptor<?, ?> descriptor, TypeSerializer<?> namespaceSerializer) {
        if (table.type != descriptor.getType()) {
            throw new StateMigrationException("state '" + table.name + "' is already registered as " + table.type
                    + " and cannot be registered again as " + descriptor.getType());
        }
        if (!table.valueSerializer.equals(descriptor.getSerializer())) {
            throw new StateMigrationException("state '" + table.name + "' is already registered with serializer "
                    + table.valueSerializer + " and cannot be registered again with " + descriptor.getSerializer());
        }
        if (!table.namespaceSerializer.equals(namespaceSerializer)) {
            throw new StateMigrationException("state '" + table.name + "' is already registered with namespace serializer "
                    + table.namespaceSerializer + " and cannot be used with " + namespaceSerializer);
        }
    }

    /** Checks a restored table against the program's descriptor and switches it to the new serializers. */
    private <N, T> void adoptRestoredTable(
            StateTable<K, N, T> table, StateDescriptor<?, T> descriptor, TypeSerializer<N> namespaceSerializer) {
        TypeSerializer<T> newSerializer = descriptor.getSerializer().duplicate();
        io.cairn.state.keyed.RestoreChecks.checkRestoredState(
                table.restoredMetaInfo, table.valueSerializer, descriptor, namespaceSerializer, newSerializer);
        // Compatible after migration needs no work here: the values were already read with the
        // restore serializer into objects of the current types.
        table.setValueSerializer(newSerializer);
        table.namespaceSerializer = namespaceSerializer;
        table.restoredMetaInfo = null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <N, T> AbstractHeapState<K, N, T> newState(StateTable<K, N, T> table, StateDescriptor<?, T> descriptor) {
        // void-namespace states work without setCurrentNamespace; others must set one first
        N ns = table.isVoidNamespace() ? (N) VoidNamespace.INSTANCE : null;
        switch (descriptor.getType()) {
            case VALUE:
                return new HeapValueState<>(this, table, ns, descriptor.getDefaultValue());
            case LIST:
                return (AbstractHeapState<K, N, T>) new HeapListState(this, table, ns);
            case MAP:
                return (AbstractHeapState<K, N, T>) new HeapMapState(this, table, ns);
            case REDUCING:
                return new HeapReducingState<>(this, table, ns, ((ReducingStateDescriptor<T>) descriptor).getReduceFunction());
            case AGGREGATING:
                return new HeapAggregatingState(
                        this, table, ns, ((AggregatingStateDescriptor) descriptor).getAggregateFunction());
            default:
                throw new IllegalArgumentException("unknown state kind " + descriptor.getType());
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <N, S extends State, T> S getPartitionedState(
            N namespace, TypeSerializer<N> namespaceSerializer, StateDescriptor<S, T> stateDescriptor) {
        Objects.requireNonNull(namespace, "namespace cannot be null");
        AbstractHeapState<K, N, T> state;
        if (stateDescriptor.getName().equals(lastStateName)
                && lastState.table.type == stateDescriptor.getType()
                && lastState.table.namespaceSerializer == namespaceSerializer) {
            state = (AbstractHeapState<K, N, T>) lastState;
        } else {
            state = (AbstractHeapState<K, N, T>) createState(stateDescriptor, namespaceSerializer);
            lastStateName = stateDescriptor.getName();
            lastState = state;
        }
        state.setCurrentNamespace(namespace);
        return (S) state;
    }

    // ---------------------------------------------------------------- iteration

    @Override
    @SuppressWarnings("unchecked")
    public <N> Stream<K> getKeys(String stateName, N namespace) {
        Objects.requireNonNull(namespace, "namespace cannot be null");
        StateTable<K, ?, ?> table = tables.get(stateName);
        if (table == null) {
            throw new IllegalArgumentException("no state named '" + stateName + "'; known states: " + tables.keySet());
        }
        List<K> keys = new ArrayList<>();
        for (KeyGroupStateMap<K, ?, ?> map : table.maps) {
            map.collectKeys(namespace, keys::add);
        }
        return keys.stream();
    }

    @Override
    public <N, S extends State> void applyToAllKeys(
            N namespace,
            TypeSerializer<N> namespaceSerializer,
            StateDescriptor<S, ?> stateDescriptor,
            KeyedStateFunction<K, S> function)
            throws Exception {
        S state = getPartitionedState(namespace, namespaceSerializer, stateDescriptor);
        List<K> keys = getKeys(stateDescriptor.getName(), namespace).toList();
        K previous = currentKey;
        try {
            for (K key : keys) {
                setCurrentKey(key);
                function.process(key, state);
            }
        } finally {
            if (previous != null) {
                setCurrentKey(previous);
            }
        }
    }

    // ---------------------------------------------------------------- snapshot and restore

    @Override
    public RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot(
            long checkpointId, long timestamp, CheckpointStreamFactory streamFactory, CheckpointOptions checkpointOptions) {
        Objects.requireNonNull(streamFactory, "streamFactory cannot be null");
        Objects.requireNonNull(checkpointOptions, "checkpointOptions cannot be null");
        checkOpen();
        if (incremental && !checkpointOptions.requiresCanonicalFormat() && !tables.isEmpty()) {
            return startIncremental(checkpointId, streamFactory);
        }
        return HeapSnapshotWriter.start(this, versions, new ArrayList<>(tables.values()), streamFactory,
                new SnapshotPacer(snapshotBusyFraction));
    }

    /** The synchronous part of an incremental snapshot: O(states x key groups) swaps and views. */
    @SuppressWarnings("unchecked")
    private RunnableFuture<SnapshotResult<KeyedStateHandle>> startIncremental(long checkpointId, CheckpointStreamFactory streams) {
        int version = versions.retainSnapshot();
        List<StateTable<?, ?, ?>> all = new ArrayList<>(tables.values());
        java.util.Set<Object>[][] taken = (java.util.Set<Object>[][]) new java.util.Set<?>[all.size()][];
        for (int s = 0; s < all.size(); s++) {
            StateTable<?, ?, ?> t = all.get(s);
            t.trackChanges();
            taken[s] = (java.util.Set<Object>[]) new java.util.Set<?>[t.maps.length];
            for (int g = 0; g < t.maps.length; g++) {
                taken[s][g] = t.maps[g].takeChanges();
            }
        }
        unconfirmedChanges.put(checkpointId, taken);
        List<java.util.Set<Object>[][]> since = new ArrayList<>(unconfirmedChanges.tailMap(confirmedId, false).values());
        IncrementalHeapSnapshotWriter writer = new IncrementalHeapSnapshotWriter(checkpointId, backendId, this, all, since,
                confirmed, streams, HashMapStateBackend.DEFAULT_MAX_DELTAS, HashMapStateBackend.DEFAULT_MAX_DELTA_RATIO,
                new SnapshotPacer(snapshotBusyFraction), completedIncremental::put);
        return new io.cairn.state.keyed.ReleasingSnapshotTask<>(writer, () -> versions.release(version));
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        IncrementalHeapSnapshotWriter.Completed c = completedIncremental.get(checkpointId);
        if (c == null || checkpointId <= confirmedId) {
            return;
        }
        confirmed = c;
        confirmedId = checkpointId;
        unconfirmedChanges.headMap(checkpointId, true).clear();
        completedIncremental.keySet().removeIf(id -> id <= checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) {
        completedIncremental.remove(checkpointId);
    }

    @Override
    public void restore(StateHandles<KeyedStateHandle> restoredState) throws IOException {
        Objects.requireNonNull(restoredState, "restoredState cannot be null");
        checkOpen();
        if (restored || !tables.isEmpty()) {
            throw new IllegalStateException("restore must be called once, before any state is created, on "
                    + operatorIdentifier);
        }
        restored = true;
        new HeapRestoreOperation<>(this, restoredState, restoreThreads).restore();
        if (incremental) {
            // restored entries are not changes; the first checkpoint after a restore is written in full
            for (StateTable<K, ?, ?> t : tables.values()) {
                t.trackChanges();
                for (KeyGroupStateMap<K, ?, ?> m : t.maps) {
                    m.takeChanges();
                }
            }
        }
    }

    /** Called by the restore operation: registers a table read from a snapshot. */
    void addRestoredTable(StateTable<K, ?, ?> table) {
        tables.put(table.name, table);
    }

    StateTable<K, ?, ?> table(String name) {
        return tables.get(name);
    }

    int tableCount() {
        return tables.size();
    }

    StateVersions versions() {
        return versions;
    }

    ClassLoader classLoader() {
        return classLoader;
    }

    String operatorIdentifier() {
        return operatorIdentifier;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public long getApproximateMemoryUsage() {
        long bytes = 0;
        for (StateTable<K, ?, ?> table : tables.values()) {
            boolean inline = true;
            for (KeyGroupStateMap<K, ?, ?> map : table.maps) {
                bytes += map.slotArrayBytes();
                inline &= map.storesEntriesInline();
            }
            if (!inline) {
                bytes += table.size() * HeapMemoryEstimator.bytesPerEntry(table, keySerializer);
            }
        }
        return bytes + versions.retainedCopyBytes();
    }

    /** @return the number of snapshots whose frozen views are still held */
    public int numberOfRetainedSnapshots() {
        return versions.retainedCount();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("keyed state backend of " + operatorIdentifier + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        tables.clear();
        states.clear();
        lastState = null;
        lastStateName = null;
        currentKey = null;
    }

    @Override
    public void dispose() {
        close();
    }

    @Override
    public String toString() {
        return "HeapKeyedStateBackend{" + operatorIdentifier + ", " + keyGroupRange + ", states=" + tables.keySet() + "}";
    }
}
