package io.cairn.runtime.operators;

import io.cairn.runtime.api.CheckpointListener;
import io.cairn.runtime.api.CheckpointedFunction;
import io.cairn.runtime.api.RichFunction;
import io.cairn.runtime.tasks.OperatorContext;

/** Calls the optional lifecycle interfaces of user functions. */
final class FunctionUtils {

    private FunctionUtils() {}

    static void initialize(Object function, OperatorContext context) throws Exception {
        if (function instanceof CheckpointedFunction f) {
            f.initializeState(context);
        }
    }

    static void open(Object function, OperatorContext context) throws Exception {
        if (function instanceof RichFunction f) {
            f.open(context.runtimeContext());
        }
    }

    static void snapshot(Object function, long checkpointId) throws Exception {
        if (function instanceof CheckpointedFunction f) {
            f.snapshotState(checkpointId);
        }
    }

    static void complete(Object function, long checkpointId) throws Exception {
        if (function instanceof CheckpointListener l) {
            l.notifyCheckpointComplete(checkpointId);
        }
    }

    static void aborted(Object function, long checkpointId) throws Exception {
        if (function instanceof CheckpointListener l) {
            l.notifyCheckpointAborted(checkpointId);
        }
    }

    static void close(Object function) throws Exception {
        if (function instanceof RichFunction f) {
            f.close();
        }
    }
}
