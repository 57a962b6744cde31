package io.cairn.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The benchmark workloads, the same for every system. Keys are the longs {@code 0..keys-1}, visited in
 * a random order fixed by {@link #SEED}; map workloads also draw a user key in {@code 0..99} per
 * operation from the same generator. Everything is generated before timing starts.
 */
public enum Workload {

    /** {@code ValueState<Long>}, every key set to 1 first; {@code update(value() + 1)}. */
    VALUE_UPDATE("value-update", Kind.VALUE, 1_000_000),
    /** {@code ValueState<Long>}, every key set to 1 first; {@code value()}. */
    VALUE_GET("value-get", Kind.VALUE, 1_000_000),
    /** {@code ListState<Long>}, empty at first; {@code add(key)}. */
    LIST_ADD("list-add", Kind.LIST, 100_000),
    /** {@code ListState<Long>} of {@link #ELEMENTS} elements per key; iterate {@code get()} and sum. */
    LIST_GET("list-get", Kind.LIST, 10_000),
    /** {@code MapState<Long, Long>} of {@link #ELEMENTS} entries per key; {@code put(random 0..99, key)}. */
    MAP_PUT("map-put", Kind.MAP, 10_000),
    /** {@code MapState<Long, Long>} of {@link #ELEMENTS} entries per key; {@code get(random 0..99)}. */
    MAP_GET("map-get", Kind.MAP, 10_000),
    /**
     * {@code ValueState<Long>} over the keys plus {@code MapState<Long, Long>} over a hundredth of them
     * with {@link #ELEMENTS} entries each, populated; a full snapshot to files, then a restore into a
     * fresh backend. Measures times and bytes, not operations.
     */
    SNAPSHOT_RESTORE("snapshot-restore", Kind.VALUE_AND_MAP, 1_000_000),
    /** The state of {@link #VALUE_UPDATE} after population; measures heap bytes per entry. */
    MEMORY("memory", Kind.VALUE, 1_000_000);

    /** The seed of the key order and the user keys. */
    public static final long SEED = 42L;

    /** Elements per key of the populated list and map workloads, and the range of map user keys. */
    public static final int ELEMENTS = 100;

    /** Which state a workload uses. */
    public enum Kind {
        /** {@code ValueState<Long>}. */
        VALUE,
        /** {@code ListState<Long>}. */
        LIST,
        /** {@code MapState<Long, Long>}. */
        MAP,
        /** {@code ValueState<Long>} and {@code MapState<Long, Long>}, for {@link #SNAPSHOT_RESTORE}. */
        VALUE_AND_MAP
    }

    /** What the runner measures for a workload. */
    public enum Measure {
        /** Operations per second of the access loop. */
        OPS,
        /** Full snapshot and restore times and bytes. */
        SNAPSHOT_RESTORE,
        /** Heap bytes per entry after a full collection. */
        MEMORY
    }

    private final String id;
    private final Kind kind;
    private final int baseKeys;

    Workload(String id, Kind kind, int baseKeys) {
        this.id = id;
        this.kind = kind;
        this.baseKeys = baseKeys;
    }

    /** @return the name used on the command line and in the output, e.g. {@code value-update} */
    public String id() {
        return id;
    }

    /** @return the state the workload uses */
    public Kind kind() {
        return kind;
    }

    /** @return what the runner measures for this workload */
    public Measure measure() {
        return switch (this) {
            case SNAPSHOT_RESTORE -> Measure.SNAPSHOT_RESTORE;
            case MEMORY -> Measure.MEMORY;
            default -> Measure.OPS;
        };
    }

    /**
     * @param scale multiplies the key count
     * @return the keys of the map state of {@link #SNAPSHOT_RESTORE} at that scale: a hundredth of
     *     {@link #keys(double)} (10,000 at scale 1), at least 1
     */
    public int mapKeys(double scale) {
        return Math.max(1, keys(scale) / ELEMENTS);
    }

    /** @return the number of keys at scale 1 */
    public int baseKeys() {
        return baseKeys;
    }

    /**
     * @param scale multiplies {@link #baseKeys()}
     * @return the number of keys at that scale, at least 1
     */
    public int keys(double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("keys scale must be positive: " + scale);
        }
        long keys = Math.round(baseKeys * scale);
        if (keys > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("keys scale " + scale + " gives too many keys for " + id);
        }
        return (int) Math.max(1, keys);
    }

    /** @return whether {@link StateBenchmark#setUp} fills the state with {@link #ELEMENTS} per key */
    public boolean populatesCollections() {
        return this == LIST_GET || this == MAP_PUT || this == MAP_GET;
    }

    /**
     * @param id a workload name such as {@code map-get}
     * @return the workload
     * @throws IllegalArgumentException naming the known workloads if there is none of that name
     */
    public static Workload byId(String id) {
        for (Workload workload : values()) {
            if (workload.id.equals(id.toLowerCase(Locale.ROOT))) {
                return workload;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + id + "'; known: " + String.join(", ", ids()) + ", or all");
    }

    /** @return the names of all workloads, in order */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Workload::id).collect(Collectors.toList());
    }

    /**
     * The pre-generated operation sequence: key {@code keys[i]} (a permutation of {@code 0..n-1}) and,
     * for map workloads, user key {@code userKeys[i]}, both boxed up front so timing measures the
     * state access and not the boxing of the input.
     *
     * @param keys the key of each operation
     * @param userKeys the map user key of each operation, in {@code 0..99}
     */
    public record Operations(Long[] keys, Long[] userKeys) {

        /** @return the number of operations before the sequence repeats */
        public int size() {
            return keys.length;
        }
    }

    /**
     * @param keys the number of keys
     * @return the operation sequence: a Fisher-Yates shuffle of {@code 0..keys-1} with a
     *     {@code Random(SEED)}, then one user key per operation from the same generator
     */
    public static Operations operations(int keys) {
        Random random = new Random(SEED);
        long[] order = new long[keys];
        for (int i = 0; i < keys; i++) {
            order[i] = i;
        }
        for (int i = keys - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        Long[] boxedKeys = new Long[keys];
        Long[] userKeys = new Long[keys];
        for (int i = 0; i < keys; i++) {
            boxedKeys[i] = order[i];
            userKeys[i] = (long) random.nextInt(ELEMENTS);
        }
        return new Operations(boxedKeys, userKeys);
    }
}
