package io.cairn.runtime.tasks;

import io.cairn.runtime.api.RuntimeContext;

/**
 * The low-level unit of work: code that runs in a task with a {@link RuntimeContext} giving it keyed
 * and operator state. Run one with {@link InvokableRunner}.
 */
public abstract class AbstractInvokable {

    private RuntimeContext runtimeContext;

    /** Creates the invokable. */
    protected AbstractInvokable() {}

    /**
     * The task's work; runs on the task's thread.
     *
     * @throws Exception to fail the task
     */
    public abstract void invoke() throws Exception;

    /** @return the task's context; set before {@link #invoke()} */
    public final RuntimeContext getRuntimeContext() {
        if (runtimeContext == null) {
            throw new IllegalStateException("no runtime context: run the invokable with InvokableRunner");
        }
        return runtimeContext;
    }

    final void setRuntimeContext(RuntimeContext runtimeContext) {
        this.runtimeContext = runtimeContext;
    }
}
