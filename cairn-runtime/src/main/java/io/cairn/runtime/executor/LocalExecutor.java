package io.cairn.runtime.executor;

import io.cairn.checkpoint.CheckpointCoordinator;
import io.cairn.checkpoint.CheckpointException;
import io.cairn.checkpoint.CheckpointFailureReason;
import io.cairn.checkpoint.CheckpointTaskGateway;
import io.cairn.checkpoint.CheckpointsCleaner;
import io.cairn.checkpoint.CompletedCheckpoint;
import io.cairn.checkpoint.StandaloneCompletedCheckpointStore;
import io.cairn.checkpoint.metadata.OperatorSubtaskState;
import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStorageWorkerView;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.checkpoint.storage.SavepointFormatType;
import io.cairn.common.JobID;
import io.cairn.common.JobStatus;
import io.cairn.common.ScheduledExecutor;
import io.cairn.execution.ExecutionAttemptID;
import io.cairn.execution.ExecutionJobVertex;
import io.cairn.execution.ExecutionVertex;
import io.cairn.runtime.jobgraph.JobEdge;
import io.cairn.runtime.jobgraph.JobGraph;
import io.cairn.runtime.jobgraph.JobVertex;
import io.cairn.runtime.jobgraph.Partitioning;
import io.cairn.runtime.tasks.StreamTask;
import io.cairn.runtime.tasks.TaskListener;
import io.cairn.runtime.tasks.TaskWiring;
import io.cairn.state.handle.SharedStateRegistryImpl;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link JobGraph} in this process: one thread per subtask of each operator chain (see
 * {@link JobConfig#chaining}), bounded channels between them, a {@link CheckpointCoordinator}
 * driving barrier snapshots, and failover from the latest completed checkpoint: of the failed task
 * alone where it can be (see {@link JobConfig#recoverTasksAlone}), otherwise of every task.
 *
 * <p><b>Threads.</b> A control thread owns the job's life cycle and reacts to events (task failed or
 * finished, sources at end, stop requests) from a queue; task threads run the tasks; the coordinator
 * has a timer thread; asynchronous snapshot parts run on a cached pool (one thread per part in
 * progress, so every task's part starts at once); deletions on a cleaner thread.
 *
 * <p><b>Ending.</b> When every source has read all its input, the periodic trigger stops (a pending
 * checkpoint still completes; a restart of the job starts it again) and a final checkpoint is
 * taken; once it
 * completes (and transactional sinks have committed), the sources send end-of-partition and every
 * task finishes. Stop-with-savepoint is the same with a savepoint, after the sources stop reading.
 */
public final class LocalExecutor implements CheckpointTaskGateway, TaskListener {

    private final JobGraph graph;
    private final JobConfig config;
    private final JobID jobId;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<ExecutionAttemptID, StreamTask> tasksByAttempt = new ConcurrentHashMap<>();
    private final Map<JobVertex, ExecutionJobVertex> executionVertices = new LinkedHashMap<>();
    private final CompletableFuture<JobResult> result = new CompletableFuture<>();
    private final Set<CompletableFuture<String>> stopRequests = ConcurrentHashMap.newKeySet();

    private ScheduledExecutorService timer;
    private ExecutorService snapshotPool;
    private ExecutorService cleanupThread;
    private CheckpointCoordinator coordinator;
    private CheckpointStorageWorkerView workerView;

    // control-thread state
    private List<StreamTask> tasks = List.of();
    private Set<StreamTask> endedSources = new HashSet<>();
    private int finishedTasks;
    private int restarts;
    private int attemptNumber;
    private boolean finalCheckpointRequested;
    /** The checkpoint the running tasks' deployment restored, or -1 for none: where their replay logs start. */
    private long deployedFrom = -1;
    private String savepointPath;
    private CompletableFuture<String> pendingStop;
    private volatile long recordsProcessed;
    private boolean done;

    /**
     * @param graph the job
     * @param config how to run it
     */
    public LocalExecutor(JobGraph graph, JobConfig config) {
        this.graph = graph;
        this.config = config;
        this.jobId = config.jobId() != null ? config.jobId() : jobIdFor(graph.getName());
        graph.validate();
    }

    /**
     * The job id derived from a job name, stable across runs so a restarted process finds the
     * job's checkpoints.
     *
     * @param jobName the name
     * @return the id
     */
    public static JobID jobIdFor(String jobName) {
        try {
            ByteBuffer b = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(jobName.getBytes(StandardCharsets.UTF_8)));
            return new JobID(b.getLong(), b.getLong());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the job id */
    public JobID getJobId() {
        return jobId;
    }

    /** @return the coordinator, once started */
    public CheckpointCoordinator getCoordinator() {
        return coordinator;
    }

    /**
     * Runs the job to its end.
     *
     * @return how it ended
     * @throws InterruptedException if interrupted while waiting
     */
    public JobResult execute() throws InterruptedException {
        start();
        return join();
    }

    /** Starts the job on a control thread and returns at once. */
    public void start() {
        Thread control = new Thread(this::control, "cairn-job " + graph.getName());
        control.setDaemon(true);
        control.start();
    }

    /**
     * Waits for the job to end.
     *
     * @return how it ended
     * @throws InterruptedException if interrupted while waiting
     */
    public JobResult join() throws InterruptedException {
        try {
            return result.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("job runner failed", e.getCause());
        }
    }

    /**
     * Takes a savepoint after the sources stop reading, then ends the job.
     *
     * @param targetDirectory the savepoint's parent directory, or null for the storage default
     * @return completes with the savepoint path
     */
    public CompletableFuture<String> stopWithSavepoint(String targetDirectory) {
        CompletableFuture<String> f = new CompletableFuture<>();
        stopRequests.add(f);
        events.add(() -> onStopRequested(targetDirectory, f));
        if (result.isDone()) {
            f.completeExceptionally(new IllegalStateException("the job already ended"));
        }
        return f;
    }

    // ------------------------------------------------------------------ control thread

    private void control() {
        JobStatus status = JobStatus.FAILED;
        Throwable failure = null;
        try {
            setUp();
            deploy();
            if (config.checkpointing().isCheckpointingEnabled()) {
                coordinator.startCheckpointScheduler();
            }
            while (!done) {
                events.take().run();
            }
            status = JobStatus.FINISHED;
        } catch (JobFailedException e) {
            failure = e.getCause();
        } catch (Throwable t) {
            failure = t;
        } finally {
            cancelTasks();
            String latest = null;
            if (coordinator != null) {
                CompletedCheckpoint c = coordinator.getCheckpointStore().getLatestCheckpoint();
                latest = c == null ? null : c.getExternalPointer();
                coordinator.shutdown(status != JobStatus.FINISHED ? JobStatus.FAILED
                        : config.retainCheckpointsOnFinish() ? JobStatus.SUSPENDED : JobStatus.FINISHED);
            }
            for (CompletableFuture<String> f : stopRequests) {
                f.completeExceptionally(failure != null ? failure : new IllegalStateException("the job already ended"));
            }
            JobResult r = new JobResult(jobId, status, restarts, failure, savepointPath, latest,
                    coordinator == null ? null : coordinator.getStatsTracker().createSnapshot(), recordsProcessed);
            shutdownExecutors();
            result.complete(r);
        }
    }

    private void setUp() throws Exception {
        timer = Executors.newSingleThreadScheduledExecutor(daemon("cairn-checkpoint-timer"));
        // a thread per concurrent snapshot part: a fixed pool smaller than the number of tasks would make
        // the last tasks' parts wait for the first ones', and the checkpoint wait for the slowest queue
        snapshotPool = Executors.newCachedThreadPool(daemon("cairn-async-snapshot"));
        cleanupThread = Executors.newSingleThreadExecutor(daemon("cairn-cleaner"));
        for (JobVertex v : graph.getVertices()) {
            executionVertices.put(v, new ExecutionJobVertex(v.getName(), v.getOperatorId(), v.getParallelism(),
                    v.getMaxParallelism(), v.isSource()));
        }
        coordinator = CheckpointCoordinator.builder()
                .jobId(jobId)
                .configuration(config.checkpointing())
                .vertices(new ArrayList<>(executionVertices.values()))
                .completedCheckpointStore(new StandaloneCompletedCheckpointStore(config.retainedCheckpoints(),
                        new SharedStateRegistryImpl(cleanupThread)))
                .checkpointStorage(config.checkpointStorage())
                .timer(ScheduledExecutor.of(timer))
                .ioExecutor(cleanupThread)
                .cleaner(new CheckpointsCleaner(cleanupThread, t -> { }))
                .taskGateway(this)
                .statsTracker(new io.cairn.checkpoint.stats.CheckpointStatsTracker(config.statsHistorySize()))
                .failJobCallback(t -> events.add(() -> {
                    throw new JobFailedException(t);
                }))
                .build();
        workerView = config.checkpointStorage().createCheckpointStorageWorkerView(jobId);
        String restore = config.restorePath();
        if (restore == null && config.resumeFromLatestCheckpoint()
                && config.checkpointStorage() instanceof FileSystemCheckpointStorage fs) {
            restore = fs.resolveCheckpointStorageAccess(jobId).findLatestCompletedCheckpoint().orElse(null);
        }
        Set<ExecutionJobVertex> all = new HashSet<>(executionVertices.values());
        if (restore != null) {
            coordinator.restoreSavepoint(restore, config.allowNonRestoredState(), all);
            config.listener().restoredFrom(restore);
        } else {
            startEmpty(all);
        }
    }

    private void deploy() {
        String jobAttemptId = UUID.randomUUID().toString().substring(0, 8);
        CompletedCheckpoint latest = coordinator.getCheckpointStore().getLatestCheckpoint();
        boolean restored = latest != null;
        deployedFrom = latest == null ? -1 : latest.getCheckpointId();
        // without checkpoints nothing would ever trim the logs
        boolean logs = config.recoverTasksAlone() && config.checkpointing().isCheckpointingEnabled();
        Map<JobVertex, TaskWiring.Wiring> wiring = TaskWiring.wire(graph, config.chaining(), logs ? config.replayLogBytes() : 0);
        List<StreamTask> deployed = new ArrayList<>();
        for (List<JobVertex> chain : TaskWiring.chains(graph, config.chaining())) {
            JobVertex head = chain.get(0);
            JobVertex tail = chain.get(chain.size() - 1);
            for (int i = 0; i < head.getParallelism(); i++) {
                List<StreamTask.ChainedVertex> members = new ArrayList<>(chain.size());
                for (JobVertex v : chain) {
                    ExecutionVertex sv = executionVertices.get(v).getTaskVertices().get(i);
                    members.add(new StreamTask.ChainedVertex(v, sv.getCurrentAttempt(), sv.getInitialState()));
                }
                StreamTask task = new StreamTask(new StreamTask.Deployment(jobId, members, i, attemptNumber,
                        jobAttemptId, restored, wiring.get(head).inputs(i), wiring.get(tail).output(i),
                        config.stateBackend(), workerView, coordinator, snapshotPool,
                        config.checkpointing().isExactlyOnce(), this));
                for (StreamTask.ChainedVertex m : members) {
                    tasksByAttempt.put(m.attempt(), task);
                }
                deployed.add(task);
            }
        }
        tasks = deployed;
        endedSources = new HashSet<>();
        finishedTasks = 0;
        finalCheckpointRequested = false;
        for (StreamTask t : deployed) {
            t.start();
        }
    }

    private void onTaskFailed(StreamTask task, Throwable cause) throws Exception {
        if (!tasks.contains(task)) {
            return; // a task of an earlier attempt
        }
        if (recoverAlone(task, cause)) {
            return;
        }
        // the configuration, not whether the trigger runs now: it is off after the end of input or
        // during a stop-with-savepoint, and the restarted job must checkpoint again
        restartJob(task.getName(), cause, true, config.checkpointing().isCheckpointingEnabled());
    }

    /**
     * Recovers a failed task alone if it qualifies (see {@link JobConfig#recoverTasksAlone}): restores
     * it from the latest completed checkpoint, deploys it with new input channels, and has each
     * upstream task replace its channel to the failed task with the new one and replay its log into
     * it. If an upstream task's log does not reach back to the checkpoint, falls back to restarting
     * the whole job.
     *
     * @return false if the task does not qualify and nothing was done
     */
    private boolean recoverAlone(StreamTask failed, Throwable cause) throws Exception {
        if (!config.recoverTasksAlone() || !config.checkpointing().isCheckpointingEnabled() || finalCheckpointRequested
                || pendingStop != null || !endedSources.isEmpty() || !config.restartStrategy().canRestart(restarts)) {
            return false;
        }
        StreamTask.Deployment fd = failed.getDeployment();
        if (!TaskWiring.isRecoverableAlone(graph, fd.head(), config.chaining())) {
            return false;
        }
        int k = fd.subtaskIndex();
        JobEdge in = fd.head().getInput();
        // the upstream task feeding each input channel, and the index of that channel in its output
        boolean forward = in.partitioning() == Partitioning.FORWARD;
        List<StreamTask> upstream = new ArrayList<>();
        for (int i = 0; i < fd.inputs().size(); i++) {
            int upstreamIndex = forward ? k : i;
            StreamTask u = null;
            for (StreamTask t : tasks) {
                List<StreamTask.ChainedVertex> c = t.getDeployment().chain();
                if (c.get(c.size() - 1).vertex() == in.source() && t.getDeployment().subtaskIndex() == upstreamIndex) {
                    u = t;
                }
            }
            if (u == null || !u.isAlive()) {
                return false;
            }
            upstream.add(u);
        }
        failed.cancel();
        failed.join(10_000);
        if (failed.isAlive() || !failed.operatorsSupportRecoveryAlone()) {
            return false;
        }
        boolean periodic = coordinator.isPeriodicCheckpointingStarted();
        stopCheckpoints(periodic, failed.getName(), cause);
        countRestart(cause);
        attemptNumber++;
        // the failed task killed its input channels before it reported: what the upstream tasks send
        // it from now on is only logged
        Set<ExecutionJobVertex> vertices = new HashSet<>();
        for (StreamTask.ChainedVertex m : fd.chain()) {
            ExecutionJobVertex v = executionVertices.get(m.vertex());
            v.getTaskVertices().get(k).resetForNewAttempt();
            vertices.add(v);
        }
        long restoredId = coordinator.restoreLatestCheckpointedStateForRecoveryAlone(vertices);
        if (restoredId < 0) {
            startEmpty(vertices);
        }
        List<StreamTask.ChainedVertex> members = new ArrayList<>();
        for (StreamTask.ChainedVertex m : fd.chain()) {
            ExecutionVertex sv = executionVertices.get(m.vertex()).getTaskVertices().get(k);
            members.add(new StreamTask.ChainedVertex(m.vertex(), sv.getCurrentAttempt(), sv.getInitialState()));
        }
        var inputs = TaskWiring.newChannels(fd.inputs().size());
        StreamTask task = new StreamTask(new StreamTask.Deployment(jobId, members, k, attemptNumber,
                UUID.randomUUID().toString().substring(0, 8), restoredId >= 0, inputs, null, config.stateBackend(),
                workerView, coordinator, snapshotPool, config.checkpointing().isExactlyOnce(), this,
                coordinator.getNextCheckpointId(), true));
        recordsProcessed += failed.getRecordsIn();
        for (ExecutionAttemptID a : failed.getAttempts()) {
            tasksByAttempt.remove(a);
        }
        for (ExecutionAttemptID a : task.getAttempts()) {
            tasksByAttempt.put(a, task);
        }
        List<StreamTask> next = new ArrayList<>(tasks);
        next.set(next.indexOf(failed), task);
        tasks = List.copyOf(next);
        // its channels deliver nothing until their upstream task has handed over the replay
        task.start();
        // the upstream tasks started from what the failed task restored: replay all they logged
        long mark = restoredId == deployedFrom ? Long.MIN_VALUE : restoredId;
        List<CompletableFuture<Boolean>> accepted = new ArrayList<>();
        for (int i = 0; i < upstream.size(); i++) {
            accepted.add(upstream.get(i).replaceOutputChannel(forward ? 0 : k, inputs.get(i), mark));
        }
        for (CompletableFuture<Boolean> f : accepted) {
            boolean ok;
            try {
                ok = f.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                ok = false;
            }
            if (!ok) {
                // a log does not reach back to the checkpoint (or the upstream task ended): the new
                // task cannot get its input
                restartJob(failed.getName(), cause, false, periodic);
                return true;
            }
        }
        if (periodic) {
            coordinator.startCheckpointScheduler();
        }
        return true;
    }

    /**
     * Restarts every task from the latest completed checkpoint, counting a restart unless one was
     * counted, and resumes the periodic trigger if {@code periodic}.
     */
    private void restartJob(String failedTask, Throwable cause, boolean countRestart, boolean periodic) throws Exception {
        cancelTasks();
        stopCheckpoints(periodic, failedTask, cause);
        if (countRestart) {
            countRestart(cause);
        }
        attemptNumber++;
        for (ExecutionJobVertex v : executionVertices.values()) {
            for (ExecutionVertex sv : v.getTaskVertices()) {
                sv.resetForNewAttempt();
            }
        }
        Set<ExecutionJobVertex> all = new HashSet<>(executionVertices.values());
        if (!coordinator.restoreLatestCheckpointedStateToAll(all, false)) {
            startEmpty(all);
        }
        deploy();
        if (periodic) {
            coordinator.startCheckpointScheduler();
        }
    }

    /** After a task failed: stops the periodic trigger (if {@code periodic}) and aborts the pending checkpoints. */
    private void stopCheckpoints(boolean periodic, String failedTask, Throwable cause) {
        if (periodic) {
            coordinator.stopCheckpointScheduler();
        }
        coordinator.abortPendingCheckpoints(new CheckpointException("task " + failedTask + " failed",
                CheckpointFailureReason.TASK_FAILURE, cause));
    }

    /** Counts a restart: ends the job if the restart strategy allows no more, tells the listener, waits the delay. */
    private void countRestart(Throwable cause) throws InterruptedException {
        if (!config.restartStrategy().canRestart(restarts)) {
            throw new JobFailedException(cause);
        }
        long delay = config.restartStrategy().delay(restarts).toMillis();
        restarts++;
        config.listener().restarting(restarts, cause);
        if (delay > 0) {
            Thread.sleep(delay);
        }
    }

    /** Gives every subtask of the vertices empty initial state: nothing to restore. */
    private static void startEmpty(Set<ExecutionJobVertex> vertices) {
        for (ExecutionJobVertex v : vertices) {
            for (ExecutionVertex sv : v.getTaskVertices()) {
                sv.setInitialState(OperatorSubtaskState.empty());
            }
        }
    }

    private void onSourceEnded(StreamTask task) {
        if (!tasks.contains(task)) {
            return;
        }
        endedSources.add(task);
        long sources = tasks.stream().filter(t -> isSource(t)).count();
        if (endedSources.size() == sources && !finalCheckpointRequested && pendingStop == null) {
            finalCheckpointRequested = true;
            // no periodic checkpoint after the final one: it could only fail when the tasks finish
            // (a restart of the job starts the trigger again, see onTaskFailed)
            coordinator.stopPeriodicTrigger();
            requestFinalCheckpoint(tasks);
        }
    }

    private void requestFinalCheckpoint(List<StreamTask> attemptTasks) {
        coordinator.triggerCheckpoint(false).whenComplete((cp, t) -> events.add(() -> {
            if (tasks != attemptTasks) {
                return; // restarted meanwhile; the new attempt takes its own final checkpoint
            }
            if (t != null) {
                requestFinalCheckpoint(attemptTasks);
            } else {
                config.listener().checkpointCompleted(cp);
                finishSources();
            }
        }));
    }

    private void onStopRequested(String target, CompletableFuture<String> f) {
        if (pendingStop != null) {
            f.completeExceptionally(new IllegalStateException("a stop-with-savepoint is already in progress"));
            return;
        }
        pendingStop = f;
        List<StreamTask> attemptTasks = tasks;
        // as at the end of input: a periodic checkpoint after the savepoint could only fail
        coordinator.stopPeriodicTrigger();
        for (StreamTask t : tasks) {
            if (isSource(t)) {
                t.stopReading();
            }
        }
        coordinator.triggerSavepoint(target, SavepointFormatType.CANONICAL).whenComplete((sp, t) -> events.add(() -> {
            if (t != null) {
                pendingStop = null;
                f.completeExceptionally(t);
                if (tasks == attemptTasks) {
                    for (StreamTask task : tasks) {
                        if (isSource(task)) {
                            task.resumeReading();
                        }
                    }
                    if (config.checkpointing().isCheckpointingEnabled()) {
                        coordinator.startCheckpointScheduler(); // a restart started it already
                    }
                }
                return;
            }
            savepointPath = sp.getExternalPointer();
            config.listener().checkpointCompleted(sp);
            f.complete(savepointPath);
            finishSources();
        }));
    }

    private void finishSources() {
        for (StreamTask t : tasks) {
            if (isSource(t)) {
                t.finish();
            }
        }
    }

    private boolean isSource(StreamTask t) {
        return t.isSource();
    }

    private void onTaskFinished(StreamTask task) {
        if (!tasks.contains(task)) {
            return;
        }
        finishedTasks++;
        if (finishedTasks == tasks.size()) {
            long processed = 0;
            for (StreamTask t : tasks) {
                processed += t.getRecordsIn();
            }
            recordsProcessed += processed;
            done = true;
        }
    }

    private void cancelTasks() {
        List<StreamTask> current = tasks;
        long processed = 0;
        for (StreamTask t : current) {
            t.cancel();
        }
        for (StreamTask t : current) {
            t.join(10_000);
            processed += t.getRecordsIn();
            for (ExecutionAttemptID a : t.getAttempts()) {
                tasksByAttempt.remove(a);
            }
        }
        if (!done) {
            recordsProcessed += processed;
        }
        tasks = List.of();
    }

    private void shutdownExecutors() {
        for (ExecutorService e : new ExecutorService[] {timer, snapshotPool, cleanupThread}) {
            if (e != null) {
                e.shutdown();
                try {
                    e.awaitTermination(10, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    // ------------------------------------------------------------------ TaskListener (task threads)

    @Override
    public void taskFinished(StreamTask task) {
        events.add(() -> onTaskFinished(task));
    }

    @Override
    public void taskFailed(StreamTask task, Throwable cause) {
        events.add(() -> onTaskFailed(task, cause));
    }

    @Override
    public void sourceReachedEnd(StreamTask task) {
        events.add(() -> onSourceEnded(task));
    }

    // ------------------------------------------------------------------ CheckpointTaskGateway (coordinator)

    @Override
    public void triggerCheckpoint(ExecutionAttemptID task, long checkpointId, long timestamp, CheckpointOptions options) {
        StreamTask t = tasksByAttempt.get(task);
        if (t != null) {
            t.triggerCheckpoint(checkpointId, timestamp, options);
        } else {
            // the attempt is gone (failover in progress): decline, off the coordinator's lock, so the
            // checkpoint does not wait for its timeout
            cleanupThread.execute(() -> coordinator.receiveDeclineMessage(new io.cairn.checkpoint.DeclineCheckpoint(jobId, task,
                    checkpointId, new CheckpointException("task attempt " + task + " is not running",
                            CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING)), "local"));
        }
    }

    @Override
    public void notifyCheckpointComplete(ExecutionAttemptID task, long checkpointId, long timestamp) {
        StreamTask t = tasksByAttempt.get(task);
        if (t != null) {
            t.notifyCheckpointComplete(task, checkpointId);
        }
    }

    @Override
    public void notifyCheckpointAborted(ExecutionAttemptID task, long checkpointId, long timestamp) {
        StreamTask t = tasksByAttempt.get(task);
        if (t != null) {
            t.notifyCheckpointAborted(task, checkpointId);
        }
    }

    /** Work for the control thread. */
    @FunctionalInterface
    private interface Event {
        void run() throws Exception;
    }

    /** Ends the control loop with a failure. */
    private static final class JobFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JobFailedException(Throwable cause) {
            super(cause);
        }
    }
}
