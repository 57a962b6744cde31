package io.cairn.checkpoint.inspect;

/**
 * One state handle a subtask reported.
 *
 * @param kind {@code key-groups} (a canonical keyed snapshot), {@code incremental} (a native keyed
 *     snapshot) or {@code operator}
 * @param keyGroups the key-group range as {@code first..last} for keyed handles; null for operator handles
 * @param location the backing file path, or {@code inline (N bytes)} for state inlined into the metadata;
 *     for incremental handles the meta stream's location and the number of pieces
 * @param size the handle's state size in bytes
 */
public record HandleReport(String kind, String keyGroups, String location, long size) {}
