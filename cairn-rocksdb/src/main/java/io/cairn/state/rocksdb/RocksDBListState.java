package io.cairn.state.rocksdb;

import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.ListSerializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.ListState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.rocksdb.RocksDBException;

/**
 * {@link ListState} in RocksDB.
 *
 * <p><b>Encoding.</b> The value of a (key, namespace) is its elements, each written by the element
 * serializer, back to back, with no count, length or delimiter. The column family's merge operator is
 * RocksDB's {@code StringAppendOperator} with an <em>empty</em> delimiter, which appends a merge
 * operand's bytes to the value exactly, so {@link #add} and {@link #addAll} are one blind
 * {@code merge} each (no read). Reading parses elements until the value's bytes are used up: this
 * is unambiguous because every serializer writes self-delimiting bytes (it reads back exactly what it
 * wrote), the property the keyed snapshot format relies on too. A delimiter byte would not be safe
 * for binary elements, and a length per element would cost four bytes for nothing. An empty list is
 * never stored: {@code update} with an empty list deletes the entry.
 *
 * @param <K> the key type
 * @param <N> the namespace type
 * @param <T> the element type
 */
final class RocksDBListState<K, N, T> extends AbstractRocksDBState<K, N, List<T>> implements ListState<T> {

    RocksDBListState(RocksDBKeyedStateBackend<K> backend, RocksDBStateInfo info, N namespace) {
        super(backend, info, namespace);
    }

    @SuppressWarnings("unchecked")
    private TypeSerializer<T> elementSerializer() {
        return ((ListSerializer<T>) info.valueSerializer).getElementSerializer();
    }

    @Override
    public Iterable<T> get() {
        try {
            if (!readCurrent()) {
                return Collections.emptyList();
            }
            return readElements(valueInput, elementSerializer());
        } catch (RocksDBException | IOException e) {
            throw failure("read", e);
        }
    }

    /** Parses a stored list value: elements back to back until the input is used up. */
    static <T> List<T> readElements(DataInputDeserializer in, TypeSerializer<T> elementSerializer) throws IOException {
        List<T> elements = new ArrayList<>();
        while (in.available() > 0) {
            elements.add(elementSerializer.deserialize(in));
        }
        return elements;
    }

    /** Writes elements in the stored encoding. */
    static <T> void writeElements(List<T> elements, TypeSerializer<T> elementSerializer, DataOutputSerializer out)
            throws IOException {
        for (T element : elements) {
            elementSerializer.serialize(element, out);
        }
    }

    @Override
    public void add(T value) {
        if (value == null) {
            throw nullValue("elements");
        }
        try {
            valueBytes.clear();
            elementSerializer().serialize(value, valueBytes);
            backend.merge(info, currentKeyBytes(), valueBytes);
        } catch (RocksDBException | IOException e) {
            throw failure("append to", e);
        }
    }

    @Override
    public void update(List<T> values) {
        if (values == null) {
            throw nullValue("lists");
        }
        checkElements(values);
        if (values.isEmpty()) {
            clear();
            return;
        }
        try {
            valueBytes.clear();
            writeElements(values, elementSerializer(), valueBytes);
            backend.put(info, currentKeyBytes(), valueBytes);
        } catch (RocksDBException | IOException e) {
            throw failure("write", e);
        }
    }

    @Override
    public void addAll(List<T> values) {
        if (values == null) {
            throw nullValue("lists");
        }
        checkElements(values);
        if (values.isEmpty()) {
            return;
        }
        try {
            valueBytes.clear();
            writeElements(values, elementSerializer(), valueBytes);
            backend.merge(info, currentKeyBytes(), valueBytes);
        } catch (RocksDBException | IOException e) {
            throw failure("append to", e);
        }
    }

    private void checkElements(List<T> values) {
        for (T t : values) {
            if (t == null) {
                throw nullValue("elements");
            }
        }
    }
}
