package io.cairn.state.operator;

import io.cairn.checkpoint.storage.CheckpointStateOutputStream;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.checkpoint.storage.CheckpointedStateScope;
import io.cairn.serialization.DataOutputSerializer;
import io.cairn.serialization.DataOutputView;
import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.handle.OperatorStreamStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StreamStateHandle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;

/**
 * The asynchronous part of an operator state snapshot: writes the copies taken by the synchronous
 * part into one stream in the {@link OperatorSnapshotFormat}, on whatever thread runs it.
 */
final class OperatorSnapshotWriter implements Callable<SnapshotResult<OperatorStateHandle>> {

    /** Records are assembled in memory and handed to the stream in chunks of about this size. */
    static final int FLUSH_THRESHOLD = 64 * 1024;

    private final String operatorIdentifier;
    private final List<AbstractOperatorState.StateCopy> copies;
    private final CheckpointStreamFactory streamFactory;

    OperatorSnapshotWriter(
            String operatorIdentifier, List<AbstractOperatorState.StateCopy> copies, CheckpointStreamFactory streamFactory) {
        this.operatorIdentifier = operatorIdentifier;
        this.copies = copies;
        this.streamFactory = streamFactory;
    }

    @Override
    public SnapshotResult<OperatorStateHandle> call() throws IOException {
        List<OperatorSnapshotFormat.StateInfo> infos = new ArrayList<>(copies.size());
        for (AbstractOperatorState.StateCopy c : copies) {
            infos.add(c.info());
        }
        CheckpointStateOutputStream out = streamFactory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
        boolean success = false;
        try {
            RecordSink sink = new RecordSink(out);
            OperatorSnapshotFormat.writeHeader(out, infos, sink.buffer);
            sink.buffer.clear();
            Map<String, OperatorStateHandle.StateMetaInfo> metas = new LinkedHashMap<>();
            for (int i = 0; i < copies.size(); i++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IOException("snapshot of the operator state of " + operatorIdentifier + " was cancelled");
                }
                OperatorSnapshotFormat.StateInfo info = infos.get(i);
                long[] offsets = copies.get(i).write(i, sink);
                metas.put(info.name(), new OperatorStateHandle.StateMetaInfo(offsets, info.mode()));
            }
            sink.flush();
            StreamStateHandle handle = out.closeAndGetHandle();
            success = true;
            return handle == null ? SnapshotResult.empty() : SnapshotResult.of(new OperatorStreamStateHandle(metas, handle));
        } finally {
            if (!success) {
                out.close();
            }
        }
    }

    /** Assembles records in a buffer and knows the stream offset each one will land at. */
    static final class RecordSink {
        private final CheckpointStateOutputStream out;
        final DataOutputSerializer buffer = new DataOutputSerializer(FLUSH_THRESHOLD + 4096);
        private int start = -1;

        RecordSink(CheckpointStateOutputStream out) {
            this.out = out;
        }

        /**
         * Starts a record.
         *
         * @param stateIndex the state's index in the header
         * @return the record's offset in the stream
         * @throws IOException if the stream position cannot be determined
         */
        long begin(int stateIndex) throws IOException {
            long offset = out.getPos() + buffer.length();
            start = OperatorSnapshotFormat.beginRecord(buffer, stateIndex);
            return offset;
        }

        /** @return where to write the current record's payload */
        DataOutputView payload() {
            return buffer;
        }

        /**
         * Finishes the current record, flushing the buffer when it is full.
         *
         * @throws IOException if writing fails
         */
        void end() throws IOException {
            OperatorSnapshotFormat.endRecord(buffer, start);
            start = -1;
            if (buffer.length() >= FLUSH_THRESHOLD) {
                flush();
            }
        }

        void flush() throws IOException {
            buffer.writeTo(out);
            buffer.clear();
        }
    }

    /** The future returned by a snapshot; a handle produced after cancellation is discarded. */
    static final class SnapshotTask extends FutureTask<SnapshotResult<OperatorStateHandle>> {

        SnapshotTask(Callable<SnapshotResult<OperatorStateHandle>> body) {
            super(body);
        }

        @Override
        protected void set(SnapshotResult<OperatorStateHandle> result) {
            if (isCancelled()) {
                try {
                    result.discardState();
                } catch (IOException ignored) {
                    // the snapshot was cancelled; a leftover file goes with its checkpoint directory
                }
            }
            super.set(result);
        }
    }
}
