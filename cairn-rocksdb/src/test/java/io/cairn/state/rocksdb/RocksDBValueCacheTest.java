package io.cairn.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.config.Configuration;
import io.cairn.config.IllegalConfigurationException;
import io.cairn.config.MemorySize;
import io.cairn.state.ListState;
import io.cairn.state.MapState;
import io.cairn.state.ReducingState;
import io.cairn.state.ValueState;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.serialization.LongSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The value cache of the RocksDB backend ({@link RocksDBValueCache}): on its own against a model,
 * with budgets from "holds everything" to "holds almost nothing"; and inside a backend, where every
 * read of a cached backend must equal the same read of an uncached one after the same random
 * operations, through evictions, list merges, deletes, map iteration with removal and map clears.
 */
class RocksDBValueCacheTest {

    @TempDir
    Path tmp;

    /** A model key: state and key bytes. */
    private record ModelKey(int state, List<Byte> key) {
        static ModelKey of(int state, byte[] key, int length) {
            List<Byte> bytes = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                bytes.add(key[i]);
            }
            return new ModelKey(state, bytes);
        }
    }

    /** An absent key in the model. */
    private static final byte[] ABSENT = new byte[0];

    @Test
    void randomOperationsMatchAModelWhateverTheBudget() {
        for (long budget : new long[] {Long.MAX_VALUE, 40_000, 16_000, 0}) {
            for (int run = 0; run < 4; run++) {
                Random r = new Random(run * 31 + budget);
                RocksDBValueCache cache = new RocksDBValueCache(() -> budget);
                Map<ModelKey, byte[]> model = new HashMap<>();
                byte[] key = new byte[40];
                for (int step = 0; step < 20_000; step++) {
                    int state = r.nextInt(3);
                    int length = 2 + r.nextInt(r.nextBoolean() ? 3 : 30);
                    for (int i = 0; i < length; i++) {
                        key[i] = (byte) r.nextInt(4); // few distinct keys, long shared prefixes
                    }
                    ModelKey mk = ModelKey.of(state, key, length);
                    byte[] value = randomBytes(r);
                    int op = r.nextInt(100);
                    String where = "budget " + budget + " run " + run + " step " + step;
                    if (op < 30) {
                        int offset = r.nextInt(3);
                        byte[] padded = new byte[offset + value.length + 2];
                        System.arraycopy(value, 0, padded, offset, value.length);
                        cache.put(state, key, length, padded, offset, value.length);
                        model.put(mk, value);
                    } else if (op < 40) {
                        cache.putAbsent(state, key, length);
                        model.put(mk, ABSENT);
                    } else if (op < 55) {
                        cache.append(state, key, length, value, 0, value.length);
                        byte[] old = model.get(mk);
                        if (old != null) {
                            byte[] joined = Arrays.copyOf(old, old.length + value.length);
                            System.arraycopy(value, 0, joined, old.length, value.length);
                            model.put(mk, joined);
                        }
                    } else if (op < 62) {
                        cache.remove(state, key, length);
                        model.remove(mk);
                    } else if (op < 70) {
                        byte[] entry = cache.newEntry(state, key, length, value.length);
                        System.arraycopy(value, 0, entry, length, value.length);
                        model.put(mk, value);
                    } else {
                        int slot = cache.lookup(state, key, length);
                        byte[] expected = model.get(mk);
                        if (slot < 0) {
                            if (expected != null && budget == Long.MAX_VALUE) {
                                throw new AssertionError(where + ": with no budget limit nothing known is evicted");
                            }
                            model.remove(mk); // evicted (or never stored): the cache does not know it
                        } else {
                            assertThat(expected).as(where + ": cached but never stored").isNotNull();
                            if (expected == ABSENT) {
                                assertThat(cache.isAbsent(slot)).as(where).isTrue();
                            } else {
                                assertThat(cache.isAbsent(slot)).as(where).isFalse();
                                byte[] entry = cache.entry(slot);
                                int from = cache.valueOffset(slot);
                                assertThat(from).isEqualTo(length);
                                assertThat(Arrays.copyOfRange(entry, 0, length)).as(where)
                                        .isEqualTo(Arrays.copyOf(key, length));
                                assertThat(Arrays.copyOfRange(entry, from, entry.length)).as(where).isEqualTo(expected);
                            }
                        }
                    }
                    // evictions may forget keys the model still has; keys the cache knows must match it
                    if (budget == Long.MAX_VALUE) {
                        assertThat(cache.size()).as(where).isEqualTo(model.size());
                    } else {
                        assertThat(cache.size()).as(where).isLessThanOrEqualTo(model.size());
                        if (cache.size() > 1) {
                            assertThat(cache.weight()).as(where + ": over budget with more than one entry")
                                    .isLessThanOrEqualTo(budget);
                        }
                    }
                }
                // every key the model still has either is evicted or matches
                for (Map.Entry<ModelKey, byte[]> e : model.entrySet()) {
                    byte[] k = new byte[e.getKey().key().size()];
                    for (int i = 0; i < k.length; i++) {
                        k[i] = e.getKey().key().get(i);
                    }
                    int slot = cache.lookup(e.getKey().state(), k, k.length);
                    if (slot >= 0 && e.getValue() != ABSENT) {
                        byte[] entry = cache.entry(slot);
                        assertThat(Arrays.copyOfRange(entry, k.length, entry.length)).isEqualTo(e.getValue());
                    } else if (budget == Long.MAX_VALUE) {
                        assertThat(slot).isGreaterThanOrEqualTo(0);
                        assertThat(cache.isAbsent(slot)).isTrue();
                    }
                }
                cache.clear();
                assertThat(cache.size()).isZero();
            }
        }
    }

    @Test
    void anEntryReadBetweenEvictionsIsNeverEvicted() {
        long[] budget = {Long.MAX_VALUE};
        RocksDBValueCache cache = new RocksDBValueCache(() -> budget[0]);
        byte[] hot = {0, 0, 0, 0};
        cache.put(0, hot, 4, new byte[8], 0, 8);
        for (int i = 1; i <= 50; i++) {
            cache.put(0, new byte[] {0, 0, 1, (byte) i}, 4, new byte[8], 0, 8);
        }
        budget[0] = cache.weight() - 25L * (4 + 8 + RocksDBValueCache.ENTRY_OVERHEAD); // room for 26 entries
        // the first eviction sweeps the whole table (every entry was referenced); put the hot one back after it
        cache.put(0, new byte[] {0, 0, 2, 0}, 4, new byte[8], 0, 8);
        cache.put(0, hot, 4, new byte[8], 0, 8);
        for (int i = 1; i <= 200; i++) {
            assertThat(cache.lookup(0, hot, 4)).as("insert %d", i).isGreaterThanOrEqualTo(0);
            cache.put(0, new byte[] {0, 0, 2, (byte) i}, 4, new byte[8], 0, 8);
            assertThat(cache.weight()).isLessThanOrEqualTo(budget[0]);
        }
        assertThat(cache.lookup(0, hot, 4)).isGreaterThanOrEqualTo(0);
        assertThat(cache.size()).isBetween(2, 27);
    }

    @Test
    void keysThatCannotBeCachedAreNeverCached() {
        RocksDBValueCache cache = new RocksDBValueCache(() -> Long.MAX_VALUE);
        byte[] longKey = new byte[RocksDBValueCache.MAX_KEY_LENGTH + 1];
        cache.put(0, longKey, longKey.length, new byte[] {1}, 0, 1);
        cache.putAbsent(RocksDBValueCache.MAX_STATES, new byte[] {1, 2}, 2);
        assertThat(cache.newEntry(0, longKey, longKey.length, 3)).hasSize(longKey.length + 3);
        assertThat(cache.size()).isZero();
        assertThat(cache.lookup(0, longKey, longKey.length)).isEqualTo(-1);
        assertThat(cache.lookup(RocksDBValueCache.MAX_STATES, new byte[] {1, 2}, 2)).isEqualTo(-1);
    }

    @Test
    void aCachedBackendReadsExactlyWhatAnUncachedOneReads() throws Exception {
        // 1 MiB managed memory, 5% for the cache: about 52 KB for one backend, so entries are evicted all the time
        for (double fraction : new double[] {0.05, 0.9}) {
            for (int run = 0; run < 2; run++) {
                compareWithUncached(fraction, run);
            }
        }
    }

    private void compareWithUncached(double fraction, int run) throws Exception {
        Path dir = tmp.resolve("compare-" + fraction + "-" + run);
        RocksDBKeyedStateBackend<Long> cached = open(dir.resolve("cached"), fraction);
        RocksDBKeyedStateBackend<Long> plain = open(dir.resolve("plain"), 0.0);
        try {
            Random r = new Random(run);
            List<RocksDBKeyedStateBackend<Long>> both = List.of(cached, plain);
            for (int step = 0; step < 12_000; step++) {
                long key = r.nextInt(run == 0 ? 50 : 2_000);
                int op = r.nextInt(100);
                String userKey = "u" + r.nextInt(6);
                long number = r.nextInt(1000) - 500;
                String element = "e" + r.nextInt(100);
                boolean emptyUpdate = r.nextBoolean();
                List<Object> results = new ArrayList<>();
                for (RocksDBKeyedStateBackend<Long> b : both) {
                    b.setCurrentKey(key);
                    ValueState<Long> count = AllKindsData.state(b, AllKindsData.COUNT);
                    ListState<String> list = AllKindsData.state(b, AllKindsData.LIST);
                    MapState<String, Long> map = AllKindsData.state(b, AllKindsData.MAP);
                    ReducingState<Long> sum = AllKindsData.state(b, AllKindsData.SUM);
                    if (op < 12) {
                        Long v = count.value();
                        count.update(v == null ? number : v + number);
                        results.add(v);
                    } else if (op < 15) {
                        count.clear();
                    } else if (op < 27) {
                        list.add(element);
                    } else if (op < 31) {
                        list.update(emptyUpdate ? List.of() : List.of(element, element + "x"));
                    } else if (op < 34) {
                        list.addAll(List.of(element, "y"));
                    } else if (op < 36) {
                        list.clear();
                    } else if (op < 48) {
                        Long v = map.get(userKey);
                        map.put(userKey, v == null ? number : v + number);
                        results.add(v);
                    } else if (op < 51) {
                        map.remove(userKey);
                    } else if (op < 53) {
                        map.put(userKey, null);
                    } else if (op < 55) {
                        for (Iterator<Map.Entry<String, Long>> it = map.iterator(); it.hasNext(); ) {
                            Map.Entry<String, Long> e = it.next();
                            if (e.getKey().endsWith("1") || e.getKey().endsWith("4")) {
                                it.remove();
                            } else if (e.getKey().endsWith("2")) {
                                e.setValue(number);
                            }
                        }
                    } else if (op < 56) {
                        map.clear();
                    } else if (op < 62) {
                        sum.add(number);
                    } else if (op < 64) {
                        sum.clear();
                    } else {
                        results.add(count.value());
                        results.add(toList(list.get()));
                        results.add(map.get(userKey));
                        results.add(map.contains(userKey));
                        results.add(map.isEmpty());
                        results.add(sum.get());
                    }
                }
                int half = results.size() / 2;
                assertThat(results.subList(0, half)).as("fraction %s run %d step %d key %d op %d", fraction, run,
                        step, key, op).isEqualTo(results.subList(half, results.size()));
            }
            for (String name : List.of("count", "list", "map", "sum")) {
                assertThat(cached.getKeys(name, VoidNamespace.INSTANCE).sorted().collect(Collectors.toList()))
                        .as(name).isEqualTo(plain.getKeys(name, VoidNamespace.INSTANCE).sorted()
                                .collect(Collectors.toList()));
            }
        } finally {
            cached.close();
            plain.close();
        }
    }

    @Test
    void theFractionMustBeBetweenZeroAndNineTenths() {
        for (double bad : new double[] {-0.1, 0.95, Double.NaN}) {
            Configuration config = new Configuration();
            config.set(RocksDBOptions.VALUE_CACHE_FRACTION, bad);
            assertThatThrownBy(() -> RocksDBSettings.from(config))
                    .isInstanceOf(IllegalConfigurationException.class)
                    .hasMessageContaining("state.backend.rocksdb.memory.value-cache-fraction")
                    .hasMessageContaining(String.valueOf(bad));
        }
    }

    @Test
    void withoutManagedMemoryOrWithAZeroFractionThereIsNoCache() throws Exception {
        RocksDBKeyedStateBackend<Long> unmanaged = (RocksDBKeyedStateBackend<Long>) new EmbeddedRocksDBStateBackend()
                .withLocalDirectory(tmp.resolve("unmanaged"))
                .with(RocksDBOptions.USE_MANAGED_MEMORY, false)
                .createKeyedStateBackend(params());
        RocksDBKeyedStateBackend<Long> zero = open(tmp.resolve("zero"), 0.0);
        RocksDBKeyedStateBackend<Long> cached = open(tmp.resolve("cached"), 0.25);
        try {
            assertThat(unmanaged.valueCache()).isNull();
            assertThat(zero.valueCache()).isNull();
            assertThat(cached.valueCache()).isNotNull();
            cached.setCurrentKey(7L);
            AllKindsData.state(cached, AllKindsData.COUNT).update(3L);
            assertThat(cached.valueCache().size()).isEqualTo(1);
            // 1 MiB * 0.25, shared by the backends holding that managed memory now
            assertThat(cached.valueCache().weight()).isLessThanOrEqualTo(MemorySize.ofMebiBytes(1).getBytes() / 4);
        } finally {
            unmanaged.close();
            zero.close();
            cached.close();
        }
    }

    private RocksDBKeyedStateBackend<Long> open(Path dir, double fraction) throws Exception {
        return (RocksDBKeyedStateBackend<Long>) new EmbeddedRocksDBStateBackend()
                .withLocalDirectory(dir)
                .with(RocksDBOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(1))
                .with(RocksDBOptions.VALUE_CACHE_FRACTION, fraction)
                .createKeyedStateBackend(params());
    }

    private static KeyedStateBackendParameters<Long> params() {
        return KeyedStateBackendParameters.forSubtask("cache-test", LongSerializer.INSTANCE, 128, 1, 0);
    }

    private static byte[] randomBytes(Random r) {
        byte[] b = new byte[r.nextInt(r.nextInt(10) == 0 ? 300 : 12)];
        r.nextBytes(b);
        return b;
    }

    private static <T> List<T> toList(Iterable<T> it) {
        List<T> out = new ArrayList<>();
        it.forEach(out::add);
        return out;
    }
}
