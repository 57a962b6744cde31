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

    private StateBackendOptions() {}
}
