package io.cairn.state;

/** Something that holds resources and must be disposed of when it is no longer needed. */
public interface Disposable {

    /** Releases all resources. Idempotent. */
    void dispose();
}
