package io.cairn.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.StringSerializer;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.keyed.KeyedStateBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * List state against a model, through memtable merges, flushes (merges in SST files) and
 * compactions (merges folded by the merge operator): every list reads back as the model's, and
 * every stored value is exactly the concatenation of its elements' serialized bytes, with nothing
 * between them (the empty-delimiter string-append operator of {@link RocksDBResources}).
 */
class RocksDBListStateModelTest {

    @TempDir
    Path tmp;

    private static final ListStateDescriptor<String> LIST = new ListStateDescriptor<>("list", StringSerializer.INSTANCE);

    @Test
    void randomListOperationsWithFlushesAndCompactionsMatchTheModelByteForByte() throws Exception {
        for (int run = 0; run < 3; run++) {
            Random r = new Random(run);
            // no value cache: every append must reach RocksDB as a merge, which is what this test is about
            KeyedStateBackend<String> backend = new EmbeddedRocksDBStateBackend()
                    .withLocalDirectory(tmp.resolve("rocksdb-" + run))
                    .with(RocksDBOptions.VALUE_CACHE_FRACTION, 0.0)
                    .createKeyedStateBackend(KeyedStateBackendParameters.forSubtask("lists", StringSerializer.INSTANCE, 128, 1, 0));
            try {
                ListState<String> list = AllKindsData.stateOf(backend, LIST);
                RocksDBKeyedStateBackend<String> rocks = (RocksDBKeyedStateBackend<String>) backend;
                ColumnFamilyHandle cf = ((AbstractRocksDBState<?, ?, ?>) list).info.columnFamily;
                RocksDB db = rocks.db();
                Map<String, List<String>> model = new HashMap<>();
                for (int step = 0; step < 3_000; step++) {
                    String key = "k" + r.nextInt(40);
                    backend.setCurrentKey(key);
                    int op = r.nextInt(100);
                    if (op < 45) {
                        String e = element(r);
                        list.add(e);
                        model.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
                    } else if (op < 60) {
                        List<String> more = elements(r);
                        list.addAll(more);
                        if (!more.isEmpty()) {
                            model.computeIfAbsent(key, k -> new ArrayList<>()).addAll(more);
                        }
                    } else if (op < 70) {
                        List<String> replacement = elements(r);
                        list.update(replacement);
                        if (replacement.isEmpty()) {
                            model.remove(key);
                        } else {
                            model.put(key, new ArrayList<>(replacement));
                        }
                    } else if (op < 75) {
                        list.clear();
                        model.remove(key);
                    } else {
                        assertThat(toList(list.get())).as("run %d step %d key %s", run, step, key)
                                .isEqualTo(model.getOrDefault(key, List.of()));
                    }
                    if (step % 97 == 0) {
                        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                            db.flush(flush, cf);
                        }
                    }
                    if (step % 701 == 0) {
                        db.compactRange(cf);
                    }
                }
                db.compactRange(cf);
                for (int k = 0; k < 40; k++) {
                    backend.setCurrentKey("k" + k);
                    assertThat(toList(list.get())).as("run %d key k%d after compaction", run, k)
                            .isEqualTo(model.getOrDefault("k" + k, List.of()));
                }
                assertThat(storedValues(db, cf)).as("stored bytes, run %d", run).containsExactlyInAnyOrderElementsOf(
                        model.values().stream().map(RocksDBListStateModelTest::concatenated).toList());
            } finally {
                backend.close();
            }
        }
    }

    /** Elements of varied length, including empty strings and bytes a delimiter would collide with. */
    private static String element(Random r) {
        int length = r.nextInt(6);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append((char) (r.nextBoolean() ? ',' + r.nextInt(3) : 'a' + r.nextInt(26)));
        }
        return b.toString();
    }

    private static List<String> elements(Random r) {
        List<String> list = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            list.add(element(r));
        }
        return list;
    }

    private static List<String> toList(Iterable<String> elements) {
        List<String> list = new ArrayList<>();
        if (elements != null) {
            elements.forEach(list::add);
        }
        return list;
    }

    private static String concatenated(List<String> elements) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(64);
            for (String e : elements) {
                StringSerializer.INSTANCE.serialize(e, out);
            }
            return HexFormat.of().formatHex(out.getCopyOfBuffer());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> storedValues(RocksDB db, ColumnFamilyHandle cf) {
        List<String> values = new ArrayList<>();
        try (RocksIterator it = db.newIterator(cf)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                values.add(HexFormat.of().formatHex(it.value()));
            }
        }
        return values;
    }
}
