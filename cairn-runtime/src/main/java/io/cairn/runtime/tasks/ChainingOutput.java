package io.cairn.runtime.tasks;

import io.cairn.serialization.TypeSerializer;

/**
 * The output of an operator whose edge to the next operator is chained: each record is handed to
 * the next operator's {@code processElement} by a direct call on the same task thread, with no
 * channel and no serialization. As a channel would, it gives the next operator its own copy of a
 * record whose type is mutable ({@link TypeSerializer#copy}); immutable records are passed as they are.
 *
 * <p>Used by the task's thread only. {@link #recordsIn()} is exact once that thread has ended.
 *
 * @param <T> the record type
 */
final class ChainingOutput<T> implements Output<T> {

    private final StreamOperator<T, ?> next;
    private final TypeSerializer<T> copier;
    private long recordsIn;

    /**
     * @param next the downstream operator
     * @param serializer the edge's serializer, used to copy mutable records
     */
    ChainingOutput(StreamOperator<T, ?> next, TypeSerializer<T> serializer) {
        this.next = next;
        this.copier = serializer.isImmutableType() ? null : serializer.duplicate();
    }

    @Override
    public void emit(T record) throws InterruptedException {
        recordsIn++;
        try {
            next.processElement(copier == null ? record : copier.copy(record));
        } catch (InterruptedException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new ChainedOperatorException(e);
        }
    }

    /** @return the records handed to the next operator */
    long recordsIn() {
        return recordsIn;
    }

    /**
     * Carries a checked exception of a chained operator up through the operators before it (whose
     * outputs may only throw {@link InterruptedException}); the task unwraps it, so the job sees the
     * original failure.
     */
    static final class ChainedOperatorException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ChainedOperatorException(Exception cause) {
            super(cause);
        }
    }
}
