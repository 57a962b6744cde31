package io.cairn.checkpoint.inspect;

import java.util.List;

/**
 * A record-typed state value for the inspection tests.
 *
 * @param name a name
 * @param age an age
 * @param tags some tags
 * @param avatar raw bytes
 */
public record Profile(String name, int age, List<String> tags, byte[] avatar) {}
