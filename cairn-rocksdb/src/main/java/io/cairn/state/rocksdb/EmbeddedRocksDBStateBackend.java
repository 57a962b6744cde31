package io.cairn.state.rocksdb;

import io.cairn.config.CheckpointingOptions;
import io.cairn.config.ConfigOption;
import io.cairn.config.ConfigOptionsRegistry;
import io.cairn.config.Configuration;
import io.cairn.config.ReadableConfig;
import io.cairn.config.StateBackendOptions;
import io.cairn.state.backend.ConfigurableStateBackend;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.keyed.KeyedStateBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The {@code rocksdb} state backend: keyed state lives serialized in an embedded RocksDB instance
 * per subtask, on local disk under {@link RocksDBOptions#LOCAL_DIRECTORY}, so state can be much
 * larger than the heap; reads and writes pay for serialization. Operator state stays on the heap.
 *
 * <p><b>Snapshot formats.</b> Checkpoints are native by default: a RocksDB checkpoint (memtables
 * flushed, table files hard-linked) whose files are uploaded ({@link RocksDBIncrementalSnapshotStrategy}).
 * With {@code state.backend.incremental: true} they are incremental (new SST files uploaded once as
 * shared state, later checkpoints refer to them); otherwise each is a native full snapshot that
 * uploads every file as exclusive state of that checkpoint and refers to no other. With
 * {@link RocksDBOptions#CHECKPOINT_FORMAT} {@code CANONICAL}, checkpoints that are not incremental are
 * full snapshots in the canonical key-group format instead, scanned from a RocksDB snapshot off the
 * task thread ({@link RocksDBFullSnapshotStrategy}), which the {@code hashmap} backend restores too.
 * Savepoints follow their own {@code SavepointFormatType}: {@code CANONICAL} in the key-group format,
 * {@code NATIVE} as RocksDB's files, self-contained. See {@link RocksDBKeyedStateBackend}.
 *
 * <p>Immutable and thread-safe. Settings made in code with {@link #with} win over configuration;
 * {@link #configure} fills in the rest and returns a new backend.
 */
public final class EmbeddedRocksDBStateBackend extends ConfigurableStateBackend {

    /** The configuration name, {@code rocksdb}. */
    public static final String NAME = "rocksdb";

    private static final List<ConfigOption<?>> OPTIONS = ConfigOptionsRegistry.optionsOf(List.of(RocksDBOptions.class));

    /** The RocksDB options set in code or taken from configuration; absent ones use their defaults. */
    private final Configuration settings;
    /** The default savepoint directory from configuration, or null. */
    private final String savepointDirectory;
    /** The resolved settings, checked when the backend is built. */
    private final RocksDBSettings resolved;
    /** null: take {@code state.backend.incremental} from configuration (default false). */
    private final Boolean incremental;

    /** Creates the backend with every setting taken from configuration or defaults. */
    public EmbeddedRocksDBStateBackend() {
        this(new Configuration(), null, null);
    }

    private EmbeddedRocksDBStateBackend(Configuration settings, String savepointDirectory, Boolean incremental) {
        this.settings = settings;
        this.savepointDirectory = savepointDirectory;
        this.resolved = RocksDBSettings.from(settings);
        this.incremental = incremental;
    }

    /**
     * Returns a copy of this backend with one {@link RocksDBOptions} option set in code; it wins over
     * configuration.
     *
     * @param option an option of {@link RocksDBOptions}
     * @param value its value, not null
     * @param <T> the option's type
     * @return the new backend
     * @throws IllegalArgumentException if the option is not one of {@link RocksDBOptions}
     * @throws io.cairn.config.IllegalConfigurationException if the value is invalid; the message names the key
     */
    public <T> EmbeddedRocksDBStateBackend with(ConfigOption<T> option, T value) {
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(value, () -> "value of " + option.key());
        if (!OPTIONS.contains(option)) {
            throw new IllegalArgumentException("'" + option.key() + "' is not an option of the rocksdb backend; its"
                    + " options are those of " + RocksDBOptions.class.getName());
        }
        Configuration copy = settings.copy();
        copy.set(option, value);
        return new EmbeddedRocksDBStateBackend(copy, savepointDirectory, incremental);
    }

    /**
     * Returns a copy of this backend with incremental checkpoints switched on or off in code; it wins
     * over {@code state.backend.incremental}.
     *
     * @param enabled whether checkpoints upload only the SST files that earlier confirmed checkpoints
     *     have not uploaded
     * @return the new backend
     */
    public EmbeddedRocksDBStateBackend withIncrementalCheckpoints(boolean enabled) {
        return new EmbeddedRocksDBStateBackend(settings, savepointDirectory, enabled);
    }

    /**
     * Returns a copy of this backend whose checkpoints, when they are not incremental, have the given
     * format; short for {@code with(RocksDBOptions.CHECKPOINT_FORMAT, format)}.
     *
     * @param format {@link RocksDBCheckpointFormat#NATIVE} (the default) or
     *     {@link RocksDBCheckpointFormat#CANONICAL}
     * @return the new backend
     */
    public EmbeddedRocksDBStateBackend withCheckpointFormat(RocksDBCheckpointFormat format) {
        return with(RocksDBOptions.CHECKPOINT_FORMAT, format);
    }

    /** @return whether checkpoints are incremental ({@code state.backend.incremental}, default false) */
    public boolean isIncrementalCheckpointsEnabled() {
        return incremental != null && incremental;
    }

    /**
     * Returns a copy of this backend whose RocksDB instances live under {@code directory}; short for
     * {@code with(RocksDBOptions.LOCAL_DIRECTORY, directory.toString())}.
     *
     * @param directory a local directory; created if missing
     * @return the new backend
     */
    public EmbeddedRocksDBStateBackend withLocalDirectory(Path directory) {
        return with(RocksDBOptions.LOCAL_DIRECTORY, directory.toAbsolutePath().toString());
    }

    @Override
    public EmbeddedRocksDBStateBackend configure(ReadableConfig config, ClassLoader classLoader) {
        Configuration merged = settings.copy();
        for (ConfigOption<?> option : OPTIONS) {
            copyIfAbsent(option, config, merged);
        }
        return new EmbeddedRocksDBStateBackend(merged, savepointDirectory != null
                ? savepointDirectory
                : config.getOptional(CheckpointingOptions.SAVEPOINT_DIRECTORY).orElse(null),
                incremental != null ? incremental : config.get(StateBackendOptions.INCREMENTAL_CHECKPOINTS));
    }

    private static <T> void copyIfAbsent(ConfigOption<T> option, ReadableConfig from, Configuration to) {
        if (!to.contains(option)) {
            from.getOptional(option).ifPresent(value -> to.set(option, value));
        }
    }

    /**
     * Returns the value of an option as this backend uses it: set in code, else configured, else the
     * default.
     *
     * @param option an option of {@link RocksDBOptions}
     * @param <T> the option's type
     * @return the value; for an unset {@link RocksDBOptions#LOCAL_DIRECTORY}, null
     */
    public <T> T get(ConfigOption<T> option) {
        return settings.get(option);
    }

    /** @return the directory under which the RocksDB instances are created */
    public Path getLocalDirectory() {
        return resolved.localDirectory();
    }

    @Override
    public String getDefaultSavepointDirectory() {
        return savepointDirectory;
    }

    @Override
    public String getName() {
        return NAME;
    }

    /**
     * Opens an empty RocksDB instance in a new directory under the local directory.
     *
     * @throws IOException naming the path if the native library cannot be loaded or the directory or
     *     database cannot be created
     */
    @Override
    public <K> KeyedStateBackend<K> createKeyedStateBackend(KeyedStateBackendParameters<K> parameters)
            throws IOException {
        return RocksDBKeyedStateBackendBuilder.build(parameters, resolved, isIncrementalCheckpointsEnabled());
    }

    @Override
    public boolean supportsAsynchronousSnapshots() {
        return true;
    }

    @Override
    public String toString() {
        return "EmbeddedRocksDBStateBackend{" + settings.toMap() + ", incremental=" + isIncrementalCheckpointsEnabled()
                + "}";
    }
}
