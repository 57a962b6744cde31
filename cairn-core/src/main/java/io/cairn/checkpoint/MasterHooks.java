package io.cairn.checkpoint;

import io.cairn.checkpoint.metadata.MasterState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** The job's master hooks: snapshots them at trigger time and restores them from a checkpoint. */
final class MasterHooks {

    private final Map<String, MasterTriggerRestoreHook<?>> hooks = new LinkedHashMap<>();

    MasterHooks(List<MasterTriggerRestoreHook<?>> hooks) {
        for (MasterTriggerRestoreHook<?> h : hooks) {
            if (this.hooks.put(h.getIdentifier(), h) != null) {
                throw new IllegalArgumentException("two master hooks share the identifier '" + h.getIdentifier() + "'");
            }
        }
    }

    /** @return a future of every hook's serialized state (hooks without state are left out) */
    @SuppressWarnings({"unchecked", "rawtypes"})
    CompletableFuture<List<MasterState>> snapshot(long checkpointId, long timestamp, Executor executor) {
        if (hooks.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<CompletableFuture<MasterState>> futures = new ArrayList<>();
        for (MasterTriggerRestoreHook hook : hooks.values()) {
            CompletableFuture<Object> f;
            try {
                f = hook.triggerCheckpoint(checkpointId, timestamp, executor);
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
            futures.add(f.thenApply(state -> {
                if (state == null) {
                    return null;
                }
                try {
                    return new MasterState(hook.getIdentifier(), hook.createCheckpointDataSerializer().getVersion(),
                            hook.createCheckpointDataSerializer().serialize(state));
                } catch (java.io.IOException e) {
                    throw new CompletionException(e);
                }
            }));
        }
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).thenApply(v -> {
            List<MasterState> states = new ArrayList<>();
            for (CompletableFuture<MasterState> f : futures) {
                MasterState s = f.join();
                if (s != null) {
                    states.add(s);
                }
            }
            return states;
        });
    }

    /**
     * Restores every hook that has state in the checkpoint.
     *
     * @throws IllegalStateException if the checkpoint has state for a hook the job lacks, unless allowed
     * @throws Exception if a hook fails
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void restore(CompletedCheckpoint checkpoint, boolean allowNonRestoredState) throws Exception {
        for (MasterState state : checkpoint.getMasterHookStates()) {
            MasterTriggerRestoreHook hook = hooks.get(state.name());
            if (hook == null) {
                if (!allowNonRestoredState) {
                    throw new IllegalStateException("checkpoint " + checkpoint.getCheckpointId()
                            + " has state for master hook '" + state.name() + "', which the job does not have");
                }
                continue;
            }
            Object value = hook.createCheckpointDataSerializer().deserialize(state.version(), state.bytes());
            hook.restoreCheckpoint(checkpoint.getCheckpointId(), value);
        }
    }
}
