package io.cairn.config;

/** The consistency guarantee that checkpoints give for state updates. */
public enum CheckpointingMode {
    /** Barriers are aligned: every record affects the restored state exactly once. */
    EXACTLY_ONCE,
    /** Barriers are not aligned: after a restore, some records may affect the state twice. */
    AT_LEAST_ONCE
}
