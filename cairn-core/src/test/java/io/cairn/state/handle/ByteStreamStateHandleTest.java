package io.cairn.state.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.fs.FSDataInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteStreamStateHandleTest {

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void readsAllBytesWithSingleAndBulkReads() throws IOException {
        byte[] data = bytes(1000);
        ByteStreamStateHandle handle = new ByteStreamStateHandle("h", data);
        try (FSDataInputStream in = handle.openInputStream()) {
            assertThat(in.getPos()).isZero();
            assertThat(in.available()).isEqualTo(1000);
            for (int i = 0; i < 10; i++) {
                assertThat(in.read()).isEqualTo(data[i] & 0xFF);
            }
            assertThat(in.getPos()).isEqualTo(10);
            byte[] buf = new byte[2000];
            int n = in.read(buf, 3, 2000 - 3);
            assertThat(n).isEqualTo(990);
            assertThat(Arrays.copyOfRange(buf, 3, 993)).isEqualTo(Arrays.copyOfRange(data, 10, 1000));
            assertThat(in.getPos()).isEqualTo(1000);
            assertThat(in.available()).isZero();
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(buf, 0, 10)).isEqualTo(-1);
            assertThat(in.read(buf, 0, 0)).isZero();
        }
        try (FSDataInputStream in = handle.openInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void bytesAboveOneHundredTwentySevenAreUnsigned() throws IOException {
        ByteStreamStateHandle handle = new ByteStreamStateHandle("h", new byte[] {(byte) 0xFF, (byte) 0x80, 0x7F});
        try (FSDataInputStream in = handle.openInputStream()) {
            assertThat(in.read()).isEqualTo(255);
            assertThat(in.read()).isEqualTo(128);
            assertThat(in.read()).isEqualTo(127);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void seeksAnywhereInsideAndToTheEnd() throws IOException {
        byte[] data = bytes(100);
        try (FSDataInputStream in = new ByteStreamStateHandle("h", data).openInputStream()) {
            in.seek(50);
            assertThat(in.getPos()).isEqualTo(50);
            assertThat(in.read()).isEqualTo(data[50] & 0xFF);
            in.seek(3);
            assertThat(in.readNBytes(5)).isEqualTo(Arrays.copyOfRange(data, 3, 8));
            in.seek(100);
            assertThat(in.read()).isEqualTo(-1);
            in.seek(0);
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void seekOutsideTheDataFailsNamingThePosition() throws IOException {
        try (FSDataInputStream in = new ByteStreamStateHandle("h", bytes(10)).openInputStream()) {
            in.seek(4);
            assertThatThrownBy(() -> in.seek(11)).isInstanceOf(IOException.class).hasMessageContaining("11");
            assertThatThrownBy(() -> in.seek(-1)).isInstanceOf(IOException.class).hasMessageContaining("-1");
            assertThatThrownBy(() -> in.seek(Long.MAX_VALUE)).isInstanceOf(IOException.class);
            assertThat(in.getPos()).isEqualTo(4);
        }
    }

    @Test
    void skipIsClamped() throws IOException {
        byte[] data = bytes(20);
        try (FSDataInputStream in = new ByteStreamStateHandle("h", data).openInputStream()) {
            assertThat(in.skip(-3)).isZero();
            assertThat(in.skip(5)).isEqualTo(5);
            assertThat(in.read()).isEqualTo(data[5] & 0xFF);
            assertThat(in.skip(Long.MAX_VALUE)).isEqualTo(14);
            assertThat(in.getPos()).isEqualTo(20);
            assertThat(in.skip(1)).isZero();
        }
    }

    @Test
    void randomSeeksAndReadsMatchTheData() throws IOException {
        byte[] data = bytes(4096);
        Random random = new Random(11);
        try (FSDataInputStream in = new ByteStreamStateHandle("h", data).openInputStream()) {
            for (int i = 0; i < 2000; i++) {
                int pos = random.nextInt(data.length + 1);
                in.seek(pos);
                int len = random.nextInt(600);
                byte[] got = in.readNBytes(len);
                assertThat(got).isEqualTo(Arrays.copyOfRange(data, pos, Math.min(data.length, pos + len)));
                assertThat(in.getPos()).isEqualTo(pos + got.length);
            }
        }
    }

    @Test
    void streamsAreIndependent() throws IOException {
        byte[] data = bytes(10);
        ByteStreamStateHandle handle = new ByteStreamStateHandle("h", data);
        try (FSDataInputStream a = handle.openInputStream(); FSDataInputStream b = handle.openInputStream()) {
            a.seek(5);
            assertThat(b.getPos()).isZero();
            assertThat(b.read()).isEqualTo(data[0] & 0xFF);
            assertThat(a.read()).isEqualTo(data[5] & 0xFF);
        }
    }

    @Test
    void emptyHandle() throws IOException {
        ByteStreamStateHandle handle = new ByteStreamStateHandle("empty", new byte[0]);
        assertThat(handle.getStateSize()).isZero();
        try (FSDataInputStream in = handle.openInputStream()) {
            assertThat(in.read()).isEqualTo(-1);
            in.seek(0);
            assertThatThrownBy(() -> in.seek(1)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void accessorsAndDiscard() throws IOException {
        byte[] data = bytes(33);
        ByteStreamStateHandle handle = new ByteStreamStateHandle("name-1", data);
        assertThat(handle.getHandleName()).isEqualTo("name-1");
        assertThat(handle.getData()).isEqualTo(data);
        assertThat(handle.getStateSize()).isEqualTo(33);
        assertThat(handle.asBytesIfInMemory()).hasValueSatisfying(b -> assertThat(b).isEqualTo(data));
        assertThat(handle.toString()).contains("name-1").contains("33");
        handle.discardState();
        handle.discardState();
        try (FSDataInputStream in = handle.openInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void rejectsNulls() {
        assertThatThrownBy(() -> new ByteStreamStateHandle(null, new byte[0])).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ByteStreamStateHandle("x", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void equalsByNameAndContent() {
        ByteStreamStateHandle a = new ByteStreamStateHandle("a", new byte[] {1, 2});
        assertThat(a).isEqualTo(new ByteStreamStateHandle("a", new byte[] {1, 2}))
                .hasSameHashCodeAs(new ByteStreamStateHandle("a", new byte[] {1, 2}));
        assertThat(a).isNotEqualTo(new ByteStreamStateHandle("b", new byte[] {1, 2}));
        assertThat(a).isNotEqualTo(new ByteStreamStateHandle("a", new byte[] {1, 3}));
        assertThat(a).isNotEqualTo(null);
    }

    @Test
    void serializationRoundTrip() throws Exception {
        ByteStreamStateHandle handle = new ByteStreamStateHandle("ser", bytes(300));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(handle);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            ByteStreamStateHandle copy = (ByteStreamStateHandle) in.readObject();
            assertThat(copy).isEqualTo(handle);
            try (FSDataInputStream s = copy.openInputStream()) {
                assertThat(s.readAllBytes()).isEqualTo(handle.getData());
            }
        }
    }
}
