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
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's keyed function: per account a balance ({@code ValueState}), a count (in
 * {@code MapState} "stats") and the last ten amounts ({@code ListState}); it emits
 * {@code seq,account,balance,count,sum_of_last_ten}. At each failure sequence number it throws once:
 * a marker file in the data directory records that the failure fired, so it never fires again, not
 * on replay and not after the process is restarted.
 */
public final class BalanceFunction extends KeyedProcessFunction<Long, Payments.Payment, String> {

    private static final long serialVersionUID = 1L;

    /** Events processed in this process, replays included; read by the status line. */
    public static final AtomicLong PROCESSED = new AtomicLong();

    private final long[] failureSeqs;
    private final String failureDirectory;
    private transient ValueState<Long> balance;
    private transient MapState<String, Long> stats;
    private transient ListState<Long> lastTen;

    /**
     * @param failureSeqs where to fail once, ascending
     * @param failureDirectory where fired failures are recorded
     */
    public BalanceFunction(long[] failureSeqs, String failureDirectory) {
        this.failureSeqs = failureSeqs.clone();
        this.failureDirectory = failureDirectory;
    }

    @Override
    public void open(RuntimeContext context) {
        balance = context.getState(new ValueStateDescriptor<>("balance", LongSerializer.INSTANCE));
        stats = context.getMapState(new MapStateDescriptor<>("stats", String.class, Long.class));
        lastTen = context.getListState(new ListStateDescriptor<>("last-ten", LongSerializer.INSTANCE));
    }

    @Override
    public void processElement(Payments.Payment p, Context<Long> ctx, Collector<String> out) throws IOException {
        if (java.util.Arrays.binarySearch(failureSeqs, p.seq()) >= 0
                && new File(failureDirectory, Long.toString(p.seq())).createNewFile()) {
            throw new IllegalStateException("injected failure at seq " + p.seq() + " (account " + p.account() + ")");
        }
        Long b = balance.value();
        long newBalance = (b == null ? 0 : b) + p.amount();
        balance.update(newBalance);
        Long c = stats.get("count");
        long count = (c == null ? 0 : c) + 1;
        stats.put("count", count);
        List<Long> amounts = new ArrayList<>(11);
        long sum = 0;
        for (Long a : lastTen.get()) {
            amounts.add(a);
        }
        if (amounts.size() < 10) {
            lastTen.add(p.amount());
            amounts.add(p.amount());
        } else {
            amounts.remove(0);
            amounts.add(p.amount());
            lastTen.update(amounts);
        }
        for (long a : amounts) {
            sum += a;
        }
        PROCESSED.incrementAndGet();
        out.collect(p.seq() + "," + p.account() + "," + newBalance + "," + count + "," + sum);
    }
}
