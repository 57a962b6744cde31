/**
 * Checkpoint statistics: what tasks report with their acknowledgements ({@link
 * io.cairn.checkpoint.stats.CheckpointMetrics}), the coordinator-side {@link
 * io.cairn.checkpoint.stats.CheckpointStatsTracker} with its immutable {@link
 * io.cairn.checkpoint.stats.CheckpointStatsSnapshot}, and min/avg/max/quantile summaries.
 *
 * <p>Threads: the tracker and the {@link io.cairn.checkpoint.stats.PendingCheckpointStats} handles it
 * hands out share one lock, so every call may come from any thread and every snapshot is a
 * consistent cut. {@link io.cairn.checkpoint.stats.StatsSummary} alone is not thread-safe; every
 * other type here is immutable.
 */
package io.cairn.checkpoint.stats;
