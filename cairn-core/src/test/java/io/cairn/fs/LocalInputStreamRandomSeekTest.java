package io.cairn.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property-style test: random sequences of seeks and reads (single bytes, readNBytes, one raw bulk
 * read) against a file of known content, compared with the expected bytes. Seeded, so a failure
 * names the repetition that reproduces it.
 */
class LocalInputStreamRandomSeekTest {

    private static final int BUF = 64 * 1024;
    private static final int SIZE = 3 * BUF + 4321;
    private static final long[] INTERESTING =
            {0, 1, BUF - 1, BUF, BUF + 1, 2L * BUF, 2L * BUF + 1, SIZE - 1, SIZE};

    @TempDir
    java.nio.file.Path tmp;

    private byte[] data;
    private Path file;

    @BeforeEach
    void createFile() throws IOException {
        data = new byte[SIZE];
        new Random(1234).nextBytes(data);
        java.nio.file.Path local = tmp.resolve("data.bin");
        Files.write(local, data);
        file = Path.fromLocal(local);
    }

    @RepeatedTest(200)
    void seeksAndReadsReturnTheRightBytes(RepetitionInfo repetition) throws IOException {
        Random random = new Random(repetition.getCurrentRepetition());
        int steps = 1 + random.nextInt(25);
        try (FSDataInputStream in = LocalFileSystem.INSTANCE.open(file)) {
            long pos = 0;
            for (int step = 0; step < steps; step++) {
                String where = "repetition " + repetition.getCurrentRepetition() + ", step " + step;
                if (random.nextBoolean()) {
                    pos = random.nextInt(3) == 0
                            ? INTERESTING[random.nextInt(INTERESTING.length)]
                            : (long) random.nextInt(SIZE + 1);
                    in.seek(pos);
                }
                assertThat(in.getPos()).as(where).isEqualTo(pos);
                int length = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(300);
                    case 1 -> random.nextInt(2 * BUF + 10);
                    case 2 -> BUF - 1 + random.nextInt(3);
                    default -> 0;
                };
                int expectedLength = (int) Math.min(length, SIZE - pos);
                byte[] expected = Arrays.copyOfRange(data, (int) pos, (int) pos + expectedLength);
                byte[] actual;
                switch (random.nextInt(3)) {
                    case 0 -> {
                        actual = new byte[expectedLength];
                        for (int i = 0; i < expectedLength; i++) {
                            int b = in.read();
                            if (b < 0) {
                                assertThat(b).as(where + ", byte " + i).isNotNegative();
                            }
                            actual[i] = (byte) b;
                        }
                    }
                    case 1 -> actual = in.readNBytes(length);
                    default -> {
                        // one raw read call: may return fewer bytes, but never wrong ones
                        byte[] buf = new byte[length + 5];
                        int n = in.read(buf, 5, length);
                        if (length == 0) {
                            assertThat(n).as(where).isZero();
                        } else if (pos == SIZE) {
                            assertThat(n).as(where).isEqualTo(-1);
                        } else {
                            assertThat(n).as(where).isBetween(1, expectedLength);
                        }
                        actual = Arrays.copyOfRange(buf, 5, 5 + Math.max(n, 0));
                        expected = Arrays.copyOf(expected, actual.length);
                    }
                }
                assertThat(actual).as(where).isEqualTo(expected);
                pos += actual.length;
                assertThat(in.getPos()).as(where).isEqualTo(pos);
            }
            in.seek(SIZE);
            assertThat(in.read()).isEqualTo(-1);
        }
    }
}
