package io.cairn.runtime.api;

/**
 * Lifecycle hooks of a user function. A function may also implement {@link CheckpointedFunction}
 * and {@link CheckpointListener}.
 */
public interface RichFunction extends java.io.Serializable {

    /**
     * Called once per task attempt before the first record, after state was restored.
     *
     * @param context the task's context
     * @throws Exception to fail the task
     */
    default void open(RuntimeContext context) throws Exception {}

    /**
     * Called once when the task ends, normally or not.
     *
     * @throws Exception reported but not fatal on failure paths
     */
    default void close() throws Exception {}
}
