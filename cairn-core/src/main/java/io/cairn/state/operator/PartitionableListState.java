package io.cairn.state.operator;

import io.cairn.serialization.TypeSerializer;
import io.cairn.serialization.TypeSerializerSnapshot;
import io.cairn.state.ListState;
import io.cairn.state.handle.OperatorStateHandle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Operator list state (split or union) on the heap: an {@link ArrayList} of non-null elements. */
final class PartitionableListState<T> extends AbstractOperatorState implements ListState<T> {

    private final ArrayList<T> elements = new ArrayList<>();
    private final List<T> view = Collections.unmodifiableList(elements);

    /** The element serializer: the program's, or the restore serializer until the state is registered. */
    TypeSerializer<T> serializer;
    /** The snapshot the state was written with, while it is restored but not registered; else null. */
    TypeSerializerSnapshot<T> restoredSnapshot;

    private PartitionableListState(
            String name, OperatorStateHandle.Mode mode, TypeSerializer<T> serializer, TypeSerializerSnapshot<T> restoredSnapshot) {
        super(name, mode);
        this.serializer = serializer;
        this.restoredSnapshot = restoredSnapshot;
    }

    static <T> PartitionableListState<T> registered(String name, OperatorStateHandle.Mode mode, TypeSerializer<T> serializer) {
        return new PartitionableListState<>(name, mode, serializer.duplicate(), null);
    }

    static <T> PartitionableListState<T> restored(String name, OperatorStateHandle.Mode mode, TypeSerializerSnapshot<T> snapshot) {
        return new PartitionableListState<>(name, mode, snapshot.restoreSerializer(), snapshot);
    }

    /** Appends an element read from a snapshot. */
    void addRestored(T element) {
        elements.add(element);
    }

    /** @return the number of elements */
    int size() {
        return elements.size();
    }

    @Override
    boolean isRestoredOnly() {
        return restoredSnapshot != null;
    }

    /** @return the elements, as an unmodifiable live view; never null */
    @Override
    public Iterable<T> get() {
        return view;
    }

    @Override
    public void add(T value) {
        elements.add(checkElement(value));
    }

    @Override
    public void update(List<T> values) {
        Objects.requireNonNull(values, "operator list state '" + name + "' cannot be updated with a null list");
        checkElements(values);
        elements.clear();
        elements.addAll(values);
    }

    @Override
    public void addAll(List<T> values) {
        Objects.requireNonNull(values, "operator list state '" + name + "' cannot add a null list");
        checkElements(values);
        elements.addAll(values);
    }

    @Override
    public void clear() {
        elements.clear();
    }

    private T checkElement(T value) {
        if (value == null) {
            throw new NullPointerException("operator list state '" + name + "' does not accept null elements");
        }
        return value;
    }

    private void checkElements(List<T> values) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new NullPointerException("operator list state '" + name
                        + "' does not accept null elements: element " + i + " of " + values.size() + " is null");
            }
        }
    }

    @Override
    StateCopy snapshotCopy() {
        TypeSerializer<T> ser = serializer.duplicate();
        List<T> copy;
        if (ser.isImmutableType()) {
            copy = new ArrayList<>(elements);
        } else {
            copy = new ArrayList<>(elements.size());
            for (T t : elements) {
                copy.add(ser.copy(t));
            }
        }
        TypeSerializerSnapshot<T> snapshot = restoredSnapshot != null ? restoredSnapshot : ser.snapshotConfiguration();
        OperatorSnapshotFormat.StateInfo info = new OperatorSnapshotFormat.StateInfo(name, mode, List.of(snapshot));
        return new StateCopy() {
            @Override
            public OperatorSnapshotFormat.StateInfo info() {
                return info;
            }

            @Override
            public long[] write(int stateIndex, OperatorSnapshotWriter.RecordSink sink) throws IOException {
                long[] offsets = new long[copy.size()];
                for (int i = 0; i < offsets.length; i++) {
                    offsets[i] = sink.begin(stateIndex);
                    ser.serialize(copy.get(i), sink.payload());
                    sink.end();
                }
                return offsets;
            }
        };
    }

    @Override
    public String toString() {
        return "PartitionableListState{" + name + ", " + mode + ", " + elements.size() + " elements, " + serializer + "}";
    }
}
