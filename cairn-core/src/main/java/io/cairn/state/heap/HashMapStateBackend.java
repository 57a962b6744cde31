package io.cairn.state.heap;

import io.cairn.config.CheckpointingOptions;
import io.cairn.config.ReadableConfig;
import io.cairn.state.backend.ConfigurableStateBackend;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.keyed.KeyedStateBackend;

/**
 * The {@code hashmap} state backend: state lives as objects on the JVM heap, in copy-on-write hash
 * maps per state and key group; snapshots freeze the maps in O(states x key groups) and serialize
 * them off the task thread. Immutable and thread-safe.
 */
public final class HashMapStateBackend extends ConfigurableStateBackend {

    /** The configuration name, {@code hashmap}. */
    public static final String NAME = "hashmap";

    /** The most deltas a key group chains before it is rewritten in full. */
    public static final int DEFAULT_MAX_DELTAS = 8;

    /** A key group is rewritten in full when its deltas exceed this fraction of its base. */
    public static final double DEFAULT_MAX_DELTA_RATIO = 0.5;

    /** The default savepoint directory from configuration, or null. */
    private final String savepointDirectory;

    /** null: take {@code state.backend.incremental} from configuration (default false). */
    private final Boolean incremental;

    /** null: take {@code state.backend.hashmap.snapshot.busy-fraction} from configuration (default 1). */
    private final Double snapshotBusyFraction;

    /** null: take {@code state.backend.hashmap.restore.threads} from configuration (default 0, automatic). */
    private final Integer restoreThreads;

    /** The most threads the automatic restore setting (0) uses. */
    public static final int MAX_AUTOMATIC_RESTORE_THREADS = 8;

    /** Creates the backend with every setting taken from configuration or defaults. */
    public HashMapStateBackend() {
        this(null, null, null, null);
    }

    private HashMapStateBackend(String savepointDirectory, Boolean incremental, Double snapshotBusyFraction,
            Integer restoreThreads) {
        this.savepointDirectory = savepointDirectory;
        this.incremental = incremental;
        this.snapshotBusyFraction = snapshotBusyFraction;
        this.restoreThreads = restoreThreads;
    }

    /**
     * @param enabled whether checkpoints upload only what changed since the last confirmed checkpoint
     * @return a copy with the setting made in code
     */
    public HashMapStateBackend withIncrementalCheckpoints(boolean enabled) {
        return new HashMapStateBackend(savepointDirectory, enabled, snapshotBusyFraction, restoreThreads);
    }

    /**
     * Paces snapshots' asynchronous parts (see
     * {@link io.cairn.config.StateBackendOptions#HASHMAP_SNAPSHOT_BUSY_FRACTION}).
     *
     * @param busyFraction the largest fraction of its wall-clock time a snapshot's asynchronous part
     *     may spend writing, in (0, 1]; 1 writes as fast as it can
     * @return a copy with the setting made in code
     * @throws IllegalArgumentException if the fraction is outside (0, 1]
     */
    public HashMapStateBackend withSnapshotBusyFraction(double busyFraction) {
        return new HashMapStateBackend(savepointDirectory, incremental, checkBusyFraction(busyFraction), restoreThreads);
    }

    /**
     * Sets how many threads read a full snapshot's key groups on restore (see
     * {@link io.cairn.config.StateBackendOptions#HASHMAP_RESTORE_THREADS}).
     *
     * @param threads 1 or more; 0 for as many as the JVM has processors, at most
     *     {@value #MAX_AUTOMATIC_RESTORE_THREADS}
     * @return a copy with the setting made in code
     * @throws IllegalArgumentException if {@code threads} is negative
     */
    public HashMapStateBackend withRestoreThreads(int threads) {
        return new HashMapStateBackend(savepointDirectory, incremental, snapshotBusyFraction, checkRestoreThreads(threads));
    }

    /**
     * @return how many threads read a full snapshot's key groups on restore, with the automatic
     *     setting (0) resolved on this JVM: its processors, at most {@value #MAX_AUTOMATIC_RESTORE_THREADS}
     */
    public int getRestoreThreads() {
        int configured = restoreThreads != null ? restoreThreads
                : io.cairn.config.StateBackendOptions.HASHMAP_RESTORE_THREADS.defaultValue();
        return configured > 0 ? configured
                : Math.min(MAX_AUTOMATIC_RESTORE_THREADS, Runtime.getRuntime().availableProcessors());
    }

    private static int checkRestoreThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException(io.cairn.config.StateBackendOptions.HASHMAP_RESTORE_THREADS.key()
                    + " must be 0 (automatic) or more: " + threads);
        }
        return threads;
    }

    /** @return the pacing of snapshots' asynchronous parts ({@code state.backend.hashmap.snapshot.busy-fraction}) */
    public double getSnapshotBusyFraction() {
        return snapshotBusyFraction != null ? snapshotBusyFraction
                : io.cairn.config.StateBackendOptions.HASHMAP_SNAPSHOT_BUSY_FRACTION.defaultValue();
    }

    private static double checkBusyFraction(double busyFraction) {
        if (!(busyFraction > 0 && busyFraction <= 1)) {
            throw new IllegalArgumentException(io.cairn.config.StateBackendOptions.HASHMAP_SNAPSHOT_BUSY_FRACTION.key()
                    + " must be in (0, 1]: " + busyFraction);
        }
        return busyFraction;
    }

    /** @return whether checkpoints are incremental ({@code state.backend.incremental}) */
    public boolean isIncrementalCheckpointsEnabled() {
        return incremental != null && incremental;
    }

    @Override
    public HashMapStateBackend configure(ReadableConfig config, ClassLoader classLoader) {
        return new HashMapStateBackend(savepointDirectory != null
                ? savepointDirectory
                : config.getOptional(CheckpointingOptions.SAVEPOINT_DIRECTORY).orElse(null),
                incremental != null ? incremental : config.get(io.cairn.config.StateBackendOptions.INCREMENTAL_CHECKPOINTS),
                snapshotBusyFraction != null ? snapshotBusyFraction
                        : checkBusyFraction(config.get(io.cairn.config.StateBackendOptions.HASHMAP_SNAPSHOT_BUSY_FRACTION)),
                restoreThreads != null ? restoreThreads
                        : checkRestoreThreads(config.get(io.cairn.config.StateBackendOptions.HASHMAP_RESTORE_THREADS)));
    }

    @Override
    public String getDefaultSavepointDirectory() {
        return savepointDirectory;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public <K> KeyedStateBackend<K> createKeyedStateBackend(KeyedStateBackendParameters<K> parameters) {
        return new HeapKeyedStateBackend<>(parameters, isIncrementalCheckpointsEnabled(), getSnapshotBusyFraction(),
                getRestoreThreads());
    }

    @Override
    public boolean supportsAsynchronousSnapshots() {
        return true;
    }

    @Override
    public String toString() {
        return "HashMapStateBackend{incremental=" + isIncrementalCheckpointsEnabled()
                + ", snapshotBusyFraction=" + getSnapshotBusyFraction() + ", restoreThreads=" + getRestoreThreads() + "}";
    }
}
