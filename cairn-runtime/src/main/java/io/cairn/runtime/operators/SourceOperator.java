package io.cairn.runtime.operators;

import io.cairn.runtime.source.Source;
import io.cairn.runtime.source.SourceReader;
import io.cairn.runtime.tasks.StreamOperator;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link Source}: its reader's splits live in split-distributed operator list state, so a
 * restore (at any parallelism) resumes every split exactly at its checkpointed position.
 *
 * @param <T> the record type
 * @param <S> the split type
 */
public final class SourceOperator<T, S> extends StreamOperator<Void, T> {

    private final Source<T, S> source;
    private SourceReader<T, S> reader;
    private ListState<S> splitState;

    /**
     * @param source the source
     */
    public SourceOperator(Source<T, S> source) {
        this.source = source;
    }

    @Override
    public void initializeState() throws Exception {
        splitState = context.operatorStateBackend().getListState(new ListStateDescriptor<>("source-splits", source.getSplitSerializer()));
        int index = context.runtimeContext().getIndexOfThisSubtask();
        int parallelism = context.runtimeContext().getNumberOfParallelSubtasks();
        reader = source.createReader(index, parallelism);
        List<S> splits = new ArrayList<>();
        if (context.restored()) {
            splitState.get().forEach(splits::add);
        } else {
            List<S> all = source.createInitialSplits(parallelism);
            for (int i = index; i < all.size(); i += parallelism) {
                splits.add(all.get(i));
            }
        }
        reader.addSplits(splits);
    }

    /**
     * Emits a small batch.
     *
     * @return what the reader reported
     * @throws Exception if reading fails
     */
    public SourceReader.InputStatus pollNext() throws Exception {
        return reader.pollNext(record -> {
            try {
                output.emit(record);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
        });
    }

    @Override
    public void snapshotState(long checkpointId) throws Exception {
        splitState.update(reader.snapshotState(checkpointId));
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        reader.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void close() throws Exception {
        if (reader != null) {
            reader.close();
        }
    }

    /** Thrown through the reader when the task is cancelled while back-pressured. */
    public static final class CancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CancelledException() {
            super("task cancelled");
        }
    }
}
