package io.cairn.state.operator;

import io.cairn.fs.FSDataInputStream;
import io.cairn.state.handle.StreamStateHandle;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a stream handle and counts how often it is opened. Identity equality, like a distinct stream. */
final class CountingStreamStateHandle implements StreamStateHandle {

    private static final long serialVersionUID = 1L;

    private final StreamStateHandle delegate;
    private final AtomicInteger opens = new AtomicInteger();

    CountingStreamStateHandle(StreamStateHandle delegate) {
        this.delegate = delegate;
    }

    int opens() {
        return opens.get();
    }

    @Override
    public FSDataInputStream openInputStream() throws IOException {
        opens.incrementAndGet();
        return delegate.openInputStream();
    }

    @Override
    public Optional<byte[]> asBytesIfInMemory() {
        return delegate.asBytesIfInMemory();
    }

    @Override
    public void discardState() throws IOException {
        delegate.discardState();
    }

    @Override
    public long getStateSize() {
        return delegate.getStateSize();
    }

    @Override
    public String toString() {
        return "Counting{" + delegate + "}";
    }
}
