package io.cairn.cli.demo;

import io.cairn.runtime.api.Collector;
import io.cairn.runtime.api.KeyedProcessFunction;
import io.cairn.runtime.api.RuntimeContext;
import io.cairn.serialization.LongSerializer;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The demo's keyed function: per account a balance ({@code ValueState}), a count (in
 * {@code MapState} "stats") and the last ten amounts ({@code ListState}); it emits
 * {@code seq,account,balance,count,sum_of_last_ten}. At each failure sequence number it throws once:
 * a marker file in the data directory records that the failure fired, so it never fires again, not
 * on replay and not after the process is restarted.
 */
public final class BalanceFunction extends KeyedProcessFunction<Long, Payments.Payment, String> {

    private static final long serialVersionUID = 1L;

    private final InjectedFailures failures;
    private transient ValueState<Long> balance;
    private transient MapState<String, Long> stats;
    private transient ListState<Long> lastTen;
    private transient long[] window;
    /**
     * The next last-ten, overwritten for every update ({@code ListState.update} copies the list it
     * is given): a fixed-size, random-access list, so refilling it neither clears nor grows it.
     */
    private transient Long[] nextValues;
    private transient List<Long> next;
    private transient StringBuilder line;
    /** This instance's count of processed events, replays included; see {@link ProcessedEvents}. */
    private transient ProcessedEvents.Counter processed;

    /**
     * @param failureSeqs where to fail once, ascending
     * @param failureDirectory where fired failures are recorded
     */
    public BalanceFunction(long[] failureSeqs, String failureDirectory) {
        this.failures = new InjectedFailures(failureSeqs, failureDirectory);
    }

    @Override
    public void open(RuntimeContext context) {
        balance = context.getState(new ValueStateDescriptor<>("balance", LongSerializer.INSTANCE));
        stats = context.getMapState(new MapStateDescriptor<>("stats", String.class, Long.class));
        lastTen = context.getListState(new ListStateDescriptor<>("last-ten", LongSerializer.INSTANCE));
        window = new long[10];
        nextValues = new Long[10];
        next = Arrays.asList(nextValues);
        line = new StringBuilder(64);
        processed = ProcessedEvents.register();
    }

    @Override
    public void processElement(Payments.Payment p, Context<Long> ctx, Collector<String> out) throws IOException {
        failures.maybeFail(p.seq(), p.account());
        long amount = p.amount();
        Long b = balance.value();
        long newBalance = (b == null ? 0 : b) + amount;
        balance.update(newBalance);
        Long c = stats.get("count");
        long count = (c == null ? 0 : c) + 1;
        stats.put("count", count);
        long sum = updateLastTen(amount);
        processed.increment();
        StringBuilder l = line;
        l.setLength(0);
        l.append(p.seq()).append(',').append(p.account()).append(',').append(newBalance).append(',').append(count)
                .append(',').append(sum);
        out.collect(l.toString());
    }

    /**
     * Appends {@code amount} to the last ten while they are fewer than ten, otherwise replaces them
     * with the last nine and {@code amount}.
     *
     * @return the sum of the last ten after the update
     */
    private long updateLastTen(long amount) {
        long[] w = window;
        int n = 0;
        long sum = amount;
        Iterable<Long> stored = lastTen.get();
        if (stored instanceof List<Long> list && stored instanceof RandomAccess) {
            // by index: no iterator per event
            n = list.size();
            for (int i = 0; i < n; i++) {
                long a = list.get(i);
                if (i < w.length) {
                    w[i] = a;
                }
                sum += a;
            }
        } else {
            for (Long a : stored) {
                if (n < w.length) {
                    w[n] = a;
                }
                n++;
                sum += a;
            }
        }
        if (n < 10) {
            lastTen.add(amount);
            return sum;
        }
        Long[] last = nextValues;
        for (int i = 1; i < 10; i++) {
            last[i - 1] = w[i];
        }
        last[9] = amount;
        lastTen.update(next);
        return sum - w[0];
    }
}
