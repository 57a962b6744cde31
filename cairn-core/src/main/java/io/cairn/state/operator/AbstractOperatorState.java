package io.cairn.state.operator;

import io.cairn.state.handle.OperatorStateHandle;
import java.io.IOException;

/**
 * What every operator state held by {@link DefaultOperatorStateBackend} has: a name, a mode and a
 * way to copy itself for a snapshot. A restored state keeps the serializer snapshots it was written
 * with until the program registers it.
 */
abstract class AbstractOperatorState {

    final String name;
    final OperatorStateHandle.Mode mode;

    AbstractOperatorState(String name, OperatorStateHandle.Mode mode) {
        this.name = name;
        this.mode = mode;
    }

    /** @return true while the state was restored and not yet registered by the program */
    abstract boolean isRestoredOnly();

    /** The synchronous part of a snapshot: a private copy of the contents, with duplicated serializers. */
    abstract StateCopy snapshotCopy();

    /** A frozen copy of one state, written by the asynchronous part of a snapshot. */
    interface StateCopy {

        /** @return what the header records about the state */
        OperatorSnapshotFormat.StateInfo info();

        /**
         * Writes the state's records.
         *
         * @param stateIndex the state's index in the header
         * @param sink where records go
         * @return the offset of every record written, ascending
         * @throws IOException if writing fails
         */
        long[] write(int stateIndex, OperatorSnapshotWriter.RecordSink sink) throws IOException;
    }
}
