package io.cairn.state.rocksdb;

import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.DataInputView;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.DataOutputView;
import io.cairn.serialization.MapSerializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.MapState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * {@link MapState} in RocksDB: every map entry is a RocksDB entry of its own, keyed by the
 * (key group, key, namespace) prefix plus the serialized user key, so {@code get}, {@code put} and
 * {@code remove} touch one entry. A value is a null flag (one byte) and, if not null, the serialized
 * user value. Iteration scans the prefix in batches of {@value #ITERATOR_BATCH} entries, each batch
 * with a native iterator that is closed before the batch is returned, so an abandoned iteration holds
 * no native resources; {@link Iterator#remove()} and {@link Map.Entry#setValue} write through.
 *
 * @param <K> the key type
 * @param <N> the namespace type
 * @param <UK> the user key type
 * @param <UV> the user value type
 */
final class RocksDBMapState<K, N, UK, UV> extends AbstractRocksDBState<K, N, Map<UK, UV>> implements MapState<UK, UV> {

    /** Entries read per native iterator. */
    static final int ITERATOR_BATCH = 128;

    private final DataOutputSerializer entryKeyBytes = new DataOutputSerializer(64);

    RocksDBMapState(RocksDBKeyedStateBackend<K> backend, RocksDBStateInfo info, N namespace) {
        super(backend, info, namespace);
    }

    @SuppressWarnings("unchecked")
    private MapSerializer<UK, UV> mapSerializer() {
        return (MapSerializer<UK, UV>) info.valueSerializer;
    }

    private UK checkKey(UK key) {
        if (key == null) {
            throw nullValue("map keys");
        }
        return key;
    }

    /** @return the RocksDB key of a user key under the current key and namespace */
    private DataOutputSerializer entryKey(UK userKey) throws IOException {
        DataOutputSerializer prefix = currentKeyBytes();
        entryKeyBytes.clear();
        entryKeyBytes.write(prefix.getSharedBuffer(), 0, prefix.length());
        mapSerializer().getKeySerializer().serialize(userKey, entryKeyBytes);
        return entryKeyBytes;
    }

    /** Writes a stored map value: a null flag, then the value unless null. */
    static <UV> void writeUserValue(UV value, TypeSerializer<UV> serializer, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeBoolean(true);
        } else {
            out.writeBoolean(false);
            serializer.serialize(value, out);
        }
    }

    /** Reads a value written by {@link #writeUserValue}. */
    static <UV> UV readUserValue(DataInputView in, TypeSerializer<UV> serializer) throws IOException {
        return in.readBoolean() ? null : serializer.deserialize(in);
    }

    @Override
    public UV get(UK key) {
        checkKey(key);
        try {
            int length = backend.get(info, entryKey(key));
            if (length < 0) {
                return null;
            }
            valueInput.setBuffer(backend.readBuffer(), backend.readOffset(), length);
            return readUserValue(valueInput, mapSerializer().getValueSerializer());
        } catch (RocksDBException | IOException e) {
            throw failure("read", e);
        }
    }

    @Override
    public void put(UK key, UV value) {
        checkKey(key);
        try {
            valueBytes.clear();
            writeUserValue(value, mapSerializer().getValueSerializer(), valueBytes);
            backend.put(info, entryKey(key), valueBytes);
        } catch (RocksDBException | IOException e) {
            throw failure("write", e);
        }
    }

    @Override
    public void putAll(Map<UK, UV> entries) {
        if (entries == null) {
            throw nullValue("maps");
        }
        for (Map.Entry<UK, UV> e : entries.entrySet()) {
            put(e.getKey(), e.getValue());
        }
    }

    @Override
    public void remove(UK key) {
        checkKey(key);
        try {
            backend.delete(info, entryKey(key));
        } catch (RocksDBException | IOException e) {
            throw failure("remove from", e);
        }
    }

    @Override
    public boolean contains(UK key) {
        checkKey(key);
        try {
            return backend.get(info, entryKey(key)) >= 0;
        } catch (RocksDBException | IOException e) {
            throw failure("read", e);
        }
    }

    @Override
    public boolean isEmpty() {
        try {
            return !backend.hasPrefix(info, currentPrefix());
        } catch (RocksDBException | IOException e) {
            throw failure("read", e);
        }
    }

    /** Removes every entry of the current key and namespace. */
    @Override
    public void clear() {
        try {
            backend.deletePrefix(info, currentPrefix());
        } catch (RocksDBException | IOException e) {
            throw failure("clear", e);
        }
    }

    private byte[] currentPrefix() throws IOException {
        return currentKeyBytes().getCopyOfBuffer();
    }

    @Override
    public Iterable<Map.Entry<UK, UV>> entries() {
        return iterable(entry -> entry);
    }

    @Override
    public Iterable<UK> keys() {
        return iterable(Map.Entry::getKey);
    }

    @Override
    public Iterable<UV> values() {
        return iterable(Map.Entry::getValue);
    }

    @Override
    public Iterator<Map.Entry<UK, UV>> iterator() {
        return entries().iterator();
    }

    /** @return an iterable over the entries of the current key and namespace, fixed when this is called */
    private <R> Iterable<R> iterable(Function<Map.Entry<UK, UV>, R> view) {
        byte[] prefix;
        try {
            prefix = currentPrefix();
        } catch (IOException e) {
            throw failure("iterate", e);
        }
        return () -> new EntryIterator<>(prefix, view);
    }

    /** Iterates the entries under a prefix in batches; see the class comment. */
    private final class EntryIterator<R> implements Iterator<R> {

        private final byte[] prefix;
        private final Function<Map.Entry<UK, UV>, R> view;
        private final List<Entry> batch = new ArrayList<>();
        private int position;
        private byte[] resumeAfter;
        private boolean exhausted;
        private Entry last;

        EntryIterator(byte[] prefix, Function<Map.Entry<UK, UV>, R> view) {
            this.prefix = prefix;
            this.view = view;
        }

        @Override
        public boolean hasNext() {
            if (position < batch.size()) {
                return true;
            }
            if (exhausted) {
                return false;
            }
            loadBatch();
            return position < batch.size();
        }

        private void loadBatch() {
            batch.clear();
            position = 0;
            try (RocksIterator it = backend.newPrefixIterator(info, prefix)) {
                if (resumeAfter == null) {
                    it.seek(prefix);
                } else {
                    it.seek(resumeAfter);
                    if (it.isValid() && Arrays.equals(it.key(), resumeAfter)) {
                        it.next();
                    }
                }
                while (batch.size() < ITERATOR_BATCH && it.isValid()) {
                    byte[] key = it.key();
                    if (!RocksDBKeyedStateBackend.startsWith(key, prefix, prefix.length)) {
                        exhausted = true;
                        break;
                    }
                    batch.add(new Entry(key, it.value(), prefix.length));
                    it.next();
                }
                if (!it.isValid()) {
                    it.status();
                    exhausted = true;
                }
            } catch (RocksDBException e) {
                throw failure("iterate", e);
            }
            if (!batch.isEmpty()) {
                resumeAfter = batch.get(batch.size() - 1).rocksKey;
            }
        }

        @Override
        public R next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no more entries in state '" + info.name + "'");
            }
            last = batch.get(position++);
            return view.apply(last);
        }

        @Override
        public void remove() {
            if (last == null || last.removed) {
                throw new IllegalStateException("remove() needs a preceding next() on state '" + info.name + "'");
            }
            try {
                backend.delete(info, last.rocksKey);
            } catch (RocksDBException e) {
                throw failure("remove from", e);
            }
            last.removed = true;
        }
    }

    /** One map entry read by an iterator; the user key and value are deserialized on first use. */
    private final class Entry implements Map.Entry<UK, UV> {

        final byte[] rocksKey;
        private final int prefixLength;
        private byte[] rawValue;
        private UK key;
        private UV value;
        private boolean keyRead;
        private boolean valueRead;
        boolean removed;

        Entry(byte[] rocksKey, byte[] rawValue, int prefixLength) {
            this.rocksKey = rocksKey;
            this.rawValue = rawValue;
            this.prefixLength = prefixLength;
        }

        @Override
        public UK getKey() {
            if (!keyRead) {
                try {
                    key = mapSerializer().getKeySerializer().deserialize(
                            new DataInputDeserializer(rocksKey, prefixLength, rocksKey.length - prefixLength));
                } catch (IOException e) {
                    throw failure("read", e);
                }
                keyRead = true;
            }
            return key;
        }

        @Override
        public UV getValue() {
            if (!valueRead) {
                try {
                    value = readUserValue(new DataInputDeserializer(rawValue), mapSerializer().getValueSerializer());
                } catch (IOException e) {
                    throw failure("read", e);
                }
                valueRead = true;
                rawValue = null;
            }
            return value;
        }

        @Override
        public UV setValue(UV newValue) {
            if (removed) {
                throw new IllegalStateException("the entry was removed from state '" + info.name + "'");
            }
            UV old = getValue();
            try {
                valueBytes.clear();
                writeUserValue(newValue, mapSerializer().getValueSerializer(), valueBytes);
                backend.put(info, rocksKey, valueBytes);
            } catch (RocksDBException | IOException e) {
                throw failure("write", e);
            }
            value = newValue;
            return old;
        }

        /** Equal to any map entry with an equal key and value, as {@link Map.Entry#equals} specifies. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e
                    && Objects.equals(getKey(), e.getKey())
                    && Objects.equals(getValue(), e.getValue());
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(getKey()) ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return getKey() + "=" + getValue();
        }
    }
}
