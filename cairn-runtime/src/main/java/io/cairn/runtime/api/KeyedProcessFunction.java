package io.cairn.runtime.api;

/**
 * Processes the records of a keyed stream one by one, with keyed state scoped to the record's key.
 *
 * @param <K> the key type
 * @param <I> the input type
 * @param <O> the output type
 */
public abstract class KeyedProcessFunction<K, I, O> implements RichFunction {

    private static final long serialVersionUID = 1L;

    private transient RuntimeContext runtimeContext;

    /** Creates the function. */
    protected KeyedProcessFunction() {}

    /**
     * Processes one record; the record's key is current, so keyed state reads and writes its state.
     *
     * @param value the record
     * @param ctx the current key
     * @param out where to emit results
     * @throws Exception to fail the task
     */
    public abstract void processElement(I value, Context<K> ctx, Collector<O> out) throws Exception;

    /** @return the task's context; available from {@link #open} on */
    public final RuntimeContext getRuntimeContext() {
        if (runtimeContext == null) {
            throw new IllegalStateException("the runtime context is available from open() on");
        }
        return runtimeContext;
    }

    /**
     * Set by the runtime before {@link #open}.
     *
     * @param context the context
     */
    public final void setRuntimeContext(RuntimeContext context) {
        this.runtimeContext = context;
    }

    /**
     * The context of one record.
     *
     * @param <K> the key type
     */
    public interface Context<K> {
        /** @return the current record's key */
        K getCurrentKey();
    }
}
