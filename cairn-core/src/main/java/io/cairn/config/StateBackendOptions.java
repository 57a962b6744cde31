package io.cairn.config;

/** Options that choose and tune the state backend. */
public final class StateBackendOptions {

    /** The state backend: hashmap, rocksdb, filesystem, or a factory class name. */
    public static final ConfigOption<String> STATE_BACKEND = ConfigOptions.key("state.backend.type")
            .stringType()
            .defaultValue("hashmap")
            .withDescription("The state backend that holds keyed and operator state: 'hashmap' (state as objects"
                    + " on the heap), 'rocksdb' (state serialized in an embedded RocksDB on local disk),"
                    + " 'filesystem' (a legacy alias: 'hashmap' with file-system checkpoint storage), or the"
                    + " fully qualified class name of a StateBackendFactory. The default, 'hashmap', keeps"
                    + " state on the heap.");

    /** Whether backends that support it take incremental checkpoints. */
    public static final ConfigOption<Boolean> INCREMENTAL_CHECKPOINTS = ConfigOptions.key("state.backend.incremental")
            .booleanType()
            .defaultValue(false)
            .withDescription("Whether the state backend takes incremental checkpoints, which write only what"
                    + " changed since the previous checkpoint, where it supports them. The default, false,"
                    + " writes the full state in every checkpoint. Savepoints are always full.");

    /** How much of its wall-clock time a heap snapshot's asynchronous part may be busy. */
    public static final ConfigOption<Double> HASHMAP_SNAPSHOT_BUSY_FRACTION =
            ConfigOptions.key("state.backend.hashmap.snapshot.busy-fraction")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription("The largest fraction of its wall-clock time the asynchronous part of a"
                            + " 'hashmap' snapshot may spend writing, in (0, 1]; after each key group it pauses"
                            + " until it is back under that share. A slower snapshot costs the task less per"
                            + " second (fewer copy-on-write copies, less memory traffic and CPU taken from"
                            + " the task); the snapshot's synchronous part and the task are never paused. The"
                            + " default, 1.0, writes as fast as it can; 0.25 makes a snapshot take about four"
                            + " times as long.");

    /** How many threads read a full heap snapshot's key groups on restore. */
    public static final ConfigOption<Integer> HASHMAP_RESTORE_THREADS =
            ConfigOptions.key("state.backend.hashmap.restore.threads")
                    .intType()
                    .defaultValue(0)
                    .withDescription("How many threads a 'hashmap' backend uses to read the key groups of a full"
                            + " snapshot when it restores: the task's own thread and short-lived helpers, each"
                            + " reading whole key groups. 1 reads on the task's thread only; 0, the default, uses"
                            + " as many as the JVM has processors, at most 8. Incremental checkpoints are"
                            + " restored on the task's thread.");

    private StateBackendOptions() {}
}
