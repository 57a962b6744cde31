package io.cairn.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verifier against correct and damaged output. */
class PaymentsVerifierTest {

    static final long EVENTS = 5_000;
    static final long ACCOUNTS = 97;
    static final long SEED = 42;

    /** What a correct run outputs, events processed in seq order. */
    static List<String> correctOutput() {
        Map<Long, long[]> state = new HashMap<>();
        Map<Long, ArrayDeque<Long>> last = new HashMap<>();
        List<String> lines = new ArrayList<>();
        for (long seq = 0; seq < EVENTS; seq++) {
            Payments.Payment p = Payments.payment(seq, SEED, ACCOUNTS);
            long[] s = state.computeIfAbsent(p.account(), k -> new long[2]);
            s[0] += p.amount();
            s[1]++;
            ArrayDeque<Long> q = last.computeIfAbsent(p.account(), k -> new ArrayDeque<>());
            q.addLast(p.amount());
            if (q.size() > 10) {
                q.removeFirst();
            }
            long sum = q.stream().mapToLong(Long::longValue).sum();
            lines.add(seq + "," + p.account() + "," + s[0] + "," + s[1] + "," + sum);
        }
        return lines;
    }

    static PaymentsVerifier.Result verify(List<String> lines, long seed) {
        return new PaymentsVerifier(EVENTS, ACCOUNTS, seed).verifyLines(lines);
    }

    @Test
    void correctOutputVerifies() {
        PaymentsVerifier.Result r = verify(correctOutput(), SEED);
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.message()).isEqualTo("verified 5000 events, 97 accounts");
    }

    @Test
    void aDuplicatedLineIsReported() {
        List<String> lines = correctOutput();
        lines.add(lines.get(1234));
        PaymentsVerifier.Result r = verify(lines, SEED);
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("seq 1234 appears twice");
        assertThat(r.badAccount()).isEqualTo(Payments.payment(1234, SEED, ACCOUNTS).account());
    }

    @Test
    void aMissingLineIsReported() {
        List<String> lines = correctOutput();
        lines.remove(777);
        PaymentsVerifier.Result r = verify(lines, SEED);
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("seq 777 is missing");
    }

    @Test
    void aWrongBalanceIsReported() {
        List<String> lines = correctOutput();
        String[] p = lines.get(2500).split(",");
        lines.set(2500, p[0] + "," + p[1] + "," + (Long.parseLong(p[2]) + 1) + "," + p[3] + "," + p[4]);
        PaymentsVerifier.Result r = verify(lines, SEED);
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("account " + p[1]).contains("balance after seq 2500");
        assertThat(r.badAccount()).isEqualTo(Long.parseLong(p[1]));
    }

    @Test
    void aWrongLastTenSumIsReported() {
        List<String> lines = correctOutput();
        String[] p = lines.get(4000).split(",");
        lines.set(4000, p[0] + "," + p[1] + "," + p[2] + "," + p[3] + "," + (Long.parseLong(p[4]) - 3));
        PaymentsVerifier.Result r = verify(lines, SEED);
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("last-ten sum after seq 4000");
    }

    @Test
    void aWrongSeedIsReported() {
        PaymentsVerifier.Result r = verify(correctOutput(), 43);
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("generator (seed 43)");
    }

    @Test
    void outOfOrderProcessingAcrossSourcesStillVerifies() {
        // two sources interleave: counts follow processing order, not seq order
        List<String> lines = new ArrayList<>();
        Map<Long, long[]> state = new HashMap<>();
        Map<Long, ArrayDeque<Long>> last = new HashMap<>();
        for (long i = 0; i < EVENTS / 2; i++) {
            for (long seq : new long[] {EVENTS / 2 + i, i}) {
                Payments.Payment p = Payments.payment(seq, SEED, ACCOUNTS);
                long[] s = state.computeIfAbsent(p.account(), k -> new long[2]);
                s[0] += p.amount();
                s[1]++;
                ArrayDeque<Long> q = last.computeIfAbsent(p.account(), k -> new ArrayDeque<>());
                q.addLast(p.amount());
                if (q.size() > 10) {
                    q.removeFirst();
                }
                lines.add(seq + "," + p.account() + "," + s[0] + "," + s[1] + "," + q.stream().mapToLong(Long::longValue).sum());
            }
        }
        PaymentsVerifier.Result r = verify(lines, SEED);
        assertThat(r.ok()).as(r.message()).isTrue();
    }

    @Test
    void failureSeqsAreDeterministicAndInTheMiddle() {
        long[] a = Payments.failureSeqs(5, 1_000_000, 42);
        assertThat(a).hasSize(5).isSorted().containsExactly(Payments.failureSeqs(5, 1_000_000, 42));
        for (long s : a) {
            assertThat(s).isBetween(200_000L, 799_999L);
        }
    }
}
