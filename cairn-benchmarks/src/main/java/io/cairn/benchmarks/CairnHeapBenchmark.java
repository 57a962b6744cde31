package io.cairn.benchmarks;

import io.cairn.serialization.LongSerializer;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.heap.HashMapStateBackend;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keyed.KeyedStateBackend;

/**
 * Cairn's {@code hashmap} backend: a {@link HashMapStateBackend} keyed backend with
 * {@link LongSerializer} keys, max parallelism 128, owning key groups 0..127.
 */
public final class CairnHeapBenchmark implements StateBenchmark {

    private Workload workload;
    private KeyedStateBackend<Long> backend;
    private ValueState<Long> valueState;
    private ListState<Long> listState;
    private MapState<Long, Long> mapState;

    @Override
    public String system() {
        return Systems.displayName(Systems.CAIRN);
    }

    @Override
    public String backend() {
        return Systems.HEAP;
    }

    @Override
    public void setUp(Workload workload, int keys) {
        this.workload = workload;
        backend = new HashMapStateBackend().createKeyedStateBackend(new KeyedStateBackendParameters<>(
                "benchmark", LongSerializer.INSTANCE, 128, KeyGroupRange.of(0, 127),
                CairnHeapBenchmark.class.getClassLoader()));
        switch (workload.kind()) {
            case VALUE:
                valueState = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                        new ValueStateDescriptor<>("value", LongSerializer.INSTANCE));
                for (long key = 0; key < keys; key++) {
                    backend.setCurrentKey(key);
                    valueState.update(1L);
                }
                break;
            case LIST:
                listState = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                        new ListStateDescriptor<>("list", LongSerializer.INSTANCE));
                if (workload.populatesCollections()) {
                    for (long key = 0; key < keys; key++) {
                        backend.setCurrentKey(key);
                        for (long element = 0; element < Workload.ELEMENTS; element++) {
                            listState.add(element);
                        }
                    }
                }
                break;
            case MAP:
                mapState = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                        new MapStateDescriptor<>("map", LongSerializer.INSTANCE, LongSerializer.INSTANCE));
                for (long key = 0; key < keys; key++) {
                    backend.setCurrentKey(key);
                    for (long userKey = 0; userKey < Workload.ELEMENTS; userKey++) {
                        mapState.put(userKey, userKey);
                    }
                }
                break;
            default:
                throw new IllegalStateException(workload.kind().name());
        }
    }

    @Override
    public long run(Workload.Operations operations, int from, int to) {
        Long[] keys = operations.keys();
        Long[] userKeys = operations.userKeys();
        long sink = 0;
        switch (workload) {
            case VALUE_UPDATE:
                for (int i = from; i < to; i++) {
                    backend.setCurrentKey(keys[i]);
                    Long value = valueState.value();
                    valueState.update(value + 1);
                }
                break;
            case VALUE_GET:
                for (int i = from; i < to; i++) {
                    backend.setCurrentKey(keys[i]);
                    sink += valueState.value();
                }
                break;
            case LIST_ADD:
                for (int i = from; i < to; i++) {
                    Long key = keys[i];
                    backend.setCurrentKey(key);
                    listState.add(key);
                }
                break;
            case LIST_GET:
                for (int i = from; i < to; i++) {
                    backend.setCurrentKey(keys[i]);
                    for (Long element : listState.get()) {
                        sink += element;
                    }
                }
                break;
            case MAP_PUT:
                for (int i = from; i < to; i++) {
                    Long key = keys[i];
                    backend.setCurrentKey(key);
                    mapState.put(userKeys[i], key);
                }
                break;
            case MAP_GET:
                for (int i = from; i < to; i++) {
                    backend.setCurrentKey(keys[i]);
                    sink += mapState.get(userKeys[i]);
                }
                break;
            default:
                throw new IllegalStateException(workload.name());
        }
        return sink;
    }

    @Override
    public void close() {
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }
}
