package io.cairn.checkpoint;

import io.cairn.checkpoint.stats.CheckpointStatsTracker;
import io.cairn.checkpoint.storage.CheckpointStorage;
import io.cairn.common.Clock;
import io.cairn.common.JobID;
import io.cairn.common.ScheduledExecutor;
import io.cairn.execution.ExecutionJobVertex;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** Builds a {@link CheckpointCoordinator}; every collaborator is injected. */
public final class CheckpointCoordinatorBuilder {
    JobID jobId;
    CheckpointCoordinatorConfiguration config = CheckpointCoordinatorConfiguration.builder().build();
    Collection<ExecutionJobVertex> vertices = List.of();
    CheckpointIDCounter idCounter = new StandaloneCheckpointIDCounter();
    CompletedCheckpointStore store;
    CheckpointStorage storage;
    ScheduledExecutor timer;
    Executor ioExecutor;
    Clock clock = Clock.SYSTEM;
    CheckpointsCleaner cleaner;
    CheckpointTaskGateway gateway;
    Consumer<Throwable> failJob = t -> {};
    CheckpointStatsTracker statsTracker;
    List<MasterTriggerRestoreHook<?>> masterHooks = List.of();

    CheckpointCoordinatorBuilder() {}

    /** @param v the job id @return this */
    public CheckpointCoordinatorBuilder jobId(JobID v) {
        this.jobId = v;
        return this;
    }

    /** @param v the settings @return this */
    public CheckpointCoordinatorBuilder configuration(CheckpointCoordinatorConfiguration v) {
        this.config = v;
        return this;
    }

    /** @param v the job's vertices @return this */
    public CheckpointCoordinatorBuilder vertices(Collection<ExecutionJobVertex> v) {
        this.vertices = v;
        return this;
    }

    /** @param v the id counter (default: standalone) @return this */
    public CheckpointCoordinatorBuilder checkpointIdCounter(CheckpointIDCounter v) {
        this.idCounter = v;
        return this;
    }

    /** @param v the completed checkpoint store @return this */
    public CheckpointCoordinatorBuilder completedCheckpointStore(CompletedCheckpointStore v) {
        this.store = v;
        return this;
    }

    /** @param v where checkpoints are written @return this */
    public CheckpointCoordinatorBuilder checkpointStorage(CheckpointStorage v) {
        this.storage = v;
        return this;
    }

    /** @param v runs timers (periodic trigger, timeouts, min pause) @return this */
    public CheckpointCoordinatorBuilder timer(ScheduledExecutor v) {
        this.timer = v;
        return this;
    }

    /** @param v runs master hook work @return this */
    public CheckpointCoordinatorBuilder ioExecutor(Executor v) {
        this.ioExecutor = v;
        return this;
    }

    /** @param v the time source (default: system) @return this */
    public CheckpointCoordinatorBuilder clock(Clock v) {
        this.clock = v;
        return this;
    }

    /** @param v deletes checkpoints and late state @return this */
    public CheckpointCoordinatorBuilder cleaner(CheckpointsCleaner v) {
        this.cleaner = v;
        return this;
    }

    /** @param v reaches the tasks @return this */
    public CheckpointCoordinatorBuilder taskGateway(CheckpointTaskGateway v) {
        this.gateway = v;
        return this;
    }

    /** @param v called when too many consecutive checkpoints fail @return this */
    public CheckpointCoordinatorBuilder failJobCallback(Consumer<Throwable> v) {
        this.failJob = v;
        return this;
    }

    /** @param v records statistics (default: a new tracker) @return this */
    public CheckpointCoordinatorBuilder statsTracker(CheckpointStatsTracker v) {
        this.statsTracker = v;
        return this;
    }

    /** @param v the master hooks @return this */
    public CheckpointCoordinatorBuilder masterHooks(List<MasterTriggerRestoreHook<?>> v) {
        this.masterHooks = List.copyOf(v);
        return this;
    }

    /**
     * @return the coordinator; does no I/O (storage locations are created on the first trigger)
     * @throws NullPointerException naming the first missing collaborator
     */
    public CheckpointCoordinator build() {
        Objects.requireNonNull(jobId, "jobId is required");
        Objects.requireNonNull(store, "completedCheckpointStore is required");
        Objects.requireNonNull(storage, "checkpointStorage is required");
        Objects.requireNonNull(timer, "timer is required");
        Objects.requireNonNull(cleaner, "cleaner is required");
        Objects.requireNonNull(gateway, "taskGateway is required");
        Objects.requireNonNull(config, "configuration is required");
        if (ioExecutor == null) {
            ioExecutor = timer;
        }
        if (statsTracker == null) {
            statsTracker = new CheckpointStatsTracker();
        }
        return new CheckpointCoordinator(this);
    }
}
