package io.cairn.state.rocksdb;

import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.keyed.InternalKvState;
import java.io.IOException;
import java.util.Objects;
import org.rocksdb.RocksDBException;

/**
 * Shared plumbing of the RocksDB states: builds the RocksDB key of the current key and namespace
 * (key group, key, namespace) in a reused buffer, rebuilt only when the key or namespace changed,
 * and reads and writes values through reused buffers.
 *
 * @param <K> the key type
 * @param <N> the namespace type
 * @param <V> the stored value type
 */
abstract class AbstractRocksDBState<K, N, V> implements InternalKvState<K, N, V> {

    final RocksDBKeyedStateBackend<K> backend;
    final RocksDBStateInfo info;
    N currentNamespace;

    /** The RocksDB key of the current key and namespace; valid while the stamp and namespace match. */
    private final DataOutputSerializer keyBytes = new DataOutputSerializer(64);
    private int keyBytesStamp = -1;
    private Object keyBytesNamespace;

    /** Reused for serializing values. */
    final DataOutputSerializer valueBytes = new DataOutputSerializer(64);
    /** Reused for deserializing values. */
    final DataInputDeserializer valueInput = new DataInputDeserializer();

    AbstractRocksDBState(RocksDBKeyedStateBackend<K> backend, RocksDBStateInfo info, N defaultNamespace) {
        this.backend = backend;
        this.info = info;
        this.currentNamespace = defaultNamespace;
    }

    @Override
    public String getName() {
        return info.name;
    }

    @Override
    public TypeSerializer<K> getKeySerializer() {
        return backend.getKeySerializer();
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializer<N> getNamespaceSerializer() {
        return (TypeSerializer<N>) info.namespaceSerializer;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializer<V> getValueSerializer() {
        return (TypeSerializer<V>) info.valueSerializer;
    }

    @Override
    public void setCurrentNamespace(N namespace) {
        this.currentNamespace = Objects.requireNonNull(namespace, "namespace cannot be null");
    }

    /**
     * Returns the RocksDB key of the current key and namespace.
     *
     * @throws IllegalStateException if the backend is closed, or no key or namespace is set
     */
    final DataOutputSerializer currentKeyBytes() throws IOException {
        int stamp = backend.keyStamp();
        if (stamp != keyBytesStamp || currentNamespace != keyBytesNamespace || currentNamespace == null) {
            keyBytesStamp = -1;
            keyBytes.clear();
            backend.writeCurrentKey(keyBytes, info.name);
            if (currentNamespace == null) {
                throw new IllegalStateException("no namespace set for state '" + info.name + "': call setCurrentNamespace");
            }
            getNamespaceSerializer().serialize(currentNamespace, keyBytes);
            keyBytesStamp = stamp;
            keyBytesNamespace = currentNamespace;
        }
        return keyBytes;
    }

    /**
     * Reads the stored value of the current key and namespace into {@link #valueInput}.
     *
     * @return false if there is none
     */
    final boolean readCurrent() throws IOException, RocksDBException {
        int length = backend.get(info, currentKeyBytes());
        if (length < 0) {
            return false;
        }
        valueInput.setBuffer(backend.readBuffer(), backend.readOffset(), length);
        return true;
    }

    /** @return the stored value of the current key and namespace, or null */
    final V getStored() throws IOException, RocksDBException {
        return readCurrent() ? getValueSerializer().deserialize(valueInput) : null;
    }

    /** Stores a non-null value for the current key and namespace. */
    final void putStored(V value) throws IOException, RocksDBException {
        valueBytes.clear();
        getValueSerializer().serialize(value, valueBytes);
        backend.put(info, currentKeyBytes(), valueBytes);
    }

    /** Removes the value of the current key and namespace. */
    @Override
    public void clear() {
        try {
            backend.delete(info, currentKeyBytes());
        } catch (RocksDBException | IOException e) {
            throw failure("clear", e);
        }
    }

    /** Wraps a RocksDB or serialization error, naming this state and the database. */
    final RuntimeException failure(String action, Exception e) {
        return backend.failure(info.name, action, e);
    }

    final NullPointerException nullValue(String what) {
        return new NullPointerException("state '" + info.name + "' does not accept null " + what);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + info.name + "}";
    }
}
