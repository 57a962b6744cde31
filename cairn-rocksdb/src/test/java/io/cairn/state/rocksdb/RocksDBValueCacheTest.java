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
import io.cairn.checkpoint.storage.MemCheckpointStreamFactory;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.keyed.KeyedBackends;
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
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

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

        byte[] bytes() {
            byte[] k = new byte[key.size()];
            for (int i = 0; i < k.length; i++) {
                k[i] = key.get(i);
            }
            return k;
        }
    }

    /** A model "RocksDB" that the cache's sinks write into. */
    private static final class ModelStore implements RocksDBValueCache.Sink {
        final Map<ModelKey, byte[]> stored = new HashMap<>();
        int writes;

        @Override
        public void write(int state, byte[] entry, int keyLength, boolean absent) {
            ModelKey k = ModelKey.of(state, entry, keyLength);
            writes++;
            if (absent) {
                stored.remove(k);
            } else {
                stored.put(k, Arrays.copyOfRange(entry, keyLength, entry.length));
            }
        }
    }

    private static void assertSameContents(Map<ModelKey, byte[]> actual, Map<ModelKey, byte[]> expected, String where) {
        assertThat(actual.keySet()).as(where).isEqualTo(expected.keySet());
        for (Map.Entry<ModelKey, byte[]> e : expected.entrySet()) {
            assertThat(actual.get(e.getKey())).as(where + " " + e.getKey()).isEqualTo(e.getValue());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    /**
     * The backend's protocol against models of the logical state and of RocksDB: a read that the cache
     * answers must equal the logical value; a read it does not answer goes to the RocksDB model, which
     * must then hold the logical value; after a flush the RocksDB model must equal the logical state.
     */
    @Test
    void randomOperationsMatchTheModelsWhateverTheBudget() throws Exception {
        for (long budget : new long[] {Long.MAX_VALUE, 40_000, 16_000, 0}) {
            for (int run = 0; run < 4; run++) {
                Random r = new Random(run * 31 + budget);
                ModelStore rocks = new ModelStore();
                RocksDBValueCache cache = new RocksDBValueCache(() -> budget, rocks);
                Map<ModelKey, byte[]> logical = new HashMap<>(); // absent keys are missing
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
                    String where = "budget " + budget + " run " + run + " step " + step + " op " + op;
                    if (op < 25) { // a point write: dirty
                        int offset = r.nextInt(3);
                        byte[] padded = new byte[offset + value.length + 2];
                        System.arraycopy(value, 0, padded, offset, value.length);
                        assertThat(cache.put(state, key, length, padded, offset, value.length, true)).isTrue();
                        logical.put(mk, value);
                    } else if (op < 30) { // an iterator's write: RocksDB first, then clean in the cache
                        rocks.stored.put(mk, value);
                        cache.put(state, key, length, value, 0, value.length, false);
                        logical.put(mk, value);
                    } else if (op < 38) { // a point delete: dirty
                        assertThat(cache.putAbsent(state, key, length, true)).isTrue();
                        logical.remove(mk);
                    } else if (op < 42) { // an iterator's delete: RocksDB first, then forgotten
                        rocks.stored.remove(mk);
                        cache.remove(state, key, length);
                        logical.remove(mk);
                    } else if (op < 57) { // a list append
                        if (!cache.append(state, key, length, value, 0, value.length)) {
                            rocks.stored.merge(mk, value, RocksDBValueCacheTest::concat); // the backend merges in RocksDB
                        }
                        logical.merge(mk, value, RocksDBValueCacheTest::concat);
                    } else if (op < 59) {
                        cache.flushDirty(rocks);
                        assertThat(cache.hasDirty()).isFalse();
                        assertSameContents(rocks.stored, logical, where);
                    } else { // a point read
                        int slot = cache.lookup(state, key, length);
                        byte[] expected = logical.get(mk);
                        if (slot >= 0) {
                            if (expected == null) {
                                assertThat(cache.isAbsent(slot)).as(where).isTrue();
                            } else {
                                assertThat(cache.isAbsent(slot)).as(where).isFalse();
                                byte[] entry = cache.entry(slot);
                                assertThat(cache.valueOffset(slot)).isEqualTo(length);
                                assertThat(Arrays.copyOfRange(entry, 0, length)).as(where)
                                        .isEqualTo(Arrays.copyOf(key, length));
                                assertThat(Arrays.copyOfRange(entry, length, entry.length)).as(where).isEqualTo(expected);
                            }
                        } else {
                            byte[] inRocks = rocks.stored.get(mk);
                            assertThat(inRocks).as(where + ": an uncached key reads RocksDB").isEqualTo(expected);
                            if (inRocks == null) {
                                cache.putAbsent(state, key, length, false);
                            } else {
                                byte[] entry = Arrays.copyOf(key, length + inRocks.length);
                                System.arraycopy(inRocks, 0, entry, length, inRocks.length);
                                cache.adopt(state, entry, length);
                            }
                        }
                    }
                    if (budget != Long.MAX_VALUE && cache.size() > 1) {
                        assertThat(cache.weight()).as(where + ": over budget with more than one entry")
                                .isLessThanOrEqualTo(budget);
                    }
                }
                cache.flushDirty(rocks);
                assertSameContents(rocks.stored, logical, "end");
                for (ModelKey k : logical.keySet()) {
                    byte[] kb = k.bytes();
                    int slot = cache.lookup(k.state(), kb, kb.length);
                    if (slot >= 0) { // keys only appended in RocksDB were never cached
                        assertThat(cache.isAbsent(slot)).isFalse();
                        byte[] entry = cache.entry(slot);
                        assertThat(Arrays.copyOfRange(entry, kb.length, entry.length)).isEqualTo(logical.get(k));
                    }
                }
                cache.clear();
                assertThat(cache.size()).isZero();
                assertThat(cache.hasDirty()).isFalse();
            }
        }
    }

    @Test
    void aFlushWritesEachDirtyKeyOnceAndAFailedOneStaysDirty() throws Exception {
        ModelStore rocks = new ModelStore();
        RocksDBValueCache cache = new RocksDBValueCache(() -> Long.MAX_VALUE, rocks);
        byte[] a = {0, 1, 'a'};
        byte[] b = {0, 1, 'b'};
        for (int i = 0; i < 5; i++) {
            cache.put(0, a, 3, new byte[] {(byte) i}, 0, 1, true);
            cache.putAbsent(0, b, 3, true);
            cache.put(0, b, 3, new byte[] {(byte) i, 9}, 0, 2, true); // a new length: a new array, still one key
        }
        assertThat(cache.flushDirty(rocks)).isEqualTo(2);
        assertThat(rocks.writes).isEqualTo(2);
        assertThat(rocks.stored.get(ModelKey.of(0, a, 3))).containsExactly(4);
        assertThat(rocks.stored.get(ModelKey.of(0, b, 3))).containsExactly(4, 9);
        assertThat(cache.flushDirty(rocks)).isZero();

        cache.put(0, a, 3, new byte[] {7}, 0, 1, true);
        cache.put(0, b, 3, new byte[] {8}, 0, 1, true);
        RocksDBValueCache.Sink failing = (state, entry, keyLength, absent) -> {
            throw new RocksDBException("disk full");
        };
        assertThatThrownBy(() -> cache.flushDirty(failing)).isInstanceOf(RocksDBException.class);
        assertThat(cache.hasDirty()).isTrue();
        assertThat(cache.flushDirty(rocks)).isEqualTo(2);
        assertThat(rocks.stored.get(ModelKey.of(0, a, 3))).containsExactly(7);
    }

    @Test
    void anEvictedDirtyEntryIsWrittenFirst() throws Exception {
        long[] budget = {Long.MAX_VALUE};
        ModelStore rocks = new ModelStore();
        RocksDBValueCache cache = new RocksDBValueCache(() -> budget[0], rocks);
        for (int i = 0; i < 100; i++) {
            cache.put(0, new byte[] {0, 0, (byte) i}, 3, new byte[] {(byte) i}, 0, 1, true);
        }
        assertThat(rocks.writes).isZero();
        budget[0] = 0; // the next write evicts everything
        cache.putAbsent(1, new byte[] {0, 0, 0}, 3, true);
        assertThat(cache.size()).isZero();
        assertThat(rocks.stored).hasSize(100);
        assertThat(rocks.stored.get(ModelKey.of(0, new byte[] {0, 0, 42}, 3))).containsExactly(42);
        assertThat(cache.flushDirty(rocks)).isZero(); // the evicted entries are listed, but not cached any more
    }

    @Test
    void aFullDirtyListIsFlushedThroughTheEvictionSink() throws Exception {
        ModelStore rocks = new ModelStore();
        RocksDBValueCache cache = new RocksDBValueCache(() -> Long.MAX_VALUE, rocks);
        for (int i = 0; i < RocksDBValueCache.MAX_DIRTY + 10; i++) {
            byte[] key = {0, 0, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
            cache.put(0, key, key.length, new byte[] {(byte) i}, 0, 1, true);
        }
        assertThat(rocks.writes).isEqualTo(RocksDBValueCache.MAX_DIRTY);
        assertThat(cache.flushDirty(rocks)).isEqualTo(10);
        assertThat(rocks.stored).hasSize(RocksDBValueCache.MAX_DIRTY + 10);
    }

    @Test
    void aFailingEvictionLeavesNoHalfWrittenEntry() throws Exception {
        long[] budget = {Long.MAX_VALUE};
        boolean[] fail = {false};
        ModelStore rocks = new ModelStore();
        RocksDBValueCache cache = new RocksDBValueCache(() -> budget[0], (state, entry, keyLength, absent) -> {
            if (fail[0]) {
                throw new RocksDBException("disk full");
            }
            rocks.write(state, entry, keyLength, absent);
        });
        for (int i = 0; i < 40; i++) {
            cache.put(0, new byte[] {0, 0, (byte) i}, 3, new byte[] {(byte) i, 1}, 0, 2, true);
        }
        budget[0] = 0;
        fail[0] = true;
        byte[] entry = {0, 1, 9, 42, 43};
        assertThatThrownBy(() -> cache.adopt(0, entry, 3)).isInstanceOf(RocksDBException.class);
        assertThatThrownBy(() -> cache.append(0, new byte[] {0, 0, 5}, 3, new byte[] {7}, 0, 1))
                .isInstanceOf(RocksDBException.class);
        int slot = cache.lookup(0, entry, 3);
        if (slot >= 0) { // cached whole or not at all
            assertThat(Arrays.copyOfRange(cache.entry(slot), 3, cache.entry(slot).length)).containsExactly(42, 43);
        }
        fail[0] = false;
        budget[0] = Long.MAX_VALUE;
        cache.flushDirty(rocks);
        for (int i = 0; i < 40; i++) { // nothing dirty was lost: each key is in the store or still cached
            byte[] key = {0, 0, (byte) i};
            byte[] stored = rocks.stored.get(ModelKey.of(0, key, 3));
            int s = cache.lookup(0, key, 3);
            byte[] value = s >= 0 ? Arrays.copyOfRange(cache.entry(s), 3, cache.entry(s).length) : stored;
            assertThat(value).as("key %d", i).isEqualTo(i == 5 ? new byte[] {5, 1, 7} : new byte[] {(byte) i, 1});
            assertThat(stored).as("key %d", i).isEqualTo(value);
        }
    }

    @Test
    void theTableShrinksWhenTheBudgetFalls() throws Exception {
        long[] budget = {Long.MAX_VALUE};
        ModelStore rocks = new ModelStore();
        RocksDBValueCache cache = new RocksDBValueCache(() -> budget[0], rocks);
        for (int i = 0; i < 10_000; i++) {
            byte[] key = {0, 0, (byte) (i >>> 8), (byte) i};
            cache.put(0, key, 4, new byte[] {(byte) i}, 0, 1, true);
        }
        assertThat(cache.weight()).isGreaterThan(200_000);
        budget[0] = 20_000;
        cache.put(0, new byte[] {1, 1, 1, 1}, 4, new byte[] {1}, 0, 1, true);
        assertThat(cache.weight()).isLessThanOrEqualTo(20_000);
        assertThat(cache.size()).isGreaterThan(100); // a small table, not an empty one
        cache.flushDirty(rocks);
        assertThat(rocks.stored).hasSize(10_001);
        for (int i = 0; i < 10_000; i += 37) {
            byte[] key = {0, 0, (byte) (i >>> 8), (byte) i};
            int slot = cache.lookup(0, key, 4);
            byte[] value = slot >= 0 ? Arrays.copyOfRange(cache.entry(slot), 4, 5) : rocks.stored.get(ModelKey.of(0, key, 4));
            assertThat(value).containsExactly((byte) i);
        }
    }

    @Test
    void keysWithTheSameHashStayApart() throws Exception {
        Map<Long, byte[]> seen = new HashMap<>();
        Random r = new Random(3);
        byte[] a = null;
        byte[] b = null;
        while (a == null) {
            byte[] k = new byte[8];
            r.nextBytes(k);
            byte[] other = seen.putIfAbsent(RocksDBValueCache.identity(1, k, 8), k);
            if (other != null && !Arrays.equals(other, k)) {
                a = other;
                b = k;
            }
        }
        RocksDBValueCache cache = new RocksDBValueCache(() -> Long.MAX_VALUE, new ModelStore());
        cache.put(1, a, 8, new byte[] {1}, 0, 1, true);
        cache.put(1, b, 8, new byte[] {2}, 0, 1, true);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.entry(cache.lookup(1, a, 8))[8]).isEqualTo((byte) 1);
        assertThat(cache.entry(cache.lookup(1, b, 8))[8]).isEqualTo((byte) 2);
        cache.remove(1, a, 8);
        assertThat(cache.lookup(1, a, 8)).isEqualTo(-1);
        assertThat(cache.entry(cache.lookup(1, b, 8))[8]).isEqualTo((byte) 2);
    }

    @Test
    void aLongListIsAppendedInRocksDBNotCopiedInTheCache() throws Exception {
        ModelStore rocks = new ModelStore();
        RocksDBValueCache cache = new RocksDBValueCache(() -> Long.MAX_VALUE, rocks);
        byte[] key = {0, 0, 1};
        cache.putAbsent(0, key, 3, false);
        byte[] element = new byte[100];
        int appended = 0;
        while (cache.append(0, key, 3, element, 0, element.length)) {
            appended++;
        }
        assertThat(appended).isEqualTo(RocksDBValueCache.APPEND_LIMIT / 100);
        assertThat(cache.lookup(0, key, 3)).isEqualTo(-1); // dropped, after it was written back
        assertThat(rocks.stored.get(ModelKey.of(0, key, 3))).hasSize(appended * 100);
    }

    @Test
    void anEntryReadBetweenEvictionsIsNeverEvicted() throws Exception {
        // a 64-slot table (768 bytes, at most half the budget) holding at most 32 entries of 36 bytes
        long budget = 2 * 64 * RocksDBValueCache.SLOT_BYTES + 30L * (4 + 8 + RocksDBValueCache.ENTRY_OVERHEAD);
        RocksDBValueCache cache = new RocksDBValueCache(() -> budget, new ModelStore());
        for (int i = 1; i <= 50; i++) {
            cache.put(0, new byte[] {0, 0, 1, (byte) i}, 4, new byte[8], 0, 8, false);
        }
        // the first eviction swept the whole table (every entry was referenced); the hot entry comes after it
        byte[] hot = {0, 0, 0, 0};
        cache.put(0, hot, 4, new byte[8], 0, 8, false);
        for (int i = 1; i <= 200; i++) {
            assertThat(cache.lookup(0, hot, 4)).as("insert %d", i).isGreaterThanOrEqualTo(0);
            cache.put(0, new byte[] {0, 0, 2, (byte) i}, 4, new byte[8], 0, 8, false);
            assertThat(cache.weight()).isLessThanOrEqualTo(budget);
        }
        assertThat(cache.lookup(0, hot, 4)).isGreaterThanOrEqualTo(0);
        assertThat(cache.size()).isBetween(20, 32);
    }

    @Test
    void keysThatCannotBeCachedAreLeftToTheCaller() throws Exception {
        RocksDBValueCache cache = new RocksDBValueCache(() -> Long.MAX_VALUE, new ModelStore());
        byte[] longKey = new byte[RocksDBValueCache.MAX_KEY_LENGTH + 1];
        assertThat(cache.put(0, longKey, longKey.length, new byte[] {1}, 0, 1, true)).isFalse();
        assertThat(cache.putAbsent(RocksDBValueCache.MAX_STATES, new byte[] {1, 2}, 2, true)).isFalse();
        assertThat(cache.append(0, new byte[0], 0, new byte[] {1}, 0, 1)).isFalse();
        cache.adopt(0, Arrays.copyOf(longKey, longKey.length + 3), longKey.length);
        assertThat(cache.size()).isZero();
        assertThat(cache.hasDirty()).isFalse();
        assertThat(cache.lookup(0, longKey, longKey.length)).isEqualTo(-1);
        assertThat(cache.lookup(RocksDBValueCache.MAX_STATES, new byte[] {1, 2}, 2)).isEqualTo(-1);
    }

    @Test
    void aCachedBackendReadsExactlyWhatAnUncachedOneReads() throws Exception {
        // 1 MiB managed memory, 5% for the cache: about 52 KB for one backend, so entries are evicted all the time
        for (double fraction : new double[] {0.05, 0.9}) {
            for (int run = 0; run < 2; run++) {
                compareWithUncached(fraction, run,
                        run == 0 ? RocksDBCheckpointFormat.NATIVE : RocksDBCheckpointFormat.CANONICAL);
            }
        }
    }

    private void compareWithUncached(double fraction, int run, RocksDBCheckpointFormat format) throws Exception {
        Path dir = tmp.resolve("compare-" + fraction + "-" + run);
        RocksDBKeyedStateBackend<Long> cached = (RocksDBKeyedStateBackend<Long>) new EmbeddedRocksDBStateBackend()
                .withLocalDirectory(dir.resolve("cached"))
                .with(RocksDBOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(1))
                .with(RocksDBOptions.VALUE_CACHE_FRACTION, fraction)
                .withCheckpointFormat(format)
                .createKeyedStateBackend(params());
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
            for (int i = 0; i < 200; i++) { // writes still dirty in the cache
                cached.setCurrentKey((long) i);
                plain.setCurrentKey((long) i);
                AllKindsData.state(cached, AllKindsData.LIST).add("k" + i);
                AllKindsData.state(plain, AllKindsData.LIST).add("k" + i);
            }
            // keys() scans RocksDB: it must see them
            assertThat(cached.valueCache().hasDirty()).isTrue();
            for (String name : List.of("count", "list", "map", "sum")) {
                assertThat(cached.getKeys(name, VoidNamespace.INSTANCE).sorted().collect(Collectors.toList()))
                        .as(name).isEqualTo(plain.getKeys(name, VoidNamespace.INSTANCE).sorted()
                                .collect(Collectors.toList()));
            }
            for (int i = 0; i < 200; i++) { // make some entries dirty again
                cached.setCurrentKey((long) i);
                plain.setCurrentKey((long) i);
                AllKindsData.state(cached, AllKindsData.COUNT).update((long) i);
                AllKindsData.state(plain, AllKindsData.COUNT).update((long) i);
            }
            // the last writes are still dirty in the cache: the checkpoint must hold them all
            assertThat(cached.valueCache().hasDirty()).isTrue();
            KeyedStateHandle handle = KeyedBackends.runSnapshot(cached, 1, new MemCheckpointStreamFactory(64 << 20));
            RocksDBKeyedStateBackend<Long> restored = open(dir.resolve("restored"), fraction);
            try {
                restored.restore(StateHandles.of(List.of(handle)));
                for (long key = 0; key < (run == 0 ? 50 : 2_000); key++) {
                    assertThat(everything(restored, key)).as("restored key %d", key).isEqualTo(everything(plain, key));
                }
            } finally {
                restored.close();
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

    /** Every state of a key, read through the public API (map entries through an iterator). */
    private static List<Object> everything(RocksDBKeyedStateBackend<Long> b, long key) {
        b.setCurrentKey(key);
        Map<String, Long> entries = new java.util.TreeMap<>();
        for (Map.Entry<String, Long> e : AllKindsData.state(b, AllKindsData.MAP).entries()) {
            entries.put(e.getKey(), e.getValue());
        }
        return Arrays.asList(AllKindsData.state(b, AllKindsData.COUNT).value(),
                toList(AllKindsData.state(b, AllKindsData.LIST).get()), entries,
                AllKindsData.state(b, AllKindsData.SUM).get());
    }

    @Test
    void theJavaBuiltWriteBatchHasExactlyRocksDBsBytesAndApplies() throws Exception {
        RocksDBKeyedStateBackend<Long> b = open(tmp.resolve("batch"), 0.25);
        try {
            AllKindsData.state(b, AllKindsData.COUNT);
            AllKindsData.state(b, AllKindsData.LIST);
            AllKindsData.state(b, AllKindsData.MAP);
            List<RocksDBStateInfo> infos = b.stateInfos();
            Random r = new Random(7);
            WriteBatchBytes ours = new WriteBatchBytes();
            Map<String, byte[]> expected = new HashMap<>();
            try (WriteBatch theirs = new WriteBatch()) {
                for (int i = 0; i < 2_000; i++) {
                    RocksDBStateInfo info = infos.get(r.nextInt(infos.size()));
                    int keyLength = 1 + (r.nextInt(50) == 0 ? 20_000 : r.nextInt(r.nextBoolean() ? 12 : 300));
                    int valueLength = r.nextInt(50) == 0 ? 200_000 : r.nextInt(r.nextBoolean() ? 12 : 300);
                    byte[] entry = new byte[keyLength + valueLength];
                    r.nextBytes(entry);
                    entry[0] = (byte) r.nextInt(3); // some keys repeat
                    byte[] key = Arrays.copyOf(entry, keyLength);
                    String id = info.name + "/" + java.util.HexFormat.of().formatHex(key);
                    if (r.nextInt(4) == 0) {
                        ours.delete(info.columnFamilyId, entry, keyLength);
                        theirs.delete(info.columnFamily, key);
                        expected.put(id, null);
                    } else {
                        byte[] value = Arrays.copyOfRange(entry, keyLength, entry.length);
                        ours.put(info.columnFamilyId, entry, keyLength, keyLength, valueLength);
                        theirs.put(info.columnFamily, key, value);
                        expected.put(id, value);
                    }
                }
                assertThat(ours.count()).isEqualTo(theirs.count());
                assertThat(ours.toBytes()).isEqualTo(theirs.data());
            }
            try (WriteBatch batch = new WriteBatch(ours.toBytes())) {
                b.db().write(new org.rocksdb.WriteOptions(), batch);
            }
            for (Map.Entry<String, byte[]> e : expected.entrySet()) {
                String[] parts = e.getKey().split("/");
                RocksDBStateInfo info = b.stateInfo(parts[0]);
                assertThat(b.db().get(info.columnFamily, java.util.HexFormat.of().parseHex(parts[1])))
                        .as(e.getKey()).isEqualTo(e.getValue());
            }
            ours.reset();
            assertThat(ours.count()).isZero();
            assertThat(ours.toBytes()).hasSize(WriteBatchBytes.HEADER_BYTES).containsOnly(0);
        } finally {
            b.close();
        }
    }

    @Test
    void theCachesTakeAtMostAQuarterOfTheHeap() {
        long mib = 1L << 20;
        assertThat(SharedRocksDBMemory.valueCacheBytes(512 * mib, 0.25, 4096 * mib)).isEqualTo(128 * mib);
        assertThat(SharedRocksDBMemory.valueCacheBytes(4096 * mib, 0.25, 1024 * mib)).isEqualTo(256 * mib);
        assertThat(SharedRocksDBMemory.valueCacheBytes(512 * mib, 0.0, 4096 * mib)).isZero();
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
            // 1 MiB * 0.25 for this backend alone: 20,000 keys do not fit, and what stays is within budget
            ValueState<Long> count = AllKindsData.state(cached, AllKindsData.COUNT);
            for (long k = 0; k < 20_000; k++) {
                cached.setCurrentKey(k);
                count.update(k * 3);
            }
            assertThat(cached.valueCache().size()).isBetween(1_000, 19_999);
            assertThat(cached.valueCache().weight()).isLessThanOrEqualTo(MemorySize.ofMebiBytes(1).getBytes() / 4);
            // a second backend with the same memory halves the first one's share at its next write
            RocksDBKeyedStateBackend<Long> second = open(tmp.resolve("second"), 0.25);
            try {
                cached.setCurrentKey(20_000L);
                count.update(1L);
                assertThat(cached.valueCache().weight()).isLessThanOrEqualTo(MemorySize.ofMebiBytes(1).getBytes() / 8);
            } finally {
                second.close();
            }
            for (long k = 0; k < 20_000; k += 997) {
                cached.setCurrentKey(k);
                assertThat(count.value()).isEqualTo(k * 3);
            }
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
