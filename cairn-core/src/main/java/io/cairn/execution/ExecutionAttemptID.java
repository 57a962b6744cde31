package io.cairn.execution;

import io.cairn.common.AbstractId;

/** Identifies one deployment attempt of one subtask; a restart gives every subtask a new one. */
public final class ExecutionAttemptID extends AbstractId {

    private static final long serialVersionUID = 1L;

    /**
     * @param upperPart the upper 64 bits
     * @param lowerPart the lower 64 bits
     */
    public ExecutionAttemptID(long upperPart, long lowerPart) {
        super(upperPart, lowerPart);
    }

    /** @return a random attempt id */
    public static ExecutionAttemptID generate() {
        long[] p = randomParts();
        return new ExecutionAttemptID(p[0], p[1]);
    }
}
