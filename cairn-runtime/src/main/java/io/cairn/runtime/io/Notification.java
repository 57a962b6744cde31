package io.cairn.runtime.io;

import java.util.List;

/**
 * One call to a {@link CheckpointBarrierHandler.Target}, queued by a handler while it updates its
 * state and delivered afterwards, so that an exception from the target never leaves the handler
 * half-way.
 */
@FunctionalInterface
interface Notification {

    /**
     * @param target the target to call
     * @throws Exception whatever the target throws
     */
    void deliver(CheckpointBarrierHandler.Target target) throws Exception;

    /**
     * Delivers every notification in order, even after one fails.
     *
     * @param notifications the calls, in order
     * @param target the target
     * @throws Exception the first failure, with later ones suppressed
     */
    static void deliverAll(List<Notification> notifications, CheckpointBarrierHandler.Target target) throws Exception {
        Exception failure = null;
        for (Notification notification : notifications) {
            try {
                notification.deliver(target);
            } catch (Exception e) {
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
