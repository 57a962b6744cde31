package io.cairn.runtime.tasks;

import io.cairn.checkpoint.AcknowledgeCheckpoint;
import io.cairn.checkpoint.CheckpointCoordinator;
import io.cairn.checkpoint.CheckpointException;
import io.cairn.checkpoint.CheckpointFailureReason;
import io.cairn.checkpoint.DeclineCheckpoint;
import io.cairn.checkpoint.TaskStateSnapshot;
import io.cairn.checkpoint.metadata.OperatorSubtaskState;
import io.cairn.checkpoint.stats.CheckpointMetrics;
import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStorageWorkerView;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.common.JobID;
import io.cairn.execution.ExecutionAttemptID;
import io.cairn.runtime.io.AlignedBarrierHandler;
import io.cairn.runtime.io.AtLeastOnceBarrierHandler;
import io.cairn.runtime.io.CheckpointBarrier;
import io.cairn.runtime.io.CheckpointBarrierHandler;
import io.cairn.runtime.jobgraph.JobVertex;
import io.cairn.runtime.operators.SourceOperator;
import io.cairn.runtime.source.SourceReader;
import io.cairn.serialization.DataInputDeserializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.backend.StateBackend;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StateHandles;
import io.cairn.state.keyed.KeyedStateBackend;
import io.cairn.state.keygroup.KeyGroupRangeAssignment;
import io.cairn.state.operator.OperatorStateBackend;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One subtask, on its own thread, with a single-threaded mailbox: records, barriers, checkpoint
 * triggers and notifications are processed one at a time, so the operator and its state are never
 * touched concurrently. Only the asynchronous part of a snapshot runs elsewhere (on the shared
 * snapshot executor), reading the frozen views the synchronous part took.
 */
public final class StreamTask implements Runnable, CheckpointBarrierHandler.Target {

    /** What a task needs to run. */
    public record Deployment(
            JobID jobId,
            JobVertex vertex,
            int subtaskIndex,
            ExecutionAttemptID attempt,
            int attemptNumber,
            String jobAttemptId,
            OperatorSubtaskState initialState,
            boolean restored,
            List<Channel> inputs,
            RecordWriter<Object> output,
            StateBackend stateBackend,
            CheckpointStorageWorkerView storage,
            CheckpointCoordinator coordinator,
            Executor snapshotExecutor,
            boolean exactlyOnce,
            TaskListener listener) {}

    private final Deployment d;
    private final String name;
    private final ConcurrentLinkedQueue<Mail> mailbox = new ConcurrentLinkedQueue<>();
    private volatile Thread thread;
    private volatile boolean cancelled;
    private boolean finishRequested;
    private boolean operatorClosed;
    private boolean paused;

    private StreamOperator<Object, Object> operator;
    private KeyedStateBackend<Object> keyedBackend;
    private OperatorStateBackend operatorBackend;
    private CheckpointBarrierHandler barrierHandler;
    private DataInputDeserializer currentBuffer;
    private TypeSerializer<Object> inputSerializer;
    private volatile long recordsIn;

    /** A message for the task thread. */
    private sealed interface Mail {
        record Trigger(long checkpointId, long timestamp, CheckpointOptions options) implements Mail {}

        record Complete(long checkpointId) implements Mail {}

        record Aborted(long checkpointId) implements Mail {}

        record Finish() implements Mail {}

        record Pause(boolean paused) implements Mail {}
    }

    /**
     * @param deployment what to run
     */
    public StreamTask(Deployment deployment) {
        this.d = deployment;
        this.name = deployment.vertex().getName() + " (" + (deployment.subtaskIndex() + 1) + "/"
                + deployment.vertex().getParallelism() + ")#" + deployment.attemptNumber();
    }

    /** @return the attempt id */
    public ExecutionAttemptID getAttempt() {
        return d.attempt();
    }

    /** @return a readable name */
    public String getName() {
        return name;
    }

    /** @return true if the task runs a source */
    public boolean isSource() {
        return d.vertex().isSource();
    }

    /** Makes a source stop emitting (before a stop-with-savepoint); mail, so it is ordered before the trigger. */
    public void stopReading() {
        mail(new Mail.Pause(true));
    }

    /** Undoes {@link #stopReading()} (the savepoint failed). */
    public void resumeReading() {
        mail(new Mail.Pause(false));
    }

    /**
     * Waits for the task's thread to end.
     *
     * @param millis the longest wait
     */
    public void join(long millis) {
        Thread t = thread;
        if (t != null) {
            try {
                t.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return the records this task read */
    public long getRecordsIn() {
        return recordsIn;
    }

    /**
     * Starts the task's thread.
     *
     * @return the thread
     */
    public Thread start() {
        Thread t = new Thread(this, "cairn-task " + name);
        t.setDaemon(true);
        thread = t;
        for (Channel c : d.inputs()) {
            c.setConsumer(t);
        }
        t.start();
        return t;
    }

    /** Stops the task: its thread is interrupted and exits without reporting. */
    public void cancel() {
        cancelled = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private void mail(Mail m) {
        mailbox.add(m);
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Asks a source task to take a checkpoint and inject its barrier.
     *
     * @param checkpointId the checkpoint
     * @param timestamp its trigger timestamp
     * @param options its options
     */
    public void triggerCheckpoint(long checkpointId, long timestamp, CheckpointOptions options) {
        mail(new Mail.Trigger(checkpointId, timestamp, options));
    }

    /** @param checkpointId the completed checkpoint */
    public void notifyCheckpointComplete(long checkpointId) {
        mail(new Mail.Complete(checkpointId));
    }

    /** @param checkpointId the aborted checkpoint */
    public void notifyCheckpointAborted(long checkpointId) {
        mail(new Mail.Aborted(checkpointId));
    }

    /** Tells a source that reached its end (or is being stopped) to send end-of-partition and exit. */
    public void finish() {
        mail(new Mail.Finish());
    }

    // ------------------------------------------------------------------ the task thread

    @Override
    public void run() {
        try {
            setUp();
            if (d.vertex().isSource()) {
                runSource();
            } else {
                runInput();
            }
            if (!cancelled) {
                operator.finish();
                if (d.output() != null) {
                    d.output().broadcastEvent(new ChannelElement.EndOfPartition());
                }
                operatorClosed = true;
                operator.close();
                d.listener().taskFinished(this);
            }
        } catch (Throwable t) {
            if (!cancelled) {
                d.listener().taskFailed(this, t);
            }
        } finally {
            closeQuietly();
        }
    }

    @SuppressWarnings("unchecked")
    private void setUp() throws Exception {
        JobVertex v = d.vertex();
        ClassLoader cl = getClass().getClassLoader();
        OperatorSubtaskState initial = d.initialState() == null ? OperatorSubtaskState.empty() : d.initialState();
        if (v.getKeySerializer() != null) {
            keyedBackend = d.stateBackend().createKeyedStateBackend(new KeyedStateBackendParameters<>(
                    name, (TypeSerializer<Object>) v.getKeySerializer(), v.getMaxParallelism(),
                    KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(v.getMaxParallelism(), v.getParallelism(), d.subtaskIndex()),
                    cl));
            keyedBackend.restore(StateHandles.of(initial.getManagedKeyedState()));
        }
        operatorBackend = d.stateBackend().createOperatorStateBackend(name, cl);
        operatorBackend.restore(StateHandles.of(initial.getManagedOperatorState()));
        TaskRuntimeContext runtimeContext = new TaskRuntimeContext(name, d.subtaskIndex(), v.getParallelism(),
                v.getMaxParallelism(), d.attemptNumber(), keyedBackend, operatorBackend);
        operator = (StreamOperator<Object, Object>) v.createOperator();
        Output<Object> out = d.output() != null ? d.output() : record -> {};
        operator.setup(new OperatorContext(runtimeContext, keyedBackend, operatorBackend, d.restored(), d.jobAttemptId()), out);
        operator.initializeState();
        operator.open();
        if (!v.isSource()) {
            inputSerializer = (TypeSerializer<Object>) v.getInput().recordSerializer().duplicate();
            int n = d.inputs().size();
            barrierHandler = d.exactlyOnce()
                    ? new AlignedBarrierHandler(n, this, io.cairn.common.Clock.SYSTEM)
                    : new AtLeastOnceBarrierHandler(n, this);
        }
    }

    private void runSource() throws Exception {
        SourceOperator<?, ?> source = (SourceOperator<?, ?>) (StreamOperator<?, ?>) operator;
        boolean ended = false;
        while (!cancelled) {
            processMail();
            if (finishRequested) {
                return;
            }
            if (ended || paused) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                continue;
            }
            SourceReader.InputStatus status = source.pollNext();
            if (status == SourceReader.InputStatus.END_OF_INPUT) {
                ended = true;
                flushOutput();
                d.listener().sourceReachedEnd(this);
            } else if (status == SourceReader.InputStatus.NOTHING_AVAILABLE) {
                flushOutput();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private void runInput() throws Exception {
        List<Channel> inputs = d.inputs();
        boolean[] ended = new boolean[inputs.size()];
        int endedCount = 0;
        int next = 0;
        while (!cancelled) {
            processMail();
            if (currentBuffer != null && currentBuffer.available() > 0) {
                for (int i = 0; i < 256 && currentBuffer.available() > 0; i++) {
                    Object record = inputSerializer.deserialize(currentBuffer);
                    recordsIn++;
                    operator.processElement(record);
                }
                continue;
            }
            ChannelElement element = null;
            int channel = -1;
            for (int k = 0; k < inputs.size(); k++) {
                int c = (next + k) % inputs.size();
                if (ended[c] || barrierHandler.isBlocked(c)) {
                    continue;
                }
                element = inputs.get(c).poll();
                if (element != null) {
                    channel = c;
                    next = (c + 1) % inputs.size();
                    break;
                }
            }
            if (element == null) {
                if (endedCount == inputs.size()) {
                    return;
                }
                flushOutput();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                continue;
            }
            if (element instanceof ChannelElement.Buffer b) {
                currentBuffer = new DataInputDeserializer(b.data(), 0, b.length());
            } else if (element instanceof ChannelElement.Barrier b) {
                barrierHandler.processBarrier(b.barrier(), channel);
            } else if (element instanceof ChannelElement.CancelMarker m) {
                barrierHandler.processCancellationBarrier(m.checkpointId(), channel);
            } else {
                ended[channel] = true;
                endedCount++;
                barrierHandler.processEndOfPartition(channel);
            }
        }
    }

    private void flushOutput() throws InterruptedException {
        if (d.output() != null) {
            d.output().flushAll();
        }
    }

    private void processMail() throws Exception {
        Mail m;
        while ((m = mailbox.poll()) != null) {
            if (m instanceof Mail.Trigger t) {
                performCheckpoint(new CheckpointBarrier(t.checkpointId(), t.timestamp(), t.options()), 0);
            } else if (m instanceof Mail.Complete c) {
                if (keyedBackend != null) {
                    keyedBackend.notifyCheckpointComplete(c.checkpointId());
                }
                operator.notifyCheckpointComplete(c.checkpointId());
            } else if (m instanceof Mail.Aborted a) {
                if (keyedBackend != null) {
                    keyedBackend.notifyCheckpointAborted(a.checkpointId());
                }
                operator.notifyCheckpointAborted(a.checkpointId());
            } else if (m instanceof Mail.Pause p) {
                paused = p.paused();
            } else {
                finishRequested = true;
            }
        }
    }

    // ------------------------------------------------------------------ checkpoints

    @Override
    public void triggerCheckpointOnBarrier(CheckpointBarrier barrier, long alignmentDurationNanos) throws Exception {
        performCheckpoint(barrier, alignmentDurationNanos);
    }

    @Override
    public void abortCheckpointOnBarrier(long checkpointId, boolean cancelledByMarker) throws Exception {
        decline(checkpointId, new CheckpointException("checkpoint " + checkpointId + " cancelled at " + name,
                CheckpointFailureReason.CHECKPOINT_DECLINED_ON_CANCELLATION_BARRIER));
        if (d.output() != null) {
            d.output().broadcastEvent(new ChannelElement.CancelMarker(checkpointId));
        }
    }

    private void performCheckpoint(CheckpointBarrier barrier, long alignmentNanos) throws Exception {
        long id = barrier.id();
        long start = System.nanoTime();
        try {
            operator.snapshotState(id);
        } catch (Exception e) {
            decline(id, new CheckpointException("snapshot of " + name + " failed", CheckpointFailureReason.CHECKPOINT_DECLINED, e));
            throw e;
        }
        CheckpointStreamFactory factory = d.storage().resolveCheckpointStorageLocation(id, barrier.options().getTargetLocation());
        RunnableFuture<SnapshotResult<KeyedStateHandle>> keyed =
                keyedBackend == null ? null : keyedBackend.snapshot(id, barrier.timestamp(), factory, barrier.options());
        RunnableFuture<SnapshotResult<OperatorStateHandle>> op =
                operatorBackend.snapshot(id, barrier.timestamp(), factory, barrier.options());
        long syncNanos = System.nanoTime() - start;
        if (d.output() != null) {
            d.output().broadcastEvent(new ChannelElement.Barrier(barrier));
        }
        d.snapshotExecutor().execute(() -> completeAsync(id, keyed, op, syncNanos, alignmentNanos));
    }

    private void completeAsync(long id, RunnableFuture<SnapshotResult<KeyedStateHandle>> keyed,
            RunnableFuture<SnapshotResult<OperatorStateHandle>> op, long syncNanos, long alignmentNanos) {
        long start = System.nanoTime();
        SnapshotResult<KeyedStateHandle> k = null;
        SnapshotResult<OperatorStateHandle> o = null;
        try {
            if (keyed != null) {
                keyed.run();
                k = keyed.get();
            }
            op.run();
            o = op.get();
            OperatorSubtaskState state = new OperatorSubtaskState(
                    k == null || k.getJobManagerOwnedSnapshot() == null ? List.of() : List.of(k.getJobManagerOwnedSnapshot()),
                    o.getJobManagerOwnedSnapshot() == null ? List.of() : List.of(o.getJobManagerOwnedSnapshot()));
            // incremental snapshots persist less than the state they reference
            CheckpointMetrics metrics = new CheckpointMetrics(TimeUnit.NANOSECONDS.toMillis(syncNanos),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), TimeUnit.NANOSECONDS.toMillis(alignmentNanos),
                    state.getCheckpointedSize(), state.getStateSize());
            d.coordinator().receiveAcknowledgeMessage(new AcknowledgeCheckpoint(d.jobId(), d.attempt(), id,
                    TaskStateSnapshot.of(d.vertex().getOperatorId(), state), metrics), name);
        } catch (Throwable t) {
            for (SnapshotResult<?> r : new SnapshotResult<?>[] {k, o}) {
                try {
                    if (r != null) {
                        r.discardNeverRegisteredState();
                    }
                } catch (Exception suppressed) {
                    t.addSuppressed(suppressed);
                }
            }
            decline(id, new CheckpointException("asynchronous snapshot of " + name + " failed",
                    CheckpointFailureReason.CHECKPOINT_ASYNC_EXCEPTION, t));
        }
    }

    private void decline(long checkpointId, CheckpointException reason) {
        d.coordinator().receiveDeclineMessage(new DeclineCheckpoint(d.jobId(), d.attempt(), checkpointId, reason), name);
    }

    private void closeQuietly() {
        try {
            if (operator != null && !operatorClosed) {
                operator.close();
            }
        } catch (Throwable ignored) {
            // the task is being torn down
        }
        if (keyedBackend != null) {
            keyedBackend.close();
        }
        if (operatorBackend != null) {
            operatorBackend.close();
        }
    }

    @Override
    public String toString() {
        return "StreamTask{" + name + "}";
    }
}
