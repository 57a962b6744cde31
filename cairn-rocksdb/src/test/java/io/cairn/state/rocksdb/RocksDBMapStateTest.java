package io.cairn.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.serialization.IntSerializer;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.StringSerializer;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.keyed.KeyedStateBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Map and list state details of the RocksDB layout: batched iteration, write-through, prefixes, binary elements. */
class RocksDBMapStateTest {

    @TempDir
    Path tmp;

    private KeyedStateBackend<String> backend;

    @BeforeEach
    void open() throws Exception {
        backend = new EmbeddedRocksDBStateBackend().withLocalDirectory(tmp.resolve("rocksdb")).createKeyedStateBackend(
                KeyedStateBackendParameters.forSubtask("maps", StringSerializer.INSTANCE, 128, 1, 0));
    }

    @AfterEach
    void close() {
        backend.close();
    }

    private MapState<Integer, String> map() {
        return AllKindsData.stateOf(backend, new MapStateDescriptor<>("m", IntSerializer.INSTANCE, StringSerializer.INSTANCE));
    }

    @Test
    void iterationCrossesBatchesAndRemoveWritesThrough() {
        MapState<Integer, String> map = map();
        backend.setCurrentKey("a");
        int n = RocksDBMapState.ITERATOR_BATCH * 3 + 17;
        for (int i = 0; i < n; i++) {
            map.put(i, "v" + i);
        }
        backend.setCurrentKey("b");
        map.put(1, "other key");
        backend.setCurrentKey("a");
        Map<Integer, String> seen = new TreeMap<>();
        Iterator<Map.Entry<Integer, String>> it = map.iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, String> e = it.next();
            seen.put(e.getKey(), e.getValue());
            if (e.getKey() % 3 == 0) {
                it.remove();
            } else if (e.getKey() % 3 == 1) {
                assertThat(e.setValue("changed")).isEqualTo("v" + e.getKey());
            }
        }
        assertThat(seen).hasSize(n);
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        for (int i = 0; i < n; i++) {
            assertThat(map.contains(i)).isEqualTo(i % 3 != 0);
            assertThat(map.get(i)).isEqualTo(i % 3 == 0 ? null : i % 3 == 1 ? "changed" : "v" + i);
        }
        List<Integer> keys = new ArrayList<>();
        map.keys().forEach(keys::add);
        assertThat(keys).hasSize(n - (n + 2) / 3).doesNotHaveDuplicates();
        backend.setCurrentKey("b");
        assertThat(map.keys()).containsExactly(1);
        assertThat(backend.getKeys("m", VoidNamespace.INSTANCE)).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void removeWithoutNextIsRejected() {
        MapState<Integer, String> map = map();
        backend.setCurrentKey("a");
        map.put(1, "x");
        Iterator<Map.Entry<Integer, String>> it = map.iterator();
        assertThatThrownBy(it::remove).isInstanceOf(IllegalStateException.class).hasMessageContaining("'m'");
        it.next();
        it.remove();
        assertThatThrownBy(it::remove).isInstanceOf(IllegalStateException.class);
        assertThat(map.isEmpty()).isTrue();
    }

    @Test
    void keysThatArePrefixesOfOtherKeysStayApart() {
        // "a" and "ab" serialize with a length first, so neither key's bytes are a prefix of the other's
        MapState<Integer, String> map = map();
        for (String key : List.of("a", "ab", "", "b")) {
            backend.setCurrentKey(key);
            map.put(key.length(), key);
        }
        for (String key : List.of("a", "ab", "", "b")) {
            backend.setCurrentKey(key);
            assertThat(map.entries()).hasSize(1);
            assertThat(map.get(key.length())).isEqualTo(key);
            map.clear();
            assertThat(map.isEmpty()).isTrue();
        }
    }

    @Test
    void namespacesOfOneKeyDoNotSeeEachOther() {
        MapStateDescriptor<String, Long> d = new MapStateDescriptor<>("windows", StringSerializer.INSTANCE, LongSerializer.INSTANCE);
        backend.setCurrentKey("k");
        for (long window = 0; window < 5; window++) {
            MapState<String, Long> m = backend.getPartitionedState(window, LongSerializer.INSTANCE, d);
            m.put("w", window);
            m.put("x", window * 10);
        }
        backend.getPartitionedState(2L, LongSerializer.INSTANCE, d).clear();
        for (long window = 0; window < 5; window++) {
            MapState<String, Long> m = backend.getPartitionedState(window, LongSerializer.INSTANCE, d);
            if (window == 2) {
                assertThat(m.isEmpty()).isTrue();
                assertThat(backend.getKeys("windows", window)).isEmpty();
            } else {
                assertThat(m.keys()).containsExactlyInAnyOrder("w", "x");
                assertThat(m.get("x")).isEqualTo(window * 10);
                assertThat(backend.getKeys("windows", window)).containsExactly("k");
            }
        }
    }

    @Test
    void listElementsWithAnyBytesRoundTrip() {
        ListState<byte[]> list = AllKindsData.stateOf(backend, new ListStateDescriptor<>("bytes", byte[].class));
        backend.setCurrentKey("k");
        byte[] zeros = new byte[17];
        byte[] empty = new byte[0];
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        list.add(zeros);
        list.addAll(List.of(empty, all));
        list.add(new byte[] {','});
        List<byte[]> read = new ArrayList<>();
        list.get().forEach(read::add);
        assertThat(read).containsExactly(zeros, empty, all, new byte[] {','});
    }
}
