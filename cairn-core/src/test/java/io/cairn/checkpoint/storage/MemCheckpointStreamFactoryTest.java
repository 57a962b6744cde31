package io.cairn.checkpoint.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.fs.FSDataInputStream;
import io.cairn.state.handle.ByteStreamStateHandle;
import io.cairn.state.handle.StreamStateHandle;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class MemCheckpointStreamFactoryTest {

    private static final String OPTION = "state.storage.jobmanager.max-state-size";

    private static byte[] readAll(StreamStateHandle handle) throws IOException {
        try (FSDataInputStream in = handle.openInputStream()) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void rejectsNonPositiveLimit(int limit) {
        assertThatThrownBy(() -> new MemCheckpointStreamFactory(limit))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(limit));
    }

    @ParameterizedTest
    @EnumSource(CheckpointedStateScope.class)
    void writesBytesIntoAnInMemoryHandle(CheckpointedStateScope scope) throws IOException {
        MemCheckpointStreamFactory factory = new MemCheckpointStreamFactory(1 << 20);
        assertThat(factory.getMaxStateSize()).isEqualTo(1 << 20);
        byte[] data = new byte[10_000];
        new Random(1).nextBytes(data);
        StreamStateHandle handle;
        try (CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(scope)) {
            assertThat(out.getPos()).isZero();
            out.write(data[0]);
            out.write(data, 1, 299);
            assertThat(out.getPos()).isEqualTo(300);
            for (int i = 300; i < 700; i++) {
                out.write(data[i]);
            }
            out.write(data, 700, data.length - 700);
            assertThat(out.getPos()).isEqualTo(data.length);
            out.flush();
            out.sync();
            handle = out.closeAndGetHandle();
        }
        assertThat(handle).isInstanceOf(ByteStreamStateHandle.class);
        assertThat(handle.getStateSize()).isEqualTo(data.length);
        assertThat(handle.asBytesIfInMemory()).hasValueSatisfying(b -> assertThat(b).isEqualTo(data));
        assertThat(readAll(handle)).isEqualTo(data);
    }

    @Test
    void emptyStreamGivesNullHandle() throws IOException {
        CheckpointStateOutputStream out =
                new MemCheckpointStreamFactory(100).createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
        out.write(new byte[0]);
        assertThat(out.closeAndGetHandle()).isNull();
    }

    @Test
    void exactlyTheLimitIsAllowed() throws IOException {
        MemCheckpointStreamFactory factory = new MemCheckpointStreamFactory(1000);
        CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
        out.write(new byte[999]);
        out.write(7);
        StreamStateHandle handle = out.closeAndGetHandle();
        assertThat(handle.getStateSize()).isEqualTo(1000);
        assertThat(readAll(handle)[999]).isEqualTo((byte) 7);
    }

    @Test
    void bulkWriteOverTheLimitFailsNamingSizeAndOption() throws IOException {
        MemCheckpointStreamFactory factory = new MemCheckpointStreamFactory(1000);
        try (CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(CheckpointedStateScope.SHARED)) {
            out.write(new byte[600]);
            assertThatThrownBy(() -> out.write(new byte[401]))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("1001")
                    .hasMessageContaining("1000")
                    .hasMessageContaining(OPTION);
            assertThat(out.getPos()).isEqualTo(600);
        }
    }

    @Test
    void singleByteWriteOverTheLimitFailsNamingSizeAndOption() throws IOException {
        MemCheckpointStreamFactory factory = new MemCheckpointStreamFactory(10);
        try (CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE)) {
            for (int i = 0; i < 10; i++) {
                out.write(i);
            }
            assertThatThrownBy(() -> out.write(10))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("11")
                    .hasMessageContaining(OPTION);
        }
    }

    @Test
    void aLargeSingleWriteOverTheLimitFails() {
        MemCheckpointStreamFactory factory = new MemCheckpointStreamFactory(5 * 1024 * 1024);
        CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
        assertThatThrownBy(() -> out.write(new byte[5 * 1024 * 1024 + 1]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(Integer.toString(5 * 1024 * 1024 + 1))
                .hasMessageContaining(OPTION);
    }

    @Test
    void closedStreamRejectsWritesAndHandles() throws IOException {
        MemCheckpointStreamFactory factory = new MemCheckpointStreamFactory(100);
        CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
        out.write(1);
        assertThat(out.closeAndGetHandle()).isNotNull();
        assertThatThrownBy(out::closeAndGetHandle).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> out.write(2)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> out.write(new byte[2])).isInstanceOf(IOException.class);
        out.close();

        CheckpointStateOutputStream discarded =
                factory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
        discarded.write(1);
        discarded.close();
        assertThatThrownBy(discarded::closeAndGetHandle).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> discarded.write(1)).isInstanceOf(IOException.class);
    }

    @Test
    void streamsAreIndependentAndHandlesDistinct() throws IOException {
        MemCheckpointStreamFactory factory = new MemCheckpointStreamFactory(100);
        CheckpointStateOutputStream a = factory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
        CheckpointStateOutputStream b = factory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
        a.write(new byte[] {1, 2});
        b.write(new byte[] {3});
        ByteStreamStateHandle ha = (ByteStreamStateHandle) a.closeAndGetHandle();
        ByteStreamStateHandle hb = (ByteStreamStateHandle) b.closeAndGetHandle();
        assertThat(ha.getData()).containsExactly(1, 2);
        assertThat(hb.getData()).containsExactly(3);
        assertThat(ha.getHandleName()).isNotEqualTo(hb.getHandleName());
    }

    @Test
    void handleIsACopyOfTheWrittenBytes() throws IOException {
        MemCheckpointStreamFactory factory = new MemCheckpointStreamFactory(100);
        CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
        byte[] source = {1, 2, 3};
        out.write(source);
        source[0] = 9;
        StreamStateHandle handle = out.closeAndGetHandle();
        assertThat(readAll(handle)).containsExactly(1, 2, 3);
        assertThat(Arrays.equals(readAll(handle), source)).isFalse();
    }
}
