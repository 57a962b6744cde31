package io.cairn.state.heap;

import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.TypeSerializer;
import java.io.IOException;

/**
 * Estimates the heap bytes of one entry's key and value objects, for
 * {@code getApproximateMemoryUsage()}. Fixed-length types count as one boxed object; variable-length
 * types are sampled (a few entries serialized) and counted at twice their serialized size plus an
 * object header, a rough but stable rule for strings, lists and maps.
 */
final class HeapMemoryEstimator {

    private static final int OBJECT_HEADER = 16;
    private static final int SAMPLE = 8;

    private HeapMemoryEstimator() {}

    static <K> long bytesPerEntry(StateTable<K, ?, ?> table, TypeSerializer<K> keySerializer) {
        return objectBytes(keySerializer, table, true) + objectBytes(table.valueSerializer, table, false);
    }

    @SuppressWarnings("unchecked")
    private static <T> long objectBytes(TypeSerializer<T> serializer, StateTable<?, ?, ?> table, boolean key) {
        int fixed = serializer.getLength();
        if (fixed > 0) {
            return OBJECT_HEADER + ((fixed + 7) & ~7);
        }
        DataOutputSerializer out = new DataOutputSerializer(256);
        long total = 0;
        int sampled = 0;
        for (KeyGroupStateMap<?, ?, ?> map : table.maps) {
            if (sampled >= SAMPLE) {
                break;
            }
            int[] count = {0};
            long[] bytes = {0};
            try {
                map.view().forEach((k, n, v) -> {
                    if (count[0] < SAMPLE) {
                        out.clear();
                        serializer.serialize((T) (key ? k : v), out);
                        bytes[0] += out.length();
                        count[0]++;
                    }
                });
            } catch (IOException e) {
                return OBJECT_HEADER * 4;
            }
            total += bytes[0];
            sampled += count[0];
        }
        return sampled == 0 ? OBJECT_HEADER : OBJECT_HEADER + 2 * total / sampled;
    }
}
