package io.cairn.state.handle;

import java.io.IOException;

/** Helpers for groups of state objects. */
public final class StateObjects {

    private StateObjects() {}

    /**
     * Discards every object, even if some fail; null entries are skipped.
     *
     * @param objects the objects
     * @throws IOException the first failure, with later ones suppressed
     */
    public static void discardAll(Iterable<? extends StateObject> objects) throws IOException {
        IOException failure = null;
        for (StateObject o : objects) {
            if (o == null) {
                continue;
            }
            try {
                o.discardState();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
