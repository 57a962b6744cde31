package io.cairn.runtime.source;

import io.cairn.serialization.TypeSerializer;
import java.io.Serializable;
import java.util.List;

/**
 * A replayable source of records, divided into splits. Each source subtask reads some splits; a
 * split's position is checkpointed in operator state (split-distributed, so a rescale hands splits
 * to other subtasks), and a restore resumes every split exactly at its checkpointed position.
 *
 * @param <T> the record type
 * @param <SplitT> the split type, which includes its current position
 */
public interface Source<T, SplitT> extends Serializable {

    /**
     * The splits of a fresh start; subtask {@code i} of {@code parallelism} reads the splits whose
     * index is {@code i} modulo {@code parallelism}.
     *
     * @param parallelism the source's parallelism
     * @return the splits
     */
    List<SplitT> createInitialSplits(int parallelism);

    /** @return the serializer of splits, used in checkpoints */
    TypeSerializer<SplitT> getSplitSerializer();

    /** @return the serializer of the records */
    TypeSerializer<T> getOutputSerializer();

    /**
     * Creates the reader of one subtask.
     *
     * @param subtaskIndex the subtask
     * @param parallelism the source's parallelism
     * @return a reader with no splits yet
     */
    SourceReader<T, SplitT> createReader(int subtaskIndex, int parallelism);
}
