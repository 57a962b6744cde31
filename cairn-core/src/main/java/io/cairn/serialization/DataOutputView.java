package io.cairn.serialization;

import java.io.DataOutput;
import java.io.IOException;

/**
 * The sink that {@link TypeSerializer}s write to: a {@link DataOutput} that can also copy bytes
 * straight from a {@link DataInputView}.
 *
 * <p>Implementations are not thread-safe; one thread writes at a time.
 */
public interface DataOutputView extends DataOutput {

    /**
     * Copies exactly {@code numBytes} bytes from {@code source} to this view.
     *
     * @param source the view to read from
     * @param numBytes how many bytes to copy, not negative
     * @throws IOException if reading or writing fails, or {@code source} ends early
     */
    void write(DataInputView source, int numBytes) throws IOException;
}
