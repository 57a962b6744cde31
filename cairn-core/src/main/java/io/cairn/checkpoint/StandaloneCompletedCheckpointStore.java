package io.cairn.checkpoint;

import io.cairn.common.JobStatus;
import io.cairn.state.handle.SharedStateRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** An in-memory {@link CompletedCheckpointStore}. */
public final class StandaloneCompletedCheckpointStore implements CompletedCheckpointStore {

    private final int maxRetained;
    private final SharedStateRegistry registry;
    private final ArrayDeque<CompletedCheckpoint> checkpoints = new ArrayDeque<>();

    /**
     * @param maxRetained how many checkpoints to keep ({@code state.checkpoints.num-retained}), at least 1
     * @param registry the shared-state registry
     * @throws IllegalArgumentException if {@code maxRetained} is below 1
     */
    public StandaloneCompletedCheckpointStore(int maxRetained, SharedStateRegistry registry) {
        if (maxRetained < 1) {
            throw new IllegalArgumentException("state.checkpoints.num-retained must be at least 1: " + maxRetained);
        }
        this.maxRetained = maxRetained;
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Adds checkpoints recovered from storage (e.g. after a process restart), oldest first, and
     * registers their shared state.
     *
     * @param recovered the checkpoints
     */
    public void addRecovered(List<CompletedCheckpoint> recovered) {
        for (CompletedCheckpoint c : recovered) {
            registry.registerAll(c.getOperatorStates().values(), c.getCheckpointId());
            checkpoints.addLast(c);
        }
        while (checkpoints.size() > maxRetained) {
            checkpoints.removeFirst();
        }
    }

    @Override
    public List<CompletedCheckpoint> addCheckpointAndSubsumeOldestOne(CompletedCheckpoint checkpoint, CheckpointsCleaner cleaner) {
        checkpoints.addLast(checkpoint);
        List<CompletedCheckpoint> removed = new ArrayList<>();
        while (checkpoints.size() > maxRetained) {
            removed.add(checkpoints.removeFirst());
        }
        if (!removed.isEmpty()) {
            long lowestRetained = checkpoints.peekFirst().getCheckpointId();
            for (int i = 0; i < removed.size(); i++) {
                Runnable after = i == removed.size() - 1 ? () -> registry.unregisterUnusedState(lowestRetained) : () -> {};
                cleaner.cleanSubsumedCheckpoint(removed.get(i), after);
            }
        }
        return removed;
    }

    @Override
    public CompletedCheckpoint getLatestCheckpoint() {
        return checkpoints.peekLast();
    }

    @Override
    public List<CompletedCheckpoint> getAllCheckpoints() {
        return List.copyOf(checkpoints);
    }

    @Override
    public int getNumberOfRetainedCheckpoints() {
        return checkpoints.size();
    }

    @Override
    public int getMaxNumberOfRetainedCheckpoints() {
        return maxRetained;
    }

    @Override
    public SharedStateRegistry getSharedStateRegistry() {
        return registry;
    }

    @Override
    public void shutdown(JobStatus jobStatus, CheckpointsCleaner cleaner) {
        boolean discardAll = jobStatus.isGloballyTerminalState();
        for (CompletedCheckpoint c : checkpoints) {
            if (discardAll && c.getProperties().discardOnJobStatus(jobStatus)) {
                cleaner.clean(() -> c.discardOnShutdown(jobStatus).join());
            }
        }
        if (discardAll) {
            // shared files of discarded checkpoints go too; retained ones keep theirs
            long lowestKept = Long.MAX_VALUE;
            for (CompletedCheckpoint c : checkpoints) {
                if (!c.getProperties().discardOnJobStatus(jobStatus)) {
                    lowestKept = Math.min(lowestKept, c.getCheckpointId());
                }
            }
            long lowest = lowestKept;
            cleaner.clean(() -> registry.unregisterUnusedState(lowest));
        }
        checkpoints.clear();
    }
}
