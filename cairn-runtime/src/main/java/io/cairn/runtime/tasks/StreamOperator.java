package io.cairn.runtime.tasks;

/**
 * The code a task runs: it receives records one at a time on the task thread and takes part in
 * checkpoints. Lifecycle: {@link #setup}, {@link #initializeState}, {@link #open}, then records and
 * checkpoint calls, then {@link #finish} (end of input only) and {@link #close} (always).
 *
 * @param <IN> the input type (unused by sources)
 * @param <OUT> the output type
 */
public abstract class StreamOperator<IN, OUT> {

    /** The task's context, set by {@link #setup}. */
    protected OperatorContext context;

    /** Where to emit, set by {@link #setup}. */
    protected Output<OUT> output;

    /** Creates the operator. */
    protected StreamOperator() {}

    /**
     * @param context the task's context
     * @param output where to emit
     */
    public void setup(OperatorContext context, Output<OUT> output) {
        this.context = context;
        this.output = output;
    }

    /**
     * Registers and restores operator state.
     *
     * @throws Exception to fail the task
     */
    public void initializeState() throws Exception {}

    /**
     * Prepares for records.
     *
     * @throws Exception to fail the task
     */
    public void open() throws Exception {}

    /**
     * Processes one record.
     *
     * @param record the record
     * @throws Exception to fail the task
     */
    public void processElement(IN record) throws Exception {
        throw new IllegalStateException(getClass().getSimpleName() + " takes no input");
    }

    /**
     * The synchronous part of a checkpoint: bring operator state up to date.
     *
     * @param checkpointId the checkpoint
     * @throws Exception to decline the checkpoint
     */
    public void snapshotState(long checkpointId) throws Exception {}

    /**
     * @param checkpointId the completed checkpoint
     * @throws Exception to fail the task
     */
    public void notifyCheckpointComplete(long checkpointId) throws Exception {}

    /**
     * @param checkpointId the aborted checkpoint
     * @throws Exception to fail the task
     */
    public void notifyCheckpointAborted(long checkpointId) throws Exception {}

    /**
     * All input was processed: emit and flush what is left.
     *
     * @throws Exception to fail the task
     */
    public void finish() throws Exception {}

    /**
     * Releases resources; called on success and failure.
     *
     * @throws Exception reported, not fatal on failure paths
     */
    public void close() throws Exception {}

    /**
     * Whether a subtask of this operator may be restored from a checkpoint alone, while the other
     * subtasks keep running, and its input replayed from there. True by default: an operator's effects
     * are its state and its output. An operator with effects outside the job (a two-phase sink) says
     * whether it can clean up after one subtask without touching the others'.
     *
     * @return true if one subtask can be recovered alone
     */
    public boolean supportsRecoveryAlone() {
        return true;
    }
}
