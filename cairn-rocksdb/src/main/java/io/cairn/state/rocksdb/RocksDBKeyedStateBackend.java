package io.cairn.state.rocksdb;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.checkpoint.storage.SavepointFormatType;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.serialization.TypeSerializerSchemaCompatibility;
import io.cairn.state.AggregatingStateDescriptor;
import io.cairn.state.KeyedStateFunction;
import io.cairn.state.ReducingStateDescriptor;
import io.cairn.state.State;
import io.cairn.state.StateAccessException;
import io.cairn.state.StateDescriptor;
import io.cairn.state.StateMigrationException;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.keyed.InternalKvState;
import io.cairn.state.keyed.KeyedStateBackend;
import io.cairn.state.keyed.StateMetaInfo;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.RunnableFuture;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;

/**
 * The keyed backend of the {@code rocksdb} state backend: every state is a column family of one
 * embedded RocksDB instance in a directory of its own under the configured local directory, and
 * every value is stored serialized.
 *
 * <p><b>Layout.</b> A RocksDB key is the current key group as two big-endian bytes, then the key and
 * the namespace written by their serializers; map state appends the user key, so each map entry is a
 * RocksDB entry of its own. Keys therefore sort by key group, which makes a canonical snapshot one
 * ordered scan per state. Values are the value serializer's bytes; map values carry a leading null flag; list
 * values are the elements' bytes back to back (see {@link RocksDBListState}). Serializers write
 * self-delimiting (prefix-free) bytes, so a (key, namespace) prefix never matches another key's.
 *
 * <p><b>Threads.</b> Everything runs on the task thread, except the asynchronous part of a
 * snapshot, which reads a RocksDB snapshot (canonical snapshots) or uploads the files of a RocksDB
 * checkpoint (native snapshots). {@link #close()} waits for a running asynchronous part, which stops
 * at its next check; one that has not started yet then fails without touching the database. A
 * native restore replaces the empty database with one opened from the snapshot's files; if it fails,
 * the backend has no database and only {@link #close()} remains.
 *
 * <p><b>Native resources</b> are closed once, in this order: the RocksDB snapshots still held, the
 * column family handles, the database, the option objects, then the reference to the shared block
 * cache and write buffer manager; finally the instance directory is deleted. Every RocksDB error
 * is wrapped once, in a {@link StateAccessException} (state access) or an {@link IOException}
 * (setup, snapshot, restore) naming the state, the operator and the database path.
 *
 * @param <K> the key type
 */
public final class RocksDBKeyedStateBackend<K> implements KeyedStateBackend<K> {

    /** Bytes of the key-group prefix of every RocksDB key. */
    static final int KEY_GROUP_PREFIX_BYTES = 2;

    private final String operatorIdentifier;
    private final TypeSerializer<K> keySerializer;
    private final int numberOfKeyGroups;
    private final KeyGroupRange keyGroupRange;
    private final ClassLoader classLoader;
    private final Path instanceDirectory;
    private final Path dbPath;
    private final RocksDBResources resources;
    /** Replaced only by an incremental restore, before any state exists; null if that restore failed. */
    private RocksDB db;
    private ColumnFamilyHandle defaultColumnFamily;
    private final SnapshotGuard guard = new SnapshotGuard();
    /** Canonical savepoints, and canonical checkpoints if so configured. */
    private final RocksDBSnapshotStrategy fullSnapshots;
    /** Native checkpoints (incremental or full) and native savepoints. */
    private final RocksDBIncrementalSnapshotStrategy<K> nativeSnapshots;
    /** Whether a checkpoint (not a savepoint) is taken by {@link #nativeSnapshots}. */
    private final boolean nativeCheckpoints;

    /** State infos by name, in registration/restore order (the order defines state indices in snapshots). */
    private final Map<String, RocksDBStateInfo> stateInfos = new LinkedHashMap<>();
    private final Map<String, AbstractRocksDBState<K, ?, ?>> states = new LinkedHashMap<>();
    /** The same infos by {@link RocksDBStateInfo#cacheId} (their index here). */
    private final List<RocksDBStateInfo> statesByCacheId = new ArrayList<>();
    /** The value cache's flushes serialize their write batch here (reused; task thread). */
    private final WriteBatchBytes batchBytes = new WriteBatchBytes();

    /** RocksDB snapshots taken for asynchronous snapshot parts and not yet released; guarded by itself. */
    private final Set<Snapshot> openSnapshots = new HashSet<>();
    private boolean snapshotsReleased;

    private K currentKey;
    private int currentKeyGroup;
    private int keyStamp;
    private final DataOutputSerializer currentKeyBytes = new DataOutputSerializer(64);
    private int currentKeyBytesStamp = -1;

    /** The buffer point reads fill without a value cache; grown on demand, shared by the states of this backend. */
    private byte[] readBuffer = new byte[256];
    /** The bytes the last point read found: {@link #readBuffer} or an array of the value cache. */
    private byte[] readArray = readBuffer;
    private int readOffset;

    /**
     * Recently read and written values, newer than RocksDB where dirty; null if memory is not managed
     * or the cache has no budget (task thread).
     */
    private final RocksDBValueCache valueCache;

    /*
     * Direct buffers handed to RocksDB's ByteBuffer get/put/merge/delete, grown on demand (task thread).
     * The byte[] overloads of rocksdbjni copy each key and value into a fresh native array (new[] and
     * delete[] per call); with direct buffers the native side reads and writes these buffers in place,
     * and the copies are plain Java array copies of a few bytes.
     */
    private ByteBuffer directKey = ByteBuffer.allocateDirect(64);
    private ByteBuffer directValue = ByteBuffer.allocateDirect(256);
    private ByteBuffer directRead = ByteBuffer.allocateDirect(256);

    private boolean restored;
    private boolean closed;
    /** Why this backend can no longer be used (a failed value-cache flush), or null. */
    private String unusable;

    private String lastStateName;
    private AbstractRocksDBState<K, ?, ?> lastState;

    /** Called by {@link RocksDBKeyedStateBackendBuilder}, which opened the empty database. */
    RocksDBKeyedStateBackend(
            KeyedStateBackendParameters<K> parameters,
            Path instanceDirectory,
            Path dbPath,
            RocksDBResources resources,
            RocksDB db,
            ColumnFamilyHandle defaultColumnFamily,
            boolean incremental,
            RocksDBCheckpointFormat checkpointFormat) {
        this.operatorIdentifier = parameters.operatorIdentifier();
        this.keySerializer = parameters.keySerializer();
        this.numberOfKeyGroups = parameters.numberOfKeyGroups();
        this.keyGroupRange = parameters.keyGroupRange();
        this.classLoader = parameters.classLoader();
        this.instanceDirectory = instanceDirectory;
        this.dbPath = dbPath;
        this.resources = resources;
        this.db = db;
        this.defaultColumnFamily = defaultColumnFamily;
        this.fullSnapshots = new RocksDBFullSnapshotStrategy<>(this);
        this.nativeSnapshots = new RocksDBIncrementalSnapshotStrategy<>(this, incremental);
        this.nativeCheckpoints = incremental || checkpointFormat == RocksDBCheckpointFormat.NATIVE;
        this.valueCache = resources.newValueCache(this::writeEvicted);
    }

    // ---------------------------------------------------------------- keys

    @Override
    public void setCurrentKey(K newKey) {
        Objects.requireNonNull(newKey, "key cannot be null");
        int keyGroup = KeyGroupRangeAssignment.computeKeyGroupForKeyHash(newKey.hashCode(), numberOfKeyGroups);
        if (!keyGroupRange.contains(keyGroup)) {
            throw new IllegalArgumentException("key '" + newKey + "' belongs to key group " + keyGroup
                    + ", which " + operatorIdentifier + " does not own (" + keyGroupRange + ")");
        }
        currentKey = newKey;
        currentKeyGroup = keyGroup;
        keyStamp++;
    }

    @Override
    public K getCurrentKey() {
        return currentKey;
    }

    /** @return a stamp that changes with every {@link #setCurrentKey} */
    int keyStamp() {
        return keyStamp;
    }

    /**
     * Appends the current key group (two bytes) and the serialized current key to {@code out}.
     *
     * @throws IllegalStateException if the backend is closed or no key is set
     */
    void writeCurrentKey(DataOutputSerializer out, String stateName) throws IOException {
        checkOpen();
        if (currentKey == null) {
            throw new IllegalStateException(
                    "no current key: call setCurrentKey before accessing state '" + stateName + "'");
        }
        if (currentKeyBytesStamp != keyStamp) {
            currentKeyBytes.clear();
            writeKeyGroup(currentKeyBytes, currentKeyGroup);
            keySerializer.serialize(currentKey, currentKeyBytes);
            currentKeyBytesStamp = keyStamp;
        }
        out.write(currentKeyBytes.getSharedBuffer(), 0, currentKeyBytes.length());
    }

    static void writeKeyGroup(DataOutputSerializer out, int keyGroup) {
        out.writeShort(keyGroup);
    }

    static int readKeyGroup(byte[] rocksKey) {
        return ((rocksKey[0] & 0xFF) << 8) | (rocksKey[1] & 0xFF);
    }

    static byte[] keyGroupPrefix(int keyGroup) {
        return new byte[] {(byte) (keyGroup >>> 8), (byte) keyGroup};
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
        AbstractRocksDBState<K, ?, ?> existing = states.get(name);
        if (existing != null) {
            checkSameRegistration(existing.info, stateDescriptor, namespaceSerializer);
            return (InternalKvState<K, N, T>) existing;
        }
        RocksDBStateInfo info = stateInfos.get(name);
        if (info == null) {
            ColumnFamilyHandle handle;
            int hashPrefixLength = resources.hashPrefixLength(keySerializer, namespaceSerializer);
            try {
                handle = createColumnFamily(name, hashPrefixLength);
            } catch (RocksDBException e) {
                throw new StateAccessException("cannot create the column family of state '" + name + "' of "
                        + operatorIdentifier + " in RocksDB at " + dbPath + ": " + e.getMessage(), e);
            }
            info = new RocksDBStateInfo(name, stateDescriptor.getType(), handle, namespaceSerializer,
                    stateDescriptor.getSerializer().duplicate(), hashPrefixLength, stateInfos.size());
            stateInfos.put(name, info);
            statesByCacheId.add(info);
        } else {
            adoptRestoredState(info, stateDescriptor, namespaceSerializer);
        }
        AbstractRocksDBState<K, N, T> state = newState(info, stateDescriptor);
        states.put(name, state);
        return state;
    }

    private void checkSameRegistration(
            RocksDBStateInfo info, StateDescriptor<?, ?> descriptor, TypeSerializer<?> namespaceSerializer) {
        if (info.type != descriptor.getType()) {
            throw new StateMigrationException("state '" + info.name + "' is already registered as " + info.type
                    + " and cannot be registered again as " + descriptor.getType());
        }
        if (!info.valueSerializer.equals(descriptor.getSerializer())) {
            throw new StateMigrationException("state '" + info.name + "' is already registered with serializer "
                    + info.valueSerializer + " and cannot be registered again with " + descriptor.getSerializer());
        }
        if (!info.namespaceSerializer.equals(namespaceSerializer)) {
            throw new StateMigrationException("state '" + info.name + "' is already registered with namespace serializer "
                    + info.namespaceSerializer + " and cannot be used with " + namespaceSerializer);
        }
    }

    /**
     * Checks a restored state against the program's descriptor, migrates its stored bytes if the new
     * serializer needs that, and switches it to the new serializers.
     */
    @SuppressWarnings("unchecked")
    private <N, T> void adoptRestoredState(
            RocksDBStateInfo info, StateDescriptor<?, T> descriptor, TypeSerializer<N> namespaceSerializer) {
        TypeSerializer<T> newSerializer = descriptor.getSerializer().duplicate();
        TypeSerializerSchemaCompatibility<T> compat = io.cairn.state.keyed.RestoreChecks.checkRestoredState(
                info.restoredMetaInfo, info.valueSerializer, descriptor, namespaceSerializer, newSerializer);
        if (compat.isCompatibleAfterMigration()) {
            try {
                RocksDBStateMigration.migrate(this, info, newSerializer);
            } catch (RocksDBException | IOException e) {
                throw new StateAccessException("cannot migrate state '" + info.name + "' of " + operatorIdentifier
                        + " from " + info.valueSerializer + " to " + newSerializer + " in RocksDB at " + dbPath + ": "
                        + e.getMessage(), e);
            }
        }
        info.valueSerializer = newSerializer;
        info.namespaceSerializer = namespaceSerializer;
        info.restoredMetaInfo = null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <N, T> AbstractRocksDBState<K, N, T> newState(RocksDBStateInfo info, StateDescriptor<?, T> descriptor) {
        // void-namespace states work without setCurrentNamespace; others must set one first
        N ns = info.namespaceSerializer instanceof VoidNamespaceSerializer ? (N) VoidNamespace.INSTANCE : null;
        switch (descriptor.getType()) {
            case VALUE:
                return new RocksDBValueState<>(this, info, ns, descriptor.getDefaultValue());
            case LIST:
                return (AbstractRocksDBState<K, N, T>) new RocksDBListState(this, info, ns);
            case MAP:
                return (AbstractRocksDBState<K, N, T>) new RocksDBMapState(this, info, ns);
            case REDUCING:
                return new RocksDBReducingState<>(this, info, ns, ((ReducingStateDescriptor<T>) descriptor).getReduceFunction());
            case AGGREGATING:
                return new RocksDBAggregatingState(
                        this, info, ns, ((AggregatingStateDescriptor) descriptor).getAggregateFunction());
            default:
                throw new IllegalArgumentException("unknown state kind " + descriptor.getType());
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <N, S extends State, T> S getPartitionedState(
            N namespace, TypeSerializer<N> namespaceSerializer, StateDescriptor<S, T> stateDescriptor) {
        Objects.requireNonNull(namespace, "namespace cannot be null");
        AbstractRocksDBState<K, N, T> state;
        if (stateDescriptor.getName().equals(lastStateName)
                && lastState.info.type == stateDescriptor.getType()
                && lastState.info.namespaceSerializer == namespaceSerializer) {
            state = (AbstractRocksDBState<K, N, T>) lastState;
        } else {
            state = (AbstractRocksDBState<K, N, T>) createState(stateDescriptor, namespaceSerializer);
            lastStateName = stateDescriptor.getName();
            lastState = state;
        }
        state.setCurrentNamespace(namespace);
        return (S) state;
    }

    /**
     * Creates the column family of a state.
     *
     * @param hashPrefixLength see {@link RocksDBResources#newColumnFamilyOptions(int)}
     */
    ColumnFamilyHandle createColumnFamily(String stateName, int hashPrefixLength) throws RocksDBException {
        checkOpen();
        return db.createColumnFamily(new ColumnFamilyDescriptor(
                RocksDBDatabases.columnFamilyName(stateName), resources.newColumnFamilyOptions(hashPrefixLength)));
    }

    // ---------------------------------------------------------------- primitive access (task thread)

    /**
     * Reads the value of a key of a state: from the value cache if it holds the key, else from
     * RocksDB (and then caches it). The bytes are in {@link #readBuffer()}.
     *
     * @return the value's length, or -1 if the key is absent
     */
    int get(RocksDBStateInfo info, DataOutputSerializer key) throws RocksDBException {
        checkOpen();
        RocksDBValueCache cache = valueCache;
        if (cache != null) {
            int slot = cache.lookup(info.cacheId, key.getSharedBuffer(), key.length());
            if (slot >= 0) {
                if (cache.isAbsent(slot)) {
                    return -1;
                }
                byte[] entry = cache.entry(slot);
                readArray = entry;
                readOffset = cache.valueOffset(slot);
                return entry.length - readOffset;
            }
        }
        ByteBuffer k = directKey(key);
        ByteBuffer v = directRead;
        v.clear();
        int length = db.get(info.columnFamily, resources.readOptions(), k, v);
        if (length > v.capacity()) {
            directRead = v = ByteBuffer.allocateDirect(Math.max(length, v.capacity() * 2));
            k.rewind();
            length = db.get(info.columnFamily, resources.readOptions(), k, v);
        }
        if (length == RocksDB.NOT_FOUND) {
            if (cache != null) {
                cache.putAbsent(info.cacheId, key.getSharedBuffer(), key.length(), false);
            }
            return -1;
        }
        if (cache != null) {
            byte[] entry = new byte[key.length() + length];
            System.arraycopy(key.getSharedBuffer(), 0, entry, 0, key.length());
            v.get(0, entry, key.length(), length);
            cache.adopt(info.cacheId, entry, key.length());
            readArray = entry;
            readOffset = key.length();
            return length;
        }
        if (length > readBuffer.length) {
            readBuffer = new byte[Math.max(length, readBuffer.length * 2)];
        }
        v.get(0, readBuffer, 0, length);
        readArray = readBuffer;
        readOffset = 0;
        return length;
    }

    /**
     * @return the array holding the bytes the last {@link #get} found, from {@link #readOffset()}
     *     (read only; valid until the next read or write)
     */
    byte[] readBuffer() {
        return readArray;
    }

    /** @return the value cache, or null if there is none (for tests) */
    RocksDBValueCache valueCache() {
        return valueCache;
    }

    /** @return where the last {@link #get}'s bytes start in {@link #readBuffer()} */
    int readOffset() {
        return readOffset;
    }

    /** Copies a serialized key into {@link #directKey}, ready to be read. */
    private ByteBuffer directKey(DataOutputSerializer key) {
        return directKey(key.getSharedBuffer(), 0, key.length());
    }

    private ByteBuffer directKey(byte[] bytes, int offset, int length) {
        ByteBuffer k = directKey;
        if (length > k.capacity()) {
            directKey = k = ByteBuffer.allocateDirect(Math.max(length, k.capacity() * 2));
        }
        k.clear();
        k.put(bytes, offset, length).flip();
        return k;
    }

    /** Copies a serialized value into {@link #directValue}, ready to be read. */
    private ByteBuffer directValue(DataOutputSerializer value) {
        return directValue(value.getSharedBuffer(), 0, value.length());
    }

    private ByteBuffer directValue(byte[] bytes, int offset, int length) {
        ByteBuffer v = directValue;
        if (length > v.capacity()) {
            directValue = v = ByteBuffer.allocateDirect(Math.max(length, v.capacity() * 2));
        }
        v.clear();
        v.put(bytes, offset, length).flip();
        return v;
    }

    /** Writes a key of a state: into the value cache (written to RocksDB later), or RocksDB if it cannot be cached. */
    void put(RocksDBStateInfo info, DataOutputSerializer key, DataOutputSerializer value) throws RocksDBException {
        checkOpen();
        if (valueCache == null || !valueCache.put(info.cacheId, key.getSharedBuffer(), key.length(),
                value.getSharedBuffer(), 0, value.length(), true)) {
            db.put(info.columnFamily, resources.writeOptions(), directKey(key), directValue(value));
        }
    }

    /**
     * Writes a key of a state, given in an array, to RocksDB at once (the iterators' writes), then
     * records the value in the value cache as clean.
     */
    void put(RocksDBStateInfo info, byte[] key, DataOutputSerializer value) throws RocksDBException {
        checkOpen();
        db.put(info.columnFamily, resources.writeOptions(), key, 0, key.length, value.getSharedBuffer(), 0, value.length());
        if (valueCache != null) {
            valueCache.put(info.cacheId, key, key.length, value.getSharedBuffer(), 0, value.length(), false);
        }
    }

    /**
     * Merges (appends, for list state) an operand into a key: into its value in the value cache if it
     * is cached, else in RocksDB.
     */
    void merge(RocksDBStateInfo info, DataOutputSerializer key, DataOutputSerializer operand) throws RocksDBException {
        checkOpen();
        if (valueCache == null || !valueCache.append(info.cacheId, key.getSharedBuffer(), key.length(),
                operand.getSharedBuffer(), 0, operand.length())) {
            db.merge(info.columnFamily, resources.writeOptions(), directKey(key), directValue(operand));
        }
    }

    /** Deletes a key of a state: in the value cache (deleted in RocksDB later), or in RocksDB if it cannot be cached. */
    void delete(RocksDBStateInfo info, DataOutputSerializer key) throws RocksDBException {
        checkOpen();
        if (valueCache == null || !valueCache.putAbsent(info.cacheId, key.getSharedBuffer(), key.length(), true)) {
            db.delete(info.columnFamily, resources.writeOptions(), directKey(key));
        }
    }

    /** Deletes a key of a state, given in an array, in RocksDB at once (the iterators' deletes), and uncaches it. */
    void delete(RocksDBStateInfo info, byte[] key) throws RocksDBException {
        checkOpen();
        db.delete(info.columnFamily, resources.writeOptions(), key);
        if (valueCache != null) {
            valueCache.remove(info.cacheId, key, key.length);
        }
    }

    /**
     * Writes the value cache's dirty entries to RocksDB in one write batch, so that RocksDB holds every
     * write. Called before anything reads RocksDB other than a point read: iterators, scans, snapshots.
     * The batch is serialized in Java ({@link WriteBatchBytes}) and handed over in one JNI call. If
     * RocksDB refuses it, the backend becomes unusable (every later call throws), since the cache
     * already counts those entries as written; the task fails and restores from a checkpoint.
     */
    void flushValueCache() throws RocksDBException {
        RocksDBValueCache cache = valueCache;
        if (cache == null || !cache.hasDirty()) {
            return;
        }
        checkOpen();
        WriteBatchBytes out = batchBytes;
        out.reset();
        cache.flushDirty((state, entry, keyLength, absent) -> {
            int cf = statesByCacheId.get(state).columnFamilyId;
            if (absent) {
                out.delete(cf, entry, keyLength);
            } else {
                out.put(cf, entry, keyLength, keyLength, entry.length - keyLength);
            }
        });
        if (out.count() > 0) {
            try (WriteBatch batch = new WriteBatch(out.toBytes())) {
                db.write(resources.writeOptions(), batch);
            } catch (RocksDBException | RuntimeException e) {
                // the cache already counts these entries as written: nothing may read this backend again
                unusable = "its value cache could not be written to RocksDB (" + e.getMessage() + ")";
                throw e;
            }
        }
    }

    /** The value cache's eviction of a dirty entry: one write into RocksDB. */
    private void writeEvicted(int state, byte[] entry, int keyLength, boolean absent) throws RocksDBException {
        ColumnFamilyHandle cf = statesByCacheId.get(state).columnFamily;
        if (absent) {
            db.delete(cf, resources.writeOptions(), directKey(entry, 0, keyLength));
        } else {
            db.put(cf, resources.writeOptions(), directKey(entry, 0, keyLength),
                    directValue(entry, keyLength, entry.length - keyLength));
        }
    }

    /**
     * Restore and migration only: writes a key without the value cache. Safe because the state is not
     * registered yet, so nothing of it has been read or cached.
     */
    void putUncached(ColumnFamilyHandle cf, DataOutputSerializer key, DataOutputSerializer value)
            throws RocksDBException {
        checkOpen();
        db.put(cf, resources.writeOptions(), directKey(key), directValue(value));
    }

    /** Restore and migration only, as {@link #putUncached(ColumnFamilyHandle, DataOutputSerializer, DataOutputSerializer)}. */
    void putUncached(ColumnFamilyHandle cf, byte[] key, DataOutputSerializer value) throws RocksDBException {
        checkOpen();
        db.put(cf, resources.writeOptions(), key, 0, key.length, value.getSharedBuffer(), 0, value.length());
    }

    /** Restore and migration only, as {@link #putUncached(ColumnFamilyHandle, DataOutputSerializer, DataOutputSerializer)}. */
    void deleteUncached(ColumnFamilyHandle cf, byte[] key) throws RocksDBException {
        checkOpen();
        db.delete(cf, resources.writeOptions(), key);
    }

    /**
     * @return a new iterator over the live data of a column family, in total order, after the value
     *     cache's writes; the caller closes it
     */
    RocksIterator newIterator(ColumnFamilyHandle cf) throws RocksDBException {
        checkOpen();
        flushValueCache();
        return db.newIterator(cf, resources.scanOptions());
    }

    /**
     * An iterator for keys that start with {@code prefix}: in RocksDB's prefix mode (one hash bucket
     * of the memtable) when the state's memtable is hashed by exactly that many bytes, else in total
     * order. Past the last such key it may stop or go on in any order; callers stop at the first key
     * without the prefix. The value cache's writes are flushed first.
     *
     * @return a new iterator; the caller closes it
     */
    RocksIterator newPrefixIterator(RocksDBStateInfo info, byte[] prefix) throws RocksDBException {
        checkOpen();
        flushValueCache();
        return db.newIterator(info.columnFamily, info.hashPrefixLength == prefix.length
                ? resources.prefixScanOptions() : resources.scanOptions());
    }

    /** @return true if a key of the state's column family starts with {@code prefix} */
    boolean hasPrefix(RocksDBStateInfo info, byte[] prefix) throws RocksDBException {
        try (RocksIterator it = newPrefixIterator(info, prefix)) {
            it.seek(prefix);
            boolean found = it.isValid() && startsWith(it.key(), prefix, prefix.length);
            it.status();
            return found;
        }
    }

    /** Deletes every key of the state's column family that starts with {@code prefix}. */
    void deletePrefix(RocksDBStateInfo info, byte[] prefix) throws RocksDBException {
        try (RocksIterator it = newPrefixIterator(info, prefix)) {
            // the iterator reads an implicit snapshot, so deleting while iterating is safe
            for (it.seek(prefix); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (!startsWith(key, prefix, prefix.length)) {
                    break;
                }
                delete(info, key);
            }
            it.status();
        }
    }

    static boolean startsWith(byte[] bytes, byte[] prefix, int prefixLength) {
        return bytes.length >= prefixLength && Arrays.equals(bytes, 0, prefixLength, prefix, 0, prefixLength);
    }

    /** Wraps a failure of a state access, naming the state, the operator and the database. */
    StateAccessException failure(String stateName, String action, Exception cause) {
        return new StateAccessException("cannot " + action + " state '" + stateName + "' of " + operatorIdentifier
                + " in RocksDB at " + dbPath + ": " + cause.getMessage(), cause);
    }

    // ---------------------------------------------------------------- iteration

    @Override
    public <N> Stream<K> getKeys(String stateName, N namespace) {
        Objects.requireNonNull(namespace, "namespace cannot be null");
        checkOpen();
        RocksDBStateInfo info = stateInfos.get(stateName);
        if (info == null) {
            throw new IllegalArgumentException("no state named '" + stateName + "'; known states: " + stateInfos.keySet());
        }
        List<K> keys;
        try {
            keys = RocksDBKeys.keys(this, info, namespace);
        } catch (RocksDBException | IOException e) {
            throw failure(stateName, "list the keys of", e);
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

    /**
     * Takes a snapshot with the strategy its options call for. Native snapshots are RocksDB's own
     * files ({@link RocksDBIncrementalSnapshotStrategy}: the synchronous part takes a RocksDB
     * checkpoint, the returned future uploads its files): incremental checkpoints, native full
     * checkpoints ({@link RocksDBCheckpointFormat#NATIVE}, the default when checkpoints are not
     * incremental) and native savepoints. Canonical ones are full snapshots in the key-group format
     * ({@link RocksDBFullSnapshotStrategy}: the synchronous part takes a RocksDB snapshot, the
     * returned future scans it): canonical savepoints, and checkpoints that are not incremental when
     * {@link RocksDBOptions#CHECKPOINT_FORMAT} is {@link RocksDBCheckpointFormat#CANONICAL}.
     */
    @Override
    public RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot(
            long checkpointId, long timestamp, CheckpointStreamFactory streamFactory, CheckpointOptions checkpointOptions)
            throws IOException {
        Objects.requireNonNull(streamFactory, "streamFactory cannot be null");
        Objects.requireNonNull(checkpointOptions, "checkpointOptions cannot be null");
        checkOpen();
        try {
            flushValueCache();
        } catch (RocksDBException e) {
            throw new IOException("cannot write the value cache of " + operatorIdentifier + " into RocksDB at " + dbPath
                    + " before snapshot " + checkpointId + ": " + e.getMessage(), e);
        }
        boolean nativeFormat = checkpointOptions.getCheckpointType().isSavepoint()
                ? checkpointOptions.getSavepointFormat() == SavepointFormatType.NATIVE
                : nativeCheckpoints;
        return (nativeFormat ? nativeSnapshots : fullSnapshots)
                .snapshot(checkpointId, timestamp, streamFactory, checkpointOptions);
    }

    /**
     * With incremental checkpoints, makes the checkpoint's uploaded SST files the base of the next
     * one; native full checkpoints are never a base.
     */
    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        nativeSnapshots.notifyCheckpointComplete(checkpointId);
    }

    /** Forgets the checkpoint's uploads: the next checkpoint does not refer to them. */
    @Override
    public void notifyCheckpointAborted(long checkpointId) {
        nativeSnapshots.notifyCheckpointAborted(checkpointId);
    }

    /**
     * Restores canonical full snapshots ({@link RocksDBFullRestoreOperation}) and native ones
     * ({@link RocksDBIncrementalRestoreOperation}); native ones first, as they replace the database.
     */
    @Override
    public void restore(StateHandles<KeyedStateHandle> restoredState) throws IOException {
        Objects.requireNonNull(restoredState, "restoredState cannot be null");
        checkOpen();
        if (restored || !stateInfos.isEmpty()) {
            throw new IllegalStateException("restore must be called once, before any state is created, on "
                    + operatorIdentifier);
        }
        restored = true;
        List<KeyedStateHandle> full = new ArrayList<>();
        List<IncrementalKeyedStateHandle> nativeHandles = new ArrayList<>();
        for (KeyedStateHandle handle : restoredState) {
            if (handle instanceof IncrementalKeyedStateHandle inc) {
                nativeHandles.add(inc);
            } else {
                full.add(handle);
            }
        }
        if (!nativeHandles.isEmpty()) {
            new RocksDBIncrementalRestoreOperation<>(this, nativeHandles, nativeSnapshots).restore();
        }
        new RocksDBFullRestoreOperation<>(this, StateHandles.of(full)).restore();
    }

    /** @return the infos of all states, in index order (a copy) */
    List<RocksDBStateInfo> stateInfos() {
        return new ArrayList<>(stateInfos.values());
    }

    RocksDBStateInfo stateInfo(String name) {
        return stateInfos.get(name);
    }

    /**
     * Called by the restore operations: registers a state read from a snapshot.
     *
     * @param columnFamily the state's column family in a restored database (opened by
     *     {@link #openRestoredDatabase} with the memtable these serializers call for), or null to create it
     */
    RocksDBStateInfo addRestoredState(StateMetaInfo meta, TypeSerializer<?> namespaceSerializer,
            TypeSerializer<?> valueSerializer, ColumnFamilyHandle columnFamily) throws RocksDBException {
        int hashPrefixLength = resources.hashPrefixLength(keySerializer, namespaceSerializer);
        RocksDBStateInfo info = new RocksDBStateInfo(meta.name(), meta.type(),
                columnFamily != null ? columnFamily : createColumnFamily(meta.name(), hashPrefixLength),
                namespaceSerializer, valueSerializer, hashPrefixLength, stateInfos.size());
        info.restoredMetaInfo = meta;
        stateInfos.put(meta.name(), info);
        statesByCacheId.add(info);
        return info;
    }

    /**
     * Restore only, before any state exists: closes the empty database and deletes its directory, so
     * that a native restore can fill it with a snapshot's files and {@link #openRestoredDatabase}.
     * Until then the backend has no database and rejects use.
     */
    void closeEmptyDatabase() {
        if (!stateInfos.isEmpty()) {
            throw new IllegalStateException("cannot replace the database of " + operatorIdentifier + ": it has states");
        }
        defaultColumnFamily.close();
        db.close();
        db = null;
        defaultColumnFamily = null;
        RocksDBDatabases.deleteRecursively(dbPath);
    }

    /**
     * Restore only: opens the database whose files a native restore put into {@link #dbPath()}.
     *
     * Each state's column family gets the memtable a new state of its serializers gets (the hash
     * memtable for fixed-length keys and namespaces, see {@link RocksDBResources#hashPrefixLength}), as
     * {@link #addRestoredState} records.
     *
     * @param states the states whose column families it holds
     * @return the states' column families, in order
     * @throws RocksDBException if RocksDB cannot open it
     */
    List<ColumnFamilyHandle> openRestoredDatabase(List<StateMetaInfo> states) throws RocksDBException {
        List<String> stateNames = new ArrayList<>(states.size());
        int[] hashPrefixLengths = new int[states.size()];
        for (int i = 0; i < states.size(); i++) {
            stateNames.add(states.get(i).name());
            hashPrefixLengths[i] = resources.hashPrefixLength(keySerializer,
                    states.get(i).namespaceSerializerSnapshot().restoreSerializer());
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>(stateNames.size() + 1);
        db = RocksDBDatabases.open(resources, dbPath, stateNames, hashPrefixLengths, handles, false);
        defaultColumnFamily = handles.get(0);
        return handles.subList(1, handles.size());
    }

    /** @return the option objects, for the temporary databases of a rescaling restore */
    RocksDBResources resources() {
        return resources;
    }

    /**
     * @return the database, for a native snapshot's RocksDB checkpoint and a native restore (task
     *     thread only)
     * @throws IllegalStateException if the backend is closed or its native restore failed
     */
    RocksDB db() {
        checkOpen();
        return db;
    }

    /**
     * Takes a RocksDB snapshot for an asynchronous reader. It is released exactly once, by
     * {@link #releaseSnapshot} or by {@link #close()}.
     */
    Snapshot takeSnapshot() {
        checkOpen();
        synchronized (openSnapshots) {
            Snapshot snapshot = db.getSnapshot();
            openSnapshots.add(snapshot);
            return snapshot;
        }
    }

    /** Releases a snapshot from {@link #takeSnapshot}; any thread; ignored if already released. */
    void releaseSnapshot(Snapshot snapshot) {
        synchronized (openSnapshots) {
            if (!snapshotsReleased && openSnapshots.remove(snapshot)) {
                db.releaseSnapshot(snapshot);
            }
        }
    }

    /** @return the number of RocksDB snapshots held by pending or running asynchronous parts */
    int openSnapshotCount() {
        synchronized (openSnapshots) {
            return openSnapshots.size();
        }
    }

    /** @return the guard asynchronous readers enter before touching the database */
    SnapshotGuard guard() {
        return guard;
    }

    /** @return a new iterator for an asynchronous reader, which must hold the {@link #guard()} */
    RocksIterator newIterator(ColumnFamilyHandle cf, ReadOptions readOptions) {
        return db.newIterator(cf, readOptions);
    }

    ClassLoader classLoader() {
        return classLoader;
    }

    String operatorIdentifier() {
        return operatorIdentifier;
    }

    /** @return the directory of the database */
    Path dbPath() {
        return dbPath;
    }

    /** @return the directory of this instance, deleted on close */
    Path instanceDirectory() {
        return instanceDirectory;
    }

    boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Estimates the memory held by this instance: memtables and table readers of every column family,
     * block cache usage when each column family has its own cache, and the Java heap charged to the
     * value cache. With managed memory the block cache is shared by all instances and bounded by its
     * configured size, so it is not counted here.
     */
    @Override
    public long getApproximateMemoryUsage() {
        if (closed || db == null) {
            return 0;
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        handles.add(defaultColumnFamily);
        for (RocksDBStateInfo info : stateInfos.values()) {
            handles.add(info.columnFamily);
        }
        try {
            return RocksDBDatabases.approximateMemoryUsage(db, handles, !resources.usesManagedMemory())
                    + (valueCache == null ? 0 : valueCache.weight());
        } catch (RocksDBException e) {
            throw new StateAccessException("cannot read the memory usage of RocksDB at " + dbPath + " of "
                    + operatorIdentifier + ": " + e.getMessage(), e);
        }
    }

    private void checkOpen() {
        if (unusable != null) {
            throw new IllegalStateException("keyed state backend of " + operatorIdentifier + " is unusable: " + unusable);
        }
        if (closed) {
            throw new IllegalStateException("keyed state backend of " + operatorIdentifier + " is closed");
        }
        if (db == null) {
            throw new IllegalStateException("keyed state backend of " + operatorIdentifier + " has no database: its"
                    + " restore failed");
        }
    }

    /**
     * Waits for a running asynchronous snapshot part, then releases RocksDB snapshots, column family
     * handles, the database, the options and the shared memory reference, in that order, and deletes
     * the instance directory. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        guard.closeAndAwaitReaders();
        synchronized (openSnapshots) {
            for (Snapshot snapshot : openSnapshots) {
                db.releaseSnapshot(snapshot); // only a database that is open hands out snapshots
            }
            openSnapshots.clear();
            snapshotsReleased = true;
        }
        for (RocksDBStateInfo info : stateInfos.values()) {
            info.columnFamily.close();
        }
        if (db != null) {
            defaultColumnFamily.close();
            db.close();
        }
        resources.close();
        RocksDBDatabases.deleteRecursively(instanceDirectory);
        stateInfos.clear();
        statesByCacheId.clear();
        states.clear();
        if (valueCache != null) {
            valueCache.clear(); // dirty entries die with the database, as a failure discards them
        }
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
        return "RocksDBKeyedStateBackend{" + operatorIdentifier + ", " + keyGroupRange + ", " + dbPath + ", states="
                + stateInfos.keySet() + "}";
    }
}
