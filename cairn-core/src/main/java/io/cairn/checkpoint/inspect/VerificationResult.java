package io.cairn.checkpoint.inspect;

/**
 * The outcome of {@link CheckpointVerifier#verify}.
 *
 * @param ok true if every check passed
 * @param message on success a summary of what was checked; otherwise the first problem found, naming the
 *     file and, where it applies, the byte offset
 * @param filesChecked the number of distinct state files whose existence and size were checked
 * @param streamsChecked the number of distinct snapshot streams read (files and inline state)
 * @param keyGroupsChecked the number of key-group blocks read and verified
 * @param entriesChecked the number of keyed state entries decoded
 * @param operatorRecordsChecked the number of operator state records read and decoded
 */
public record VerificationResult(
        boolean ok,
        String message,
        int filesChecked,
        int streamsChecked,
        int keyGroupsChecked,
        long entriesChecked,
        long operatorRecordsChecked) {}
