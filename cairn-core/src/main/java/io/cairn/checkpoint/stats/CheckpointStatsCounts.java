package io.cairn.checkpoint.stats;

/**
 * How many checkpoints and savepoints were triggered, are in progress, completed, failed, and how
 * many restores happened. Immutable; {@code triggered == inProgress + completed + failed}.
 *
 * @param triggered pending checkpoints reported
 * @param inProgress those neither completed nor failed yet
 * @param completed those completed
 * @param failed those failed
 * @param restored restores reported
 */
public record CheckpointStatsCounts(long triggered, long inProgress, long completed, long failed, long restored) {
}
