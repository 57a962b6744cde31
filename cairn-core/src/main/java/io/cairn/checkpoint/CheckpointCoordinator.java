package io.cairn.checkpoint;

import io.cairn.checkpoint.stats.CheckpointStatsTracker;
import io.cairn.checkpoint.stats.CompletedCheckpointStats;
import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointProperties;
import io.cairn.checkpoint.storage.CheckpointStorage;
import io.cairn.checkpoint.storage.CheckpointStorageAccess;
import io.cairn.checkpoint.storage.CheckpointStorageLocation;
import io.cairn.checkpoint.storage.CheckpointType;
import io.cairn.checkpoint.storage.SavepointFormatType;
import io.cairn.common.Clock;
import io.cairn.common.JobID;
import io.cairn.common.JobStatus;
import io.cairn.common.ScheduledExecutor;
import io.cairn.execution.ExecutionAttemptID;
import io.cairn.execution.ExecutionJobVertex;
import io.cairn.execution.ExecutionVertex;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Coordinates the distributed snapshots of a job: triggers checkpoints and savepoints at the source
 * tasks, collects acknowledgements, completes (metadata, store, notifications), aborts (declines,
 * timeouts, subsumption, shutdown) and restores.
 *
 * <h2>Design</h2>
 * A thin shell over small parts, each tested on its own: {@link CheckpointRequestDecider} (queueing,
 * max concurrent, min pause, savepoint priority), {@link PendingCheckpoint} (acknowledgement
 * bookkeeping), {@link CheckpointFailureManager} (tolerable consecutive failures),
 * {@link CompletedCheckpointStore} with its shared-state registry (retention, subsumption),
 * {@link CheckpointsCleaner} (asynchronous deletion), {@link StateAssignmentOperation} (restore) and
 * {@link CheckpointStatsTracker} (statistics).
 *
 * <p><b>Threads.</b> Every public method takes one lock; timers (periodic trigger, timeouts, min-pause
 * retries) run on the injected {@link ScheduledExecutor} and take the same lock; time comes from the
 * injected {@link Clock}. Deletions run on the cleaner's executor. Writing {@code _metadata} happens
 * under the lock (it is one small file). Futures returned to callers are completed under the lock, so
 * their callbacks should not block.
 */
public class CheckpointCoordinator {

    private final Object lock = new Object();

    private final JobID jobId;
    private final CheckpointCoordinatorConfiguration config;
    private final CheckpointPlan plan;
    private final CheckpointIDCounter idCounter;
    private final CompletedCheckpointStore store;
    private final CheckpointStorage storage;
    private final CheckpointStorageAccess storageAccess;
    private final ScheduledExecutor timer;
    private final Executor ioExecutor;
    private final Clock clock;
    private final CheckpointsCleaner cleaner;
    private final CheckpointFailureManager failureManager;
    private final CheckpointStatsTracker statsTracker;
    private final MasterHooks masterHooks;
    private final CheckpointRequestDecider decider;

    private final TreeMap<Long, PendingCheckpoint> pendingCheckpoints = new TreeMap<>();
    private ScheduledFuture<?> periodicTrigger;
    private ScheduledFuture<?> minPauseRetry;
    private long lastCompletionMillis = Long.MIN_VALUE;
    private boolean triggerInProgress;
    private boolean baseLocationsInitialized;
    private boolean shutdown;

    CheckpointCoordinator(CheckpointCoordinatorBuilder b) {
        this.jobId = b.jobId;
        this.config = b.config;
        this.plan = new CheckpointPlan(List.copyOf(b.vertices), b.gateway);
        this.idCounter = b.idCounter;
        this.store = b.store;
        this.storage = b.storage;
        this.timer = b.timer;
        this.ioExecutor = b.ioExecutor;
        this.clock = b.clock;
        this.cleaner = b.cleaner;
        this.failureManager = new CheckpointFailureManager(config.getTolerableCheckpointFailureNumber(), b.failJob);
        this.statsTracker = b.statsTracker;
        this.masterHooks = new MasterHooks(b.masterHooks);
        this.decider = new CheckpointRequestDecider(config.getMaxConcurrentCheckpoints(), config.getMinPauseBetweenCheckpoints());
        try {
            this.storageAccess = storage.resolveCheckpointStorageAccess(jobId);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot resolve checkpoint storage " + storage + " for job " + jobId, e);
        }
    }

    /** @return a builder */
    public static CheckpointCoordinatorBuilder builder() {
        return new CheckpointCoordinatorBuilder();
    }

    // ------------------------------------------------------------------ triggering

    /**
     * Triggers a checkpoint.
     *
     * @param isPeriodic whether the periodic scheduler asked for it (a periodic request is dropped if one is queued)
     * @return completes with the checkpoint, or fails with a {@link CheckpointException}
     */
    public CompletableFuture<CompletedCheckpoint> triggerCheckpoint(boolean isPeriodic) {
        return triggerCheckpoint(
                CheckpointProperties.forCheckpoint(config.getCheckpointRetentionPolicy()), null, isPeriodic, -1, SavepointFormatType.DEFAULT);
    }

    /**
     * Triggers a checkpoint or (with the default location and format) a savepoint.
     *
     * @param checkpointType the type
     * @return completes with the checkpoint, or fails with a {@link CheckpointException}
     */
    public CompletableFuture<CompletedCheckpoint> triggerCheckpoint(CheckpointType checkpointType) {
        return checkpointType.isSavepoint() ? triggerSavepoint(null, SavepointFormatType.DEFAULT) : triggerCheckpoint(false);
    }

    /**
     * Triggers a snapshot with explicit properties, as in the seed's example.
     *
     * @param checkpointType the type; must match {@code properties}
     * @param properties type and retention
     * @param externalLocation the savepoint's parent directory, or null for the default
     * @param isPeriodic whether the periodic scheduler asked for it
     * @param timestamp the trigger timestamp to record
     * @return completes with the checkpoint, or fails with a {@link CheckpointException}
     * @throws IllegalArgumentException if the type does not match the properties
     */
    public CompletableFuture<CompletedCheckpoint> triggerCheckpoint(
            CheckpointType checkpointType,
            CheckpointProperties properties,
            String externalLocation,
            boolean isPeriodic,
            long timestamp) {
        if (checkpointType != properties.getCheckpointType()) {
            throw new IllegalArgumentException("checkpoint type " + checkpointType + " does not match " + properties);
        }
        return triggerCheckpoint(properties, externalLocation, isPeriodic, timestamp, SavepointFormatType.DEFAULT);
    }

    /**
     * Triggers a savepoint. Savepoints go before queued checkpoints and ignore the minimum pause.
     *
     * @param targetLocation the parent directory, or null for the storage's default
     * @param formatType canonical (backend-independent) or native
     * @return completes with the savepoint, or fails with a {@link CheckpointException}
     */
    public CompletableFuture<CompletedCheckpoint> triggerSavepoint(String targetLocation, SavepointFormatType formatType) {
        Objects.requireNonNull(formatType, "formatType");
        return triggerCheckpoint(CheckpointProperties.forSavepoint(true), targetLocation, false, -1, formatType);
    }

    private CompletableFuture<CompletedCheckpoint> triggerCheckpoint(
            CheckpointProperties properties, String target, boolean isPeriodic, long timestamp, SavepointFormatType format) {
        CompletableFuture<CompletedCheckpoint> future = new CompletableFuture<>();
        synchronized (lock) {
            if (shutdown) {
                future.completeExceptionally(new CheckpointException(CheckpointFailureReason.CHECKPOINT_COORDINATOR_SHUTDOWN));
                return future;
            }
            if (properties.isSavepoint() && target == null && !storage.hasDefaultSavepointLocation()) {
                future.completeExceptionally(new IllegalArgumentException(
                        "no savepoint target given and no default savepoint directory configured (state.savepoints.dir)"));
                return future;
            }
            if (isPeriodic && periodicTrigger == null) {
                future.completeExceptionally(new CheckpointException(CheckpointFailureReason.PERIODIC_SCHEDULER_SHUTDOWN));
                return future;
            }
            CheckpointFailureReason refused = decider.offer(
                    new CheckpointRequestDecider.Request(properties, target, isPeriodic, timestamp, format, future));
            if (refused != null) {
                future.completeExceptionally(new CheckpointException(refused));
                return future;
            }
            startQueuedRequests();
        }
        return future;
    }

    /** Starts queued requests while the decider allows; schedules a retry when the min pause blocks. */
    private void startQueuedRequests() {
        if (triggerInProgress) {
            return;
        }
        while (!shutdown) {
            CheckpointRequestDecider.Decision d =
                    decider.next(pendingCheckpoints.size(), clock.absoluteTimeMillis(), lastCompletionMillis);
            if (d.request() == null) {
                if (d.retryAtMillis() >= 0 && minPauseRetry == null) {
                    long delay = Math.max(0, d.retryAtMillis() - clock.absoluteTimeMillis());
                    minPauseRetry = timer.schedule(() -> {
                        synchronized (lock) {
                            minPauseRetry = null;
                            startQueuedRequests();
                        }
                    }, delay, TimeUnit.MILLISECONDS);
                }
                return;
            }
            startCheckpoint(d.request());
        }
    }

    private void startCheckpoint(CheckpointRequestDecider.Request request) {
        long timestamp = request.timestamp() >= 0 ? request.timestamp() : clock.absoluteTimeMillis();
        long checkpointId;
        CheckpointStorageLocation location;
        try {
            checkpointId = idCounter.getAndIncrement();
        } catch (Exception e) {
            failTrigger(request, -1, new CheckpointException("cannot get a checkpoint id", CheckpointFailureReason.IO_EXCEPTION, e));
            return;
        }
        try {
            if (!baseLocationsInitialized) {
                storageAccess.initializeBaseLocationsForCheckpoint();
                baseLocationsInitialized = true;
            }
            location = request.properties().isSavepoint()
                    ? storageAccess.initializeLocationForSavepoint(checkpointId, request.targetLocation())
                    : storageAccess.initializeLocationForCheckpoint(checkpointId);
        } catch (Exception e) {
            failTrigger(request, checkpointId, new CheckpointException(
                    "cannot initialize the location of checkpoint " + checkpointId, CheckpointFailureReason.IO_EXCEPTION, e));
            return;
        }
        List<ExecutionVertex> tasks = plan.tasksToWaitFor();
        PendingCheckpoint pending = new PendingCheckpoint(checkpointId, timestamp, request.properties(), location, tasks);
        pendingCheckpoints.put(checkpointId, pending);
        pending.getCompletionFuture().whenComplete((c, t) -> {
            if (t != null) {
                request.future().completeExceptionally(t);
            } else {
                request.future().complete(c);
            }
        });
        pending.setStats(statsTracker.reportPendingCheckpoint(checkpointId, timestamp, request.properties(), tasks.size()));
        pending.setCancellerHandle(timer.schedule(() -> expire(checkpointId), config.getCheckpointTimeout(), TimeUnit.MILLISECONDS));
        CheckpointOptions options = new CheckpointOptions(request.properties().getCheckpointType(),
                location.getLocationReference(), config.isExactlyOnce(), request.formatType());
        triggerInProgress = true;
        masterHooks.snapshot(checkpointId, timestamp, ioExecutor).whenComplete((states, failure) -> {
            synchronized (lock) {
                triggerInProgress = false;
                if (pending.isDisposed()) {
                    startQueuedRequests();
                    return;
                }
                if (failure != null) {
                    abortPending(pending, new CheckpointException("master hook failed for checkpoint " + checkpointId,
                            CheckpointFailureReason.MASTER_HOOK_FAILURE, failure));
                } else {
                    states.forEach(pending::addMasterState);
                    plan.triggerSources(checkpointId, timestamp, options);
                }
                startQueuedRequests();
            }
        });
    }

    private void failTrigger(CheckpointRequestDecider.Request request, long checkpointId, CheckpointException e) {
        request.future().completeExceptionally(e);
        failureManager.handleCheckpointFailure(checkpointId, e);
    }

    // ------------------------------------------------------------------ acknowledgements

    /**
     * Records a task's acknowledgement; completes the checkpoint when it is the last one. State of
     * acknowledgements for unknown, late or aborted checkpoints is deleted.
     *
     * @param message the acknowledgement
     * @param taskManagerLocationInfo where the task runs, for messages
     * @throws CheckpointException if the message is for another job
     */
    public void receiveAcknowledgeMessage(AcknowledgeCheckpoint message, String taskManagerLocationInfo)
            throws CheckpointException {
        Objects.requireNonNull(message, "message");
        synchronized (lock) {
            if (!jobId.equals(message.jobId())) {
                discardLateState(message.subtaskState());
                throw new CheckpointException("acknowledgement of checkpoint " + message.checkpointId() + " from "
                        + taskManagerLocationInfo + " is for job " + message.jobId() + ", not " + jobId,
                        CheckpointFailureReason.UNKNOWN_FAILURE);
            }
            if (shutdown) {
                discardLateState(message.subtaskState());
                return;
            }
            PendingCheckpoint pending = pendingCheckpoints.get(message.checkpointId());
            if (pending == null) {
                discardLateState(message.subtaskState());
                return;
            }
            PendingCheckpoint.TaskAcknowledgeResult result = pending.acknowledgeTask(
                    message.taskExecutionId(), message.subtaskState(), message.checkpointMetrics());
            switch (result) {
                case SUCCESS:
                    pending.getStats().reportSubtaskStats(message.taskExecutionId().toString(),
                            Math.max(clock.absoluteTimeMillis(), pending.getCheckpointTimestamp()), message.checkpointMetrics());
                    if (pending.isFullyAcknowledged()) {
                        completePendingCheckpoint(pending);
                    }
                    break;
                case DUPLICATE:
                    // the same state was already recorded; deleting it would break the checkpoint
                    break;
                case UNKNOWN:
                case DISCARDED:
                default:
                    discardLateState(message.subtaskState());
                    break;
            }
        }
    }

    private void discardLateState(TaskStateSnapshot state) {
        if (state != null) {
            cleaner.clean(() -> {
                try {
                    state.discardNeverRegisteredState();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    private void completePendingCheckpoint(PendingCheckpoint pending) {
        long id = pending.getCheckpointId();
        CompletedCheckpoint completed;
        try {
            store.getSharedStateRegistry().registerAll(pending.operatorStates().values(), id);
            completed = pending.finalizeCheckpoint(clock.absoluteTimeMillis());
        } catch (Exception e) {
            abortPending(pending, new CheckpointException("cannot finalize checkpoint " + id,
                    CheckpointFailureReason.FINALIZE_CHECKPOINT_FAILURE, e));
            return;
        }
        pendingCheckpoints.remove(id);
        try {
            store.addCheckpointAndSubsumeOldestOne(completed, cleaner);
        } catch (Exception e) {
            cleaner.cleanCheckpoint(completed);
            CheckpointException ce = new CheckpointException("cannot add checkpoint " + id + " to the store",
                    CheckpointFailureReason.FINALIZE_CHECKPOINT_FAILURE, e);
            failureManager.handleCheckpointFailure(id, ce);
            pending.getStats().reportFailed(Math.max(clock.absoluteTimeMillis(), pending.getCheckpointTimestamp()), ce);
            pending.getCompletionFuture().completeExceptionally(ce);
            startQueuedRequests();
            return;
        }
        lastCompletionMillis = clock.absoluteTimeMillis();
        failureManager.handleCheckpointSuccess(id);
        CompletedCheckpointStats stats = pending.getStats().reportCompleted(
                Math.max(completed.getCompletionTimestamp(), completed.getTimestamp()), completed.getExternalPointer());
        completed.setStatsSummary(stats.getSummary());
        // a completed checkpoint subsumes older pending checkpoints; savepoints are never subsumed
        for (PendingCheckpoint older : new ArrayList<>(pendingCheckpoints.headMap(id).values())) {
            if (!older.getProperties().isSavepoint()) {
                abortPending(older, new CheckpointException("checkpoint " + older.getCheckpointId()
                        + " was subsumed by checkpoint " + id, CheckpointFailureReason.CHECKPOINT_SUBSUMED));
            }
        }
        plan.notifyComplete(id, completed.getTimestamp());
        pending.getCompletionFuture().complete(completed);
        startQueuedRequests();
    }

    // ------------------------------------------------------------------ declines, timeouts, aborts

    /**
     * Aborts the checkpoint a task declined.
     *
     * @param message the decline
     * @param taskManagerLocationInfo where the task runs, for messages
     */
    public void receiveDeclineMessage(DeclineCheckpoint message, String taskManagerLocationInfo) {
        Objects.requireNonNull(message, "message");
        synchronized (lock) {
            if (shutdown || !jobId.equals(message.jobId())) {
                return;
            }
            PendingCheckpoint pending = pendingCheckpoints.get(message.checkpointId());
            if (pending == null) {
                return;
            }
            CheckpointFailureReason reason = message.reason().getCheckpointFailureReason();
            abortPending(pending, new CheckpointException("task " + message.taskExecutionId() + " at "
                    + taskManagerLocationInfo + " declined checkpoint " + message.checkpointId() + " ("
                    + message.reason().getMessage() + ")", reason == null ? CheckpointFailureReason.CHECKPOINT_DECLINED : reason,
                    message.reason()));
        }
    }

    private void expire(long checkpointId) {
        synchronized (lock) {
            PendingCheckpoint pending = pendingCheckpoints.get(checkpointId);
            if (pending != null && !pending.isDisposed()) {
                abortPending(pending, new CheckpointException("checkpoint " + checkpointId + " expired after "
                        + config.getCheckpointTimeout() + " ms", CheckpointFailureReason.CHECKPOINT_EXPIRED));
            }
        }
    }

    /**
     * Aborts every pending checkpoint that waits for a task attempt that failed.
     *
     * @param attempt the failed attempt
     * @param cause why it failed
     */
    public void failUnacknowledgedPendingCheckpointsFor(ExecutionAttemptID attempt, Throwable cause) {
        synchronized (lock) {
            for (PendingCheckpoint p : new ArrayList<>(pendingCheckpoints.values())) {
                if (p.getNotYetAcknowledgedTasks().contains(attempt)) {
                    abortPending(p, new CheckpointException("task " + attempt + " failed",
                            CheckpointFailureReason.TASK_FAILURE, cause));
                }
            }
        }
    }

    /**
     * Aborts every pending checkpoint with the given reason.
     *
     * @param reason why
     */
    public void abortPendingCheckpoints(CheckpointException reason) {
        synchronized (lock) {
            for (PendingCheckpoint p : new ArrayList<>(pendingCheckpoints.values())) {
                abortPending(p, reason);
            }
        }
    }

    private void abortPending(PendingCheckpoint pending, CheckpointException reason) {
        long id = pending.getCheckpointId();
        pendingCheckpoints.remove(id);
        if (pending.isDisposed()) {
            return;
        }
        pending.abort(reason, cleaner);
        pending.getStats().reportFailed(Math.max(clock.absoluteTimeMillis(), pending.getCheckpointTimestamp()), reason);
        failureManager.handleCheckpointFailure(id, reason);
        plan.notifyAborted(id, pending.getCheckpointTimestamp());
        if (!shutdown) {
            startQueuedRequests();
        }
    }

    // ------------------------------------------------------------------ periodic scheduling

    /**
     * Starts periodic checkpoints every configured interval.
     *
     * @throws IllegalStateException if no interval is configured or the coordinator is shut down
     */
    public void startCheckpointScheduler() {
        synchronized (lock) {
            if (shutdown) {
                throw new IllegalStateException("checkpoint coordinator of job " + jobId + " is shut down");
            }
            if (!isPeriodicCheckpointingConfigured()) {
                throw new IllegalStateException("periodic checkpointing is not configured: set execution.checkpointing.interval");
            }
            if (periodicTrigger != null) {
                return;
            }
            long interval = config.getCheckpointInterval();
            periodicTrigger = timer.scheduleAtFixedRate(() -> triggerCheckpoint(true), interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Stops periodic checkpoints and aborts the pending ones. Periodic requests still queued are
     * dropped, and a periodic trigger that fires late (it was already waiting for the lock) is
     * refused, so no periodic checkpoint starts until the scheduler is started again.
     */
    public void stopCheckpointScheduler() {
        synchronized (lock) {
            stopPeriodicTrigger();
            for (PendingCheckpoint p : new ArrayList<>(pendingCheckpoints.values())) {
                abortPending(p, new CheckpointException(CheckpointFailureReason.PERIODIC_SCHEDULER_SHUTDOWN));
            }
        }
    }

    /**
     * Stops triggering periodic checkpoints and fails the queued periodic requests (with
     * {@code PERIODIC_SCHEDULER_SHUTDOWN}), but lets pending checkpoints and queued manual requests
     * go on. For the end of a job: after its final checkpoint a periodic one could only fail when
     * the tasks finish. {@link #startCheckpointScheduler()} starts the trigger again.
     */
    public void stopPeriodicTrigger() {
        synchronized (lock) {
            cancelPeriodicTrigger();
            CheckpointException stopped = new CheckpointException(CheckpointFailureReason.PERIODIC_SCHEDULER_SHUTDOWN);
            for (CheckpointRequestDecider.Request r : decider.drainPeriodic()) {
                r.future().completeExceptionally(stopped);
            }
        }
    }

    private void cancelPeriodicTrigger() {
        if (periodicTrigger != null) {
            periodicTrigger.cancel(false);
            periodicTrigger = null;
        }
    }

    /** @return true if the periodic scheduler runs */
    public boolean isPeriodicCheckpointingStarted() {
        synchronized (lock) {
            return periodicTrigger != null;
        }
    }

    /** @return true if an interval is configured */
    public boolean isPeriodicCheckpointingConfigured() {
        return config.isCheckpointingEnabled();
    }

    // ------------------------------------------------------------------ restore

    /**
     * Assigns the latest completed checkpoint's state to the vertices (at their current parallelism)
     * and restores the master hooks. Prefers the latest checkpoint over a newer savepoint if so
     * configured.
     *
     * @param tasks the job's vertices
     * @param errorIfNoCheckpoint whether having nothing to restore is an error
     * @return true if state was restored
     * @throws IllegalStateException if there is nothing to restore and that is an error, or the state does not fit
     *     the vertices (changed max parallelism, state of removed operators)
     * @throws Exception if a master hook fails to restore
     */
    public boolean restoreLatestCheckpointedStateToAll(Set<ExecutionJobVertex> tasks, boolean errorIfNoCheckpoint)
            throws Exception {
        synchronized (lock) {
            CompletedCheckpoint latest = store.getLatestCheckpoint(config.isPreferCheckpointForRecovery());
            if (latest == null) {
                if (errorIfNoCheckpoint) {
                    throw new IllegalStateException("no completed checkpoint to restore job " + jobId + " from");
                }
                return false;
            }
            restore(latest, tasks, false);
            return true;
        }
    }

    /**
     * Restores the vertices of a task that is recovered alone, while the rest of the job keeps
     * running, from the latest completed checkpoint: assigns that checkpoint's state to every subtask
     * of those vertices (only the recovered subtask is deployed with it). Unlike a job restore, master
     * hooks are not restored and the checkpoint id counter is not moved. The caller aborts the pending
     * checkpoints first, so that none completes in between and the returned checkpoint stays the latest.
     *
     * @param vertices the recovered task's vertices
     * @return the restored checkpoint's id, or -1 if none completed (then nothing was assigned, as
     *     {@link #restoreLatestCheckpointedStateToAll} returns false)
     * @throws Exception if the state does not fit the vertices
     */
    public long restoreLatestCheckpointedStateForRecoveryAlone(Set<ExecutionJobVertex> vertices) throws Exception {
        synchronized (lock) {
            CompletedCheckpoint latest = store.getLatestCheckpoint(config.isPreferCheckpointForRecovery());
            if (latest == null) {
                return -1;
            }
            // the other operators' state is in the checkpoint too: not restored here, so not "lost"
            new StateAssignmentOperation(latest.getCheckpointId(), latest.getOperatorStates(), vertices, true).assignStates();
            return latest.getCheckpointId();
        }
    }

    /** @return the id the next triggered checkpoint or savepoint will get: higher than every id issued so far */
    public long getNextCheckpointId() {
        synchronized (lock) {
            return idCounter.get();
        }
    }

    /**
     * Restores from a savepoint or retained checkpoint at a path: loads it, adds it to the store and
     * assigns its state.
     *
     * @param pointer the directory or {@code _metadata} file
     * @param allowNonRestoredState whether state of operators that no longer exist may be dropped
     * @param tasks the job's vertices
     * @return the restored checkpoint
     * @throws Exception if it cannot be loaded or does not fit the job
     */
    public CompletedCheckpoint restoreSavepoint(String pointer, boolean allowNonRestoredState, Set<ExecutionJobVertex> tasks)
            throws Exception {
        synchronized (lock) {
            CompletedCheckpoint checkpoint = CompletedCheckpoint.fromLocation(storage.resolveCheckpoint(pointer));
            restore(checkpoint, tasks, allowNonRestoredState);
            store.getSharedStateRegistry().registerAll(checkpoint.getOperatorStates().values(), checkpoint.getCheckpointId());
            store.addCheckpointAndSubsumeOldestOne(checkpoint, cleaner);
            return checkpoint;
        }
    }

    private void restore(CompletedCheckpoint checkpoint, Set<ExecutionJobVertex> tasks, boolean allowNonRestoredState)
            throws Exception {
        CheckpointRestore.assign(checkpoint, tasks, allowNonRestoredState, masterHooks, idCounter);
        failureManager.reset();
        statsTracker.reportRestoredCheckpoint(checkpoint.getCheckpointId(), checkpoint.getProperties(),
                checkpoint.getExternalPointer(), clock.absoluteTimeMillis());
    }

    // ------------------------------------------------------------------ shutdown and accessors

    /** Shuts down as for a suspended job: aborts pending checkpoints, keeps every completed one. */
    public void shutdown() {
        shutdown(JobStatus.SUSPENDED);
    }

    /**
     * Shuts down: stops the scheduler, aborts pending checkpoints and queued requests, and applies the
     * retention policy of every retained checkpoint for {@code jobStatus}. Idempotent.
     *
     * @param jobStatus how the job ended
     */
    public void shutdown(JobStatus jobStatus) {
        synchronized (lock) {
            if (shutdown) {
                return;
            }
            shutdown = true;
            cancelPeriodicTrigger();
            if (minPauseRetry != null) {
                minPauseRetry.cancel(false);
                minPauseRetry = null;
            }
            CheckpointException reason = new CheckpointException(CheckpointFailureReason.CHECKPOINT_COORDINATOR_SHUTDOWN);
            for (CheckpointRequestDecider.Request r : decider.drain()) {
                r.future().completeExceptionally(reason);
            }
            for (PendingCheckpoint p : new ArrayList<>(pendingCheckpoints.values())) {
                abortPending(p, reason);
            }
            try {
                store.shutdown(jobStatus, cleaner);
            } catch (Exception e) {
                throw new IllegalStateException("cannot shut down the checkpoint store of job " + jobId, e);
            }
        }
    }

    /** @return the store of completed checkpoints */
    public CompletedCheckpointStore getCheckpointStore() {
        return store;
    }

    /** @return the number of retained completed checkpoints */
    public int getNumberOfRetainedSuccessfulCheckpoints() {
        synchronized (lock) {
            return store.getNumberOfRetainedCheckpoints();
        }
    }

    /** @return the number of pending checkpoints */
    public int getNumberOfPendingCheckpoints() {
        synchronized (lock) {
            return pendingCheckpoints.size();
        }
    }

    /** @return the ids of the pending checkpoints, ascending */
    public List<Long> getPendingCheckpointIds() {
        synchronized (lock) {
            return List.copyOf(pendingCheckpoints.keySet());
        }
    }

    /** @return the number of queued trigger requests */
    public int getNumQueuedRequests() {
        synchronized (lock) {
            return decider.queued();
        }
    }

    /** @return the checkpoint timeout in ms */
    public long getCheckpointTimeout() {
        return config.getCheckpointTimeout();
    }

    /** @return the configuration */
    public CheckpointCoordinatorConfiguration getConfiguration() {
        return config;
    }

    /** @return the statistics tracker */
    public CheckpointStatsTracker getStatsTracker() {
        return statsTracker;
    }

    /** @return the failure manager's count of consecutive counted failures */
    public int getContinuousFailureCount() {
        synchronized (lock) {
            return failureManager.getContinuousFailureCount();
        }
    }
}
