package io.cairn.benchmarks.demo;

import io.cairn.cli.demo.InjectedFailures;
import io.cairn.cli.demo.Payments;
import io.cairn.cli.demo.ProcessedEvents;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The payments job's keyed function on Flink, the same as Cairn's
 * {@link io.cairn.cli.demo.BalanceFunction}: per account a balance ({@code ValueState<Long>}), a
 * count (entry "count" of {@code MapState<String, Long>} "stats") and the last ten amounts
 * ({@code ListState<Long>}, appended while it holds fewer than ten, otherwise replaced with the last
 * ten); it emits {@code seq,account,balance,count,sum_of_last_ten}. Failures are injected by the
 * same {@link InjectedFailures} as Cairn's.
 */
public final class FlinkBalanceFunction extends KeyedProcessFunction<Long, Payments.Payment, String> {

    private static final long serialVersionUID = 1L;

    private final InjectedFailures failures;
    private transient ValueState<Long> balance;
    private transient MapState<String, Long> stats;
    private transient ListState<Long> lastTen;
    /**
     * This instance's count of processed events, replays included, in the same
     * {@link ProcessedEvents} as Cairn's. The MiniCluster runs the job in this JVM and the job has no
     * jars of its own, so its classes (and the counters) are the application's.
     */
    private transient ProcessedEvents.Counter processed;

    /** @param failures where to fail once */
    public FlinkBalanceFunction(InjectedFailures failures) {
        this.failures = failures;
    }

    @Override
    public void open(OpenContext openContext) {
        balance = getRuntimeContext().getState(new ValueStateDescriptor<>("balance", Types.LONG));
        stats = getRuntimeContext().getMapState(new MapStateDescriptor<>("stats", Types.STRING, Types.LONG));
        lastTen = getRuntimeContext().getListState(new ListStateDescriptor<>("last-ten", Types.LONG));
        processed = ProcessedEvents.register();
    }

    @Override
    public void processElement(Payments.Payment p, Context ctx, Collector<String> out) throws Exception {
        failures.maybeFail(p.seq(), p.account());
        Long b = balance.value();
        long newBalance = (b == null ? 0 : b) + p.amount();
        balance.update(newBalance);
        Long c = stats.get("count");
        long count = (c == null ? 0 : c) + 1;
        stats.put("count", count);
        List<Long> amounts = new ArrayList<>(11);
        Iterable<Long> stored = lastTen.get();
        if (stored != null) {
            for (Long a : stored) {
                amounts.add(a);
            }
        }
        if (amounts.size() < 10) {
            lastTen.add(p.amount());
            amounts.add(p.amount());
        } else {
            amounts.remove(0);
            amounts.add(p.amount());
            lastTen.update(amounts);
        }
        long sum = 0;
        for (long a : amounts) {
            sum += a;
        }
        processed.increment();
        out.collect(p.seq() + "," + p.account() + "," + newBalance + "," + count + "," + sum);
    }
}
