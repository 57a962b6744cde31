package io.cairn.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.config.IllegalConfigurationException;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.StringSerializer;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.keyed.KeyedStateBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** List appends with {@link RocksDBOptions#LIST_MAX_SUCCESSIVE_MERGES}: folded or not, a list reads back whole. */
class RocksDBListMergeTest {

    @TempDir
    Path tmp;

    @Test
    void foldsSixteenAppendsByDefault() {
        assertThat(new EmbeddedRocksDBStateBackend().get(RocksDBOptions.LIST_MAX_SUCCESSIVE_MERGES)).isEqualTo(16);
        assertThatThrownBy(() -> new EmbeddedRocksDBStateBackend().with(RocksDBOptions.LIST_MAX_SUCCESSIVE_MERGES, -1))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("state.backend.rocksdb.list.max-successive-merges");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 16})
    void interleavedAppendsReadBackInOrder(int maxSuccessiveMerges) throws Exception {
        KeyedStateBackend<String> backend = new EmbeddedRocksDBStateBackend()
                .with(RocksDBOptions.LIST_MAX_SUCCESSIVE_MERGES, maxSuccessiveMerges)
                .withLocalDirectory(tmp.resolve("rocksdb"))
                .createKeyedStateBackend(KeyedStateBackendParameters.forSubtask("lists", StringSerializer.INSTANCE,
                        128, 1, 0));
        try {
            ListState<Long> list = AllKindsData.stateOf(backend, new ListStateDescriptor<>("l", LongSerializer.INSTANCE));
            List<Long> a = new ArrayList<>();
            List<Long> b = new ArrayList<>();
            for (long i = 0; i < 200; i++) {
                backend.setCurrentKey("a");
                list.add(i);
                a.add(i);
                if (i % 3 == 0) {
                    backend.setCurrentKey("b");
                    list.addAll(List.of(-i, -i - 1));
                    b.add(-i);
                    b.add(-i - 1);
                }
                if (i == 100) {
                    backend.setCurrentKey("a");
                    list.update(List.of(7L));
                    a.clear();
                    a.add(7L);
                }
            }
            backend.setCurrentKey("a");
            assertThat(list.get()).containsExactlyElementsOf(a);
            backend.setCurrentKey("b");
            assertThat(list.get()).containsExactlyElementsOf(b);
        } finally {
            backend.close();
        }
    }
}
