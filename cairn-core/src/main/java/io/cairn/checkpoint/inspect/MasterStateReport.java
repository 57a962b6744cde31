package io.cairn.checkpoint.inspect;

/**
 * The state of one master hook stored in the metadata.
 *
 * @param name the hook's name
 * @param version the version of the hook's byte format
 * @param size the size of its state in bytes
 */
public record MasterStateReport(String name, int version, long size) {}
