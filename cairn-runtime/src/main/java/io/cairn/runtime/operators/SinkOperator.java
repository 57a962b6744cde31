package io.cairn.runtime.operators;

import io.cairn.runtime.sink.Sink;
import io.cairn.runtime.sink.SinkContext;
import io.cairn.runtime.sink.SinkWriter;
import io.cairn.runtime.sink.TwoPhaseCommittingSink;
import io.cairn.runtime.tasks.StreamOperator;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a {@link Sink}. For a {@link TwoPhaseCommittingSink}: pre-commits at every checkpoint, keeps
 * the committables of uncommitted checkpoints in union operator state, and commits them when their
 * checkpoint completes. On restore, subtask 0 commits every restored committable (they belong to a
 * completed checkpoint) and aborts stale output of earlier attempts; the other subtasks drop them. A
 * subtask recovered alone (the others kept running) commits and cleans up after itself only.
 *
 * @param <T> the record type
 * @param <C> the committable type ({@code Void} for plain sinks)
 */
public final class SinkOperator<T, C> extends StreamOperator<T, Void> {

    private final Sink<T> sink;
    private SinkWriter<T> writer;
    private ListState<C> committableState;
    /** Committables per checkpoint id, not yet committed. */
    private final TreeMap<Long, List<C>> pending = new TreeMap<>();

    /**
     * @param sink the sink
     */
    public SinkOperator(Sink<T> sink) {
        this.sink = sink;
    }

    @SuppressWarnings("unchecked")
    private TwoPhaseCommittingSink<T, C> twoPhase() {
        return (TwoPhaseCommittingSink<T, C>) sink;
    }

    @Override
    public void initializeState() throws Exception {
        int index = context.runtimeContext().getIndexOfThisSubtask();
        writer = sink.createWriter(new SinkContext(index, context.runtimeContext().getNumberOfParallelSubtasks(), context.attemptId()));
        if (!(sink instanceof TwoPhaseCommittingSink)) {
            return;
        }
        committableState = context.operatorStateBackend().getUnionListState(
                new ListStateDescriptor<>("sink-committables", twoPhase().getCommittableSerializer()));
        List<C> restored = new ArrayList<>();
        committableState.get().forEach(restored::add);
        if (context.recoveringAlone()) {
            // the other subtasks run on: commit and clean up after this subtask only
            twoPhase().recoverSubtask(restored, index, context.attemptId());
        } else if (context.restored()) {
            if (index == 0) {
                twoPhase().commit(restored);
                twoPhase().abortStale(restored, context.attemptId());
            }
        } else if (index == 0) {
            twoPhase().abortStale(List.of(), context.attemptId());
        }
        committableState.clear();
    }

    /** @return false for a two-phase sink that cannot {@link TwoPhaseCommittingSink#recoverSubtask recover a subtask alone} */
    @Override
    public boolean supportsRecoveryAlone() {
        return !(sink instanceof TwoPhaseCommittingSink<?, ?> t) || t.supportsSubtaskRecovery();
    }

    @Override
    public void processElement(T record) throws Exception {
        writer.write(record);
    }

    @Override
    public void snapshotState(long checkpointId) throws Exception {
        writer.flush();
        if (committableState == null) {
            return;
        }
        @SuppressWarnings("unchecked")
        Collection<C> prepared = ((TwoPhaseCommittingSink.PrecommittingSinkWriter<T, C>) writer).prepareCommit(checkpointId);
        if (!prepared.isEmpty()) {
            pending.put(checkpointId, new ArrayList<>(prepared));
        }
        List<C> all = new ArrayList<>();
        pending.values().forEach(all::addAll);
        committableState.update(all);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        if (committableState == null) {
            return;
        }
        Map<Long, List<C>> done = pending.headMap(checkpointId, true);
        if (done.isEmpty()) {
            return;
        }
        List<C> toCommit = new ArrayList<>();
        done.values().forEach(toCommit::addAll);
        twoPhase().commit(toCommit);
        done.clear();
    }

    @Override
    public void finish() throws Exception {
        writer.flush();
        if (committableState != null) {
            // output after the final checkpoint: commit directly, nothing can replay it any more
            @SuppressWarnings("unchecked")
            Collection<C> last = ((TwoPhaseCommittingSink.PrecommittingSinkWriter<T, C>) writer).prepareCommit(Long.MAX_VALUE);
            List<C> all = new ArrayList<>();
            pending.values().forEach(all::addAll);
            all.addAll(last);
            twoPhase().commit(all);
            pending.clear();
        }
    }

    @Override
    public void close() throws Exception {
        if (writer != null) {
            writer.close();
        }
    }
}
