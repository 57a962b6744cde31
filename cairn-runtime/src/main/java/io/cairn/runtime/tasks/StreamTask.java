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
import io.cairn.common.ClassPreloading;
import io.cairn.common.JobID;
import io.cairn.execution.ExecutionAttemptID;
import io.cairn.runtime.io.AlignedBarrierHandler;
import io.cairn.runtime.io.AtLeastOnceBarrierHandler;
import io.cairn.runtime.io.CheckpointBarrier;
import io.cairn.runtime.io.CheckpointBarrierHandler;
import io.cairn.runtime.jobgraph.JobGraph;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One subtask of an operator chain, on its own thread, with a single-threaded mailbox: records,
 * barriers, checkpoint triggers and notifications are processed one at a time, so the operators and
 * their state are never touched concurrently. Only the asynchronous part of a snapshot runs
 * elsewhere (on the shared snapshot executor), reading the frozen views the synchronous part took.
 * When a task finishes its input it closes its state backends; an asynchronous part that had not run
 * by then fails, and the task declines that checkpoint as
 * {@link CheckpointFailureReason#CHECKPOINT_DECLINED_TASK_CLOSING}, which does not count towards the
 * tolerable checkpoint failures (a job that ends must not fail for a checkpoint it no longer needs).
 *
 * <p><b>Chains.</b> The task runs one or more operators (see {@link TaskWiring#chains}): the head
 * reads the task's input channels (or is the source), each operator hands its records to the next
 * through a {@link ChainingOutput}, and the tail writes the task's output channels. Every chained
 * operator keeps its own state backends and its own execution attempt: on a barrier the task
 * snapshots all of them, head to tail, before forwarding the barrier, and acknowledges the checkpoint
 * once per operator, so checkpoints look the same to the coordinator with or without chaining.
 */
public final class StreamTask implements Runnable, CheckpointBarrierHandler.Target {

    /**
     * What a task needs to run.
     *
     * <p>{@code minCheckpointId}: barriers and cancellation markers of lower checkpoint ids are
     * ignored; a task recovered alone gets the first id the coordinator has not issued yet, so that a
     * barrier of a checkpoint aborted by the failure, still on its way, cannot start an alignment that
     * would never end. {@code recoveringAlone}: the task was restored alone while the rest of the job
     * kept running (see {@link OperatorContext#recoveringAlone()}).
     */
    public record Deployment(
            JobID jobId,
            List<ChainedVertex> chain,
            int subtaskIndex,
            int attemptNumber,
            String jobAttemptId,
            boolean restored,
            List<Channel> inputs,
            RecordWriter<Object> output,
            StateBackend stateBackend,
            CheckpointStorageWorkerView storage,
            CheckpointCoordinator coordinator,
            Executor snapshotExecutor,
            boolean exactlyOnce,
            TaskListener listener,
            long minCheckpointId,
            boolean recoveringAlone) {

        /**
         * A deployment as part of the whole job: every barrier is taken, and the task was not
         * recovered alone.
         */
        public Deployment(JobID jobId, List<ChainedVertex> chain, int subtaskIndex, int attemptNumber, String jobAttemptId,
                boolean restored, List<Channel> inputs, RecordWriter<Object> output, StateBackend stateBackend,
                CheckpointStorageWorkerView storage, CheckpointCoordinator coordinator, Executor snapshotExecutor,
                boolean exactlyOnce, TaskListener listener) {
            this(jobId, chain, subtaskIndex, attemptNumber, jobAttemptId, restored, inputs, output, stateBackend, storage,
                    coordinator, snapshotExecutor, exactlyOnce, listener, Long.MIN_VALUE, false);
        }

        /** Validates the deployment. */
        public Deployment {
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("a task runs at least one vertex");
            }
            chain = List.copyOf(chain);
        }

        /** @return the chain's head: it reads the task's inputs, or is the source */
        public JobVertex head() {
            return chain.get(0).vertex();
        }
    }

    /**
     * One vertex of a task's chain, as deployed.
     *
     * @param vertex the vertex
     * @param attempt this subtask's execution attempt of the vertex
     * @param initialState the state to restore, or null for none
     */
    public record ChainedVertex(JobVertex vertex, ExecutionAttemptID attempt, OperatorSubtaskState initialState) {}

    /** A running operator of the chain with its backends; owned by the task thread. */
    private static final class ChainedOperator {
        final ChainedVertex deployed;
        final String name;
        StreamOperator<Object, Object> operator;
        KeyedStateBackend<Object> keyedBackend;
        OperatorStateBackend operatorBackend;
        ChainingOutput<Object> input;
        boolean closed;

        ChainedOperator(ChainedVertex deployed, String name) {
            this.deployed = deployed;
            this.name = name;
        }
    }

    private final Deployment d;
    private final String name;
    private final ConcurrentLinkedQueue<Mail> mailbox = new ConcurrentLinkedQueue<>();
    private volatile Thread thread;
    private volatile boolean cancelled;
    private boolean finishRequested;
    /** Set by the task thread once the task has finished its input, read by the snapshot thread. */
    private volatile boolean finished;
    private boolean paused;

    private final ChainedOperator[] chain;
    /** The chain's head. */
    private StreamOperator<Object, Object> operator;
    private CheckpointBarrierHandler barrierHandler;
    private DataInputDeserializer currentBuffer;
    private TypeSerializer<Object> inputSerializer;
    private volatile long recordsIn;

    /** A message for the task thread. */
    private sealed interface Mail {
        record Trigger(long checkpointId, long timestamp, CheckpointOptions options) implements Mail {}

        record Complete(int member, long checkpointId) implements Mail {}

        record Aborted(int member, long checkpointId) implements Mail {}

        record Finish() implements Mail {}

        record Pause(boolean paused) implements Mail {}

        record ReplaceOutput(int channel, Channel replacement, long mark, CompletableFuture<Boolean> accepted) implements Mail {}
    }

    static {
        // What a task's loops meet only once checkpoints, cancellation or the end of input come: the
        // channel's events and the mails. Initialized with this class, when the first task is
        // created, so that HotSpot's C2 never compiles the record loop before they exist: a type
        // check against a class not yet loaded is compiled as a trap, and meeting the class throws
        // the compiled loop away at the first barrier. See ClassPreloading.
        ClassPreloading.initialize(
                ChannelElement.Barrier.class, ChannelElement.CancelMarker.class, ChannelElement.EndOfPartition.class,
                CheckpointBarrier.class,
                Mail.Trigger.class, Mail.Complete.class, Mail.Aborted.class, Mail.Finish.class, Mail.Pause.class,
                Mail.ReplaceOutput.class);
    }

    /**
     * @param deployment what to run
     */
    public StreamTask(Deployment deployment) {
        this.d = deployment;
        List<ChainedVertex> vertices = deployment.chain();
        this.chain = new ChainedOperator[vertices.size()];
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < chain.length; i++) {
            JobVertex v = vertices.get(i).vertex();
            chain[i] = new ChainedOperator(vertices.get(i), subtaskName(v.getName(), v, deployment));
            names.append(i == 0 ? "" : " -> ").append(v.getName());
        }
        this.name = subtaskName(names.toString(), deployment.head(), deployment);
    }

    private static String subtaskName(String base, JobVertex v, Deployment d) {
        return base + " (" + (d.subtaskIndex() + 1) + "/" + v.getParallelism() + ")#" + d.attemptNumber();
    }

    /** @return what the task runs, as deployed */
    public Deployment getDeployment() {
        return d;
    }

    /** @return whether the task's thread has been started and has not ended */
    public boolean isAlive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** @return the attempt id of the chain's head */
    public ExecutionAttemptID getAttempt() {
        return d.chain().get(0).attempt();
    }

    /** @return the attempt ids of every operator in the chain, head first */
    public List<ExecutionAttemptID> getAttempts() {
        return d.chain().stream().map(ChainedVertex::attempt).toList();
    }

    /** @return a readable name */
    public String getName() {
        return name;
    }

    /** @return true if the task runs a source */
    public boolean isSource() {
        return d.head().isSource();
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

    /**
     * @return the records this task's operators received: read from the input channels by the head,
     *     plus those handed along the chain (exact once the task's thread has ended)
     */
    public long getRecordsIn() {
        long n = recordsIn;
        for (ChainedOperator c : chain) {
            if (c.input != null) {
                n += c.input.recordsIn();
            }
        }
        return n;
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

    /**
     * @return whether the task sends records to other tasks (its chain's tail has a channel output);
     *     a task that does not, and is not a source, can be recovered alone
     */
    public boolean hasChannelOutput() {
        return d.output() != null;
    }

    /**
     * Whether every operator of the task's chain was set up and {@link StreamOperator#supportsRecoveryAlone
     * supports} being recovered alone; whether the chain's shape allows it is
     * {@link TaskWiring#isRecoverableAlone}. Call after the task's thread has ended.
     *
     * @return true if the operators allow recovering the task alone
     */
    public boolean operatorsSupportRecoveryAlone() {
        for (ChainedOperator c : chain) {
            if (c.operator == null || !c.operator.supportsRecoveryAlone()) {
                return false;
            }
        }
        return true;
    }

    /** @return the task's input channels, one per upstream subtask, in upstream subtask order */
    public List<Channel> inputChannels() {
        return d.inputs();
    }

    /**
     * Kills the task's input channels, once the task has failed and reads no more input: producers
     * blocked on them are released and their later sends are dropped (see {@link Channel#kill}).
     */
    private void killInputChannels() {
        for (Channel c : d.inputs()) {
            c.kill();
        }
    }

    /**
     * Asks the task to replace one of its output channels, whose consumer failed, with the recovered
     * consumer's, and to hand it again what it sent since a checkpoint's barrier (from its replay log;
     * see {@link TaskWiring#wire(JobGraph, boolean, long)}). Runs on the task thread, as mail, and
     * never blocks it. If the task ends first, the result is false.
     *
     * @param channel the index of the channel in the task's output
     * @param replacement the new channel
     * @param fromCheckpoint the checkpoint the consumer was restored from, or {@link Long#MIN_VALUE} for
     *     the start of this task's deployment (the consumer restored what this task started from)
     * @return completes with true once the channel is replaced, with false if the task's log does not
     *     reach back to that checkpoint (or it has no log); then nothing changed
     */
    public CompletableFuture<Boolean> replaceOutputChannel(int channel, Channel replacement, long fromCheckpoint) {
        CompletableFuture<Boolean> accepted = new CompletableFuture<>();
        if (d.output() == null) {
            accepted.complete(false);
        } else {
            mail(new Mail.ReplaceOutput(channel, replacement, fromCheckpoint, accepted));
            Thread t = thread;
            if (t == null || !t.isAlive()) {
                accepted.complete(false); // no thread reads the mail (a no-op if it was read)
            }
        }
        return accepted;
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

    /**
     * Tells one operator of the chain that a checkpoint completed.
     *
     * @param attempt the operator's attempt (one of {@link #getAttempts()})
     * @param checkpointId the completed checkpoint
     */
    public void notifyCheckpointComplete(ExecutionAttemptID attempt, long checkpointId) {
        mail(new Mail.Complete(memberOf(attempt), checkpointId));
    }

    /**
     * Tells one operator of the chain that a checkpoint was aborted.
     *
     * @param attempt the operator's attempt (one of {@link #getAttempts()})
     * @param checkpointId the aborted checkpoint
     */
    public void notifyCheckpointAborted(ExecutionAttemptID attempt, long checkpointId) {
        mail(new Mail.Aborted(memberOf(attempt), checkpointId));
    }

    private int memberOf(ExecutionAttemptID attempt) {
        for (int i = 0; i < chain.length; i++) {
            if (chain[i].deployed.attempt().equals(attempt)) {
                return i;
            }
        }
        throw new IllegalArgumentException("attempt " + attempt + " is not part of task " + name);
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
            if (d.head().isSource()) {
                runSource();
            } else {
                runInput();
            }
            if (!cancelled) {
                for (ChainedOperator c : chain) {
                    c.operator.finish(); // may emit into the next operator, which finishes after it
                }
                if (d.output() != null) {
                    d.output().broadcastEvent(new ChannelElement.EndOfPartition());
                }
                for (ChainedOperator c : chain) {
                    c.closed = true;
                    c.operator.close();
                }
                finished = true; // before closeQuietly closes the backends under pending asynchronous parts
                d.listener().taskFinished(this);
            }
        } catch (Throwable t) {
            if (!cancelled) {
                // whatever the recovery, this attempt reads no more input: upstream tasks must not
                // block on its full channels meanwhile (nor while another task is being recovered)
                killInputChannels();
                d.listener().taskFailed(this, t instanceof ChainingOutput.ChainedOperatorException e ? e.getCause() : t);
            }
        } finally {
            closeQuietly();
            // a recovery waiting for this task must not wait for mail it will never read
            Mail m;
            while ((m = mailbox.poll()) != null) {
                if (m instanceof Mail.ReplaceOutput r) {
                    r.accepted().complete(false);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void setUp() throws Exception {
        ClassLoader cl = getClass().getClassLoader();
        for (ChainedOperator c : chain) {
            JobVertex v = c.deployed.vertex();
            OperatorSubtaskState initial = c.deployed.initialState() == null ? OperatorSubtaskState.empty() : c.deployed.initialState();
            if (v.getKeySerializer() != null) {
                c.keyedBackend = d.stateBackend().createKeyedStateBackend(new KeyedStateBackendParameters<>(
                        c.name, (TypeSerializer<Object>) v.getKeySerializer(), v.getMaxParallelism(),
                        KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(v.getMaxParallelism(), v.getParallelism(), d.subtaskIndex()),
                        cl));
                c.keyedBackend.restore(StateHandles.of(initial.getManagedKeyedState()));
            }
            c.operatorBackend = d.stateBackend().createOperatorStateBackend(c.name, cl);
            c.operatorBackend.restore(StateHandles.of(initial.getManagedOperatorState()));
            c.operator = (StreamOperator<Object, Object>) v.createOperator();
        }
        for (int i = 0; i < chain.length; i++) {
            ChainedOperator c = chain[i];
            JobVertex v = c.deployed.vertex();
            TaskRuntimeContext runtimeContext = new TaskRuntimeContext(c.name, d.subtaskIndex(), v.getParallelism(),
                    v.getMaxParallelism(), d.attemptNumber(), c.keyedBackend, c.operatorBackend);
            Output<Object> out;
            if (i + 1 < chain.length) {
                ChainedOperator next = chain[i + 1];
                next.input = new ChainingOutput<>(next.operator,
                        (TypeSerializer<Object>) next.deployed.vertex().getInput().recordSerializer());
                out = next.input;
            } else {
                out = d.output() != null ? d.output() : record -> {};
            }
            c.operator.setup(new OperatorContext(runtimeContext, c.keyedBackend, c.operatorBackend, d.restored(), d.jobAttemptId(),
                    d.recoveringAlone()), out);
        }
        // tail first: an operator that emits while opening finds the operators after it open
        for (int i = chain.length - 1; i >= 0; i--) {
            chain[i].operator.initializeState();
            chain[i].operator.open();
        }
        operator = chain[0].operator;
        JobVertex v = d.head();
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
                int n = 0;
                try {
                    while (n < 256 && currentBuffer.available() > 0) {
                        Object record = inputSerializer.deserialize(currentBuffer);
                        n++;
                        operator.processElement(record);
                    }
                } finally {
                    recordsIn += n; // one volatile write per batch, not per record
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
                if (b.barrier().id() >= d.minCheckpointId()) {
                    barrierHandler.processBarrier(b.barrier(), channel);
                } else {
                    // triggered before this task was recovered: it cannot take part (the coordinator
                    // ignores declines of checkpoints it already aborted)
                    decline(b.barrier().id(), new CheckpointException("checkpoint " + b.barrier().id()
                            + " was triggered before " + name + " was recovered", CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING));
                }
            } else if (element instanceof ChannelElement.CancelMarker m) {
                if (m.checkpointId() >= d.minCheckpointId()) {
                    barrierHandler.processCancellationBarrier(m.checkpointId(), channel);
                }
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
                ChainedOperator member = chain[c.member()];
                if (member.keyedBackend != null) {
                    member.keyedBackend.notifyCheckpointComplete(c.checkpointId());
                }
                member.operator.notifyCheckpointComplete(c.checkpointId());
                if (d.output() != null) {
                    d.output().checkpointCompleted(c.checkpointId());
                }
            } else if (m instanceof Mail.ReplaceOutput r) {
                d.output().replaceChannel(r.channel(), r.replacement(), r.mark(), r.accepted());
            } else if (m instanceof Mail.Aborted a) {
                ChainedOperator member = chain[a.member()];
                if (member.keyedBackend != null) {
                    member.keyedBackend.notifyCheckpointAborted(a.checkpointId());
                }
                member.operator.notifyCheckpointAborted(a.checkpointId());
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
        // all records before the barrier have passed the whole chain: snapshot head to tail
        for (ChainedOperator c : chain) {
            try {
                c.operator.snapshotState(id);
            } catch (Exception e) {
                decline(id, new CheckpointException("snapshot of " + c.name + " failed", CheckpointFailureReason.CHECKPOINT_DECLINED, e));
                throw e;
            }
        }
        CheckpointStreamFactory factory = d.storage().resolveCheckpointStorageLocation(id, barrier.options().getTargetLocation());
        List<RunnableFuture<SnapshotResult<KeyedStateHandle>>> keyed = new ArrayList<>(chain.length);
        List<RunnableFuture<SnapshotResult<OperatorStateHandle>>> op = new ArrayList<>(chain.length);
        for (ChainedOperator c : chain) {
            keyed.add(c.keyedBackend == null ? null : c.keyedBackend.snapshot(id, barrier.timestamp(), factory, barrier.options()));
            op.add(c.operatorBackend.snapshot(id, barrier.timestamp(), factory, barrier.options()));
        }
        long syncNanos = System.nanoTime() - start;
        if (d.output() != null) {
            d.output().broadcastEvent(new ChannelElement.Barrier(barrier));
        }
        d.snapshotExecutor().execute(() -> completeAsync(id, keyed, op, syncNanos, alignmentNanos));
    }

    /** Runs the asynchronous parts of every chained operator's snapshot, then acknowledges once per operator. */
    private void completeAsync(long id, List<RunnableFuture<SnapshotResult<KeyedStateHandle>>> keyed,
            List<RunnableFuture<SnapshotResult<OperatorStateHandle>>> op, long syncNanos, long alignmentNanos) {
        long start = System.nanoTime();
        List<SnapshotResult<?>> results = new ArrayList<>();
        try {
            OperatorSubtaskState[] states = new OperatorSubtaskState[chain.length];
            for (int i = 0; i < chain.length; i++) {
                SnapshotResult<KeyedStateHandle> k = null;
                if (keyed.get(i) != null) {
                    keyed.get(i).run();
                    k = keyed.get(i).get();
                    results.add(k);
                }
                op.get(i).run();
                SnapshotResult<OperatorStateHandle> o = op.get(i).get();
                results.add(o);
                states[i] = new OperatorSubtaskState(
                        k == null || k.getJobManagerOwnedSnapshot() == null ? List.of() : List.of(k.getJobManagerOwnedSnapshot()),
                        o.getJobManagerOwnedSnapshot() == null ? List.of() : List.of(o.getJobManagerOwnedSnapshot()));
            }
            long asyncMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            for (int i = 0; i < chain.length; i++) {
                // incremental snapshots persist less than the state they reference
                CheckpointMetrics metrics = new CheckpointMetrics(TimeUnit.NANOSECONDS.toMillis(syncNanos), asyncMillis,
                        TimeUnit.NANOSECONDS.toMillis(alignmentNanos), states[i].getCheckpointedSize(), states[i].getStateSize());
                ChainedVertex v = chain[i].deployed;
                d.coordinator().receiveAcknowledgeMessage(new AcknowledgeCheckpoint(d.jobId(), v.attempt(), id,
                        TaskStateSnapshot.of(v.vertex().getOperatorId(), states[i]), metrics), chain[i].name);
            }
        } catch (Throwable t) {
            for (SnapshotResult<?> r : results) {
                try {
                    r.discardNeverRegisteredState();
                } catch (Exception suppressed) {
                    t.addSuppressed(suppressed);
                }
            }
            // a part that had not run when the finished task closed its backends fails: not a failure of the job
            decline(id, new CheckpointException("asynchronous snapshot of " + name + " failed",
                    finished ? CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_CLOSING
                            : CheckpointFailureReason.CHECKPOINT_ASYNC_EXCEPTION, t));
        }
    }

    private void decline(long checkpointId, CheckpointException reason) {
        d.coordinator().receiveDeclineMessage(new DeclineCheckpoint(d.jobId(), getAttempt(), checkpointId, reason), name);
    }

    private void closeQuietly() {
        for (ChainedOperator c : chain) {
            try {
                if (c.operator != null && !c.closed) {
                    c.closed = true;
                    c.operator.close();
                }
            } catch (Throwable ignored) {
                // the task is being torn down
            }
        }
        for (ChainedOperator c : chain) {
            if (c.keyedBackend != null) {
                c.keyedBackend.close();
            }
            if (c.operatorBackend != null) {
                c.operatorBackend.close();
            }
        }
    }

    @Override
    public String toString() {
        return "StreamTask{" + name + "}";
    }
}
