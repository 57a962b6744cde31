package io.cairn.runtime.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The replay log against a model: every buffer shipped per channel, and the positions at each barrier. */
class ReplayLogTest {

    private static ChannelElement.Buffer buffer(int id, int size) {
        byte[] data = new byte[size];
        data[0] = (byte) id;
        return new ChannelElement.Buffer(data, size);
    }

    @Test
    void replaysWhatFollowsAMarkAndDropsWhatPrecedesACompletedCheckpoint() {
        ReplayLog log = new ReplayLog(2, 1 << 20);
        ChannelElement.Buffer a = buffer(1, 10);
        ChannelElement.Buffer b = buffer(2, 10);
        ChannelElement.Buffer c = buffer(3, 10);
        ChannelElement.Buffer d = buffer(4, 10);
        log.append(0, a);
        log.mark(7);
        log.append(0, b);
        log.append(1, c);
        log.mark(8);
        log.append(1, d);
        assertThat(log.since(ReplayLog.START, 0)).containsExactly(a, b);
        assertThat(log.since(7, 0)).containsExactly(b);
        assertThat(log.since(7, 1)).containsExactly(c, d);
        assertThat(log.since(8, 1)).containsExactly(d);
        assertThat(log.since(6, 0)).isNull();
        assertThat(log.bytes()).isEqualTo(40);

        log.checkpointCompleted(7);
        assertThat(log.since(ReplayLog.START, 0)).isNull();
        assertThat(log.since(7, 0)).containsExactly(b);
        assertThat(log.bytes()).isEqualTo(30);
        log.checkpointCompleted(8);
        assertThat(log.since(7, 0)).isNull();
        assertThat(log.since(8, 0)).isEmpty();
        assertThat(log.since(8, 1)).containsExactly(d);
        assertThat(log.bytes()).isEqualTo(10);
        log.checkpointCompleted(5); // unknown: nothing changes
        assertThat(log.since(8, 1)).containsExactly(d);
    }

    @Test
    void pastItsLimitTheLogDropsEverythingAndStartsAgainAtTheNextBarrier() {
        ReplayLog log = new ReplayLog(1, 25);
        log.append(0, buffer(1, 10));
        log.mark(1);
        log.append(0, buffer(2, 10));
        log.append(0, buffer(3, 10)); // 30 > 25
        assertThat(log.bytes()).isZero();
        assertThat(log.since(ReplayLog.START, 0)).isNull();
        assertThat(log.since(1, 0)).isNull();
        log.append(0, buffer(4, 10)); // not held: no mark covers it
        assertThat(log.bytes()).isZero();
        log.mark(2);
        ChannelElement.Buffer e = buffer(5, 10);
        log.append(0, e);
        assertThat(log.since(2, 0)).containsExactly(e);
        log.checkpointCompleted(1); // its mark is gone
        assertThat(log.since(2, 0)).containsExactly(e);
        log.checkpointCompleted(2);
        assertThat(log.since(2, 0)).containsExactly(e);
        assertThatThrownBy(() -> new ReplayLog(1, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }

    @RepeatedTest(20)
    void randomHistoriesMatchTheModel() {
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        int channels = 1 + random.nextInt(4);
        long limit = random.nextBoolean() ? Long.MAX_VALUE : 200 + random.nextInt(2000);
        ReplayLog log = new ReplayLog(channels, limit);
        List<List<ChannelElement.Buffer>> shipped = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            shipped.add(new ArrayList<>());
        }
        TreeMap<Long, int[]> marks = new TreeMap<>();
        marks.put(ReplayLog.START, new int[channels]);
        long lowestValid = ReplayLog.START; // marks below it were dropped by a completion or an overflow
        long nextId = 1;
        long held = 0;
        for (int step = 0; step < 400; step++) {
            int op = random.nextInt(10);
            if (op < 6) {
                int c = random.nextInt(channels);
                ChannelElement.Buffer b = buffer(step, 1 + random.nextInt(64));
                log.append(c, b);
                shipped.get(c).add(b);
                if (lowestValid != Long.MAX_VALUE) {
                    held += b.data().length;
                    if (held > limit) { // overflow: everything and every mark is dropped
                        lowestValid = Long.MAX_VALUE;
                        held = 0;
                    }
                }
            } else if (op < 8) {
                int[] position = new int[channels];
                for (int c = 0; c < channels; c++) {
                    position[c] = shipped.get(c).size();
                }
                log.mark(nextId);
                marks.put(nextId, position);
                if (lowestValid == Long.MAX_VALUE) {
                    lowestValid = nextId;
                }
                nextId++;
            } else if (!marks.isEmpty()) {
                long completed = 1 + random.nextInt((int) nextId);
                log.checkpointCompleted(completed);
                if (completed < nextId && completed >= lowestValid && marks.containsKey(completed)) {
                    lowestValid = completed;
                }
                held = 0;
                if (lowestValid != Long.MAX_VALUE) {
                    int[] from = marks.get(lowestValid);
                    for (int c = 0; c < channels; c++) {
                        for (ChannelElement.Buffer b : shipped.get(c).subList(from[c], shipped.get(c).size())) {
                            held += b.data().length;
                        }
                    }
                }
            }
            assertThat(log.bytes()).as("seed %d step %d", seed, step).isEqualTo(held);
            for (var e : marks.entrySet()) {
                for (int c = 0; c < channels; c++) {
                    List<ChannelElement.Buffer> replay = log.since(e.getKey(), c);
                    if (e.getKey() >= lowestValid && lowestValid != Long.MAX_VALUE) {
                        assertThat(replay).as("seed %d step %d mark %d channel %d", seed, step, e.getKey(), c)
                                .containsExactlyElementsOf(shipped.get(c).subList(e.getValue()[c], shipped.get(c).size()));
                    } else {
                        assertThat(replay).as("seed %d step %d mark %d channel %d", seed, step, e.getKey(), c).isNull();
                    }
                }
            }
        }
    }
}
