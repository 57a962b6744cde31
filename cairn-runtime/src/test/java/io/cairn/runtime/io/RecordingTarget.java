package io.cairn.runtime.io;

import java.util.ArrayList;
import java.util.List;

/** A target that records every call, and runs a hook on triggers (to capture what was processed). */
final class RecordingTarget implements CheckpointBarrierHandler.Target {

    /** One call to the target. */
    sealed interface Call permits Trigger, Abort {
        long id();
    }

    /** A trigger. */
    record Trigger(long id, long alignmentNanos) implements Call {}

    /** An abort. */
    record Abort(long id, boolean cancelledByMarker) implements Call {}

    /** Runs when a checkpoint triggers. */
    interface TriggerHook {
        void onTrigger(CheckpointBarrier barrier, long alignmentNanos);
    }

    final List<Call> calls = new ArrayList<>();
    TriggerHook hook = (barrier, alignment) -> {};
    Exception failNext;

    @Override
    public void triggerCheckpointOnBarrier(CheckpointBarrier barrier, long alignmentDurationNanos) throws Exception {
        calls.add(new Trigger(barrier.id(), alignmentDurationNanos));
        hook.onTrigger(barrier, alignmentDurationNanos);
        throwIfAsked();
    }

    @Override
    public void abortCheckpointOnBarrier(long checkpointId, boolean cancelledByMarker) throws Exception {
        calls.add(new Abort(checkpointId, cancelledByMarker));
        throwIfAsked();
    }

    private void throwIfAsked() throws Exception {
        Exception failure = failNext;
        failNext = null;
        if (failure != null) {
            throw failure;
        }
    }

    List<Long> triggeredIds() {
        return calls.stream().filter(c -> c instanceof Trigger).map(Call::id).toList();
    }

    List<Long> abortedIds() {
        return calls.stream().filter(c -> c instanceof Abort).map(Call::id).toList();
    }
}
