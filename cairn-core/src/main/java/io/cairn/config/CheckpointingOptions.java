package io.cairn.config;

import java.time.Duration;

/** Options for checkpoint storage and for when and how checkpoints are taken. */
public final class CheckpointingOptions {

    /** Where checkpoints are stored: jobmanager or filesystem. */
    public static final ConfigOption<String> CHECKPOINT_STORAGE = ConfigOptions.key("state.checkpoint-storage")
            .stringType()
            .noDefaultValue()
            .withDescription("Where checkpoint data is stored: 'jobmanager' (in the coordinator's memory; for"
                    + " small state and tests) or 'filesystem' (in files under state.checkpoints.dir). No default:"
                    + " if unset, 'filesystem' is used when state.checkpoints.dir is set, else 'jobmanager'.");

    /** The directory for checkpoint data and metadata. */
    public static final ConfigOption<String> CHECKPOINTS_DIRECTORY = ConfigOptions.key("state.checkpoints.dir")
            .stringType()
            .noDefaultValue()
            .withDescription("The directory (a path or URI such as file:///data/checkpoints) where checkpoint"
                    + " data files and metadata are written; it must be reachable from every process. No"
                    + " default: if unset, checkpoints are kept in the coordinator's memory.");

    /** The default directory for savepoints. */
    public static final ConfigOption<String> SAVEPOINT_DIRECTORY = ConfigOptions.key("state.savepoints.dir")
            .stringType()
            .noDefaultValue()
            .withDescription("The default directory (a path or URI) for savepoints, used when a savepoint is"
                    + " triggered without a target directory. No default: such a savepoint fails.");

    /** How many completed checkpoints to keep. */
    public static final ConfigOption<Integer> MAX_RETAINED_CHECKPOINTS =
            ConfigOptions.key("state.checkpoints.num-retained")
                .intType()
                .defaultValue(1)
                .withDescription("The number of completed checkpoints to retain; older ones are deleted. The"
                    + " default, 1, keeps only the latest checkpoint.");

    /** State below this size is inlined into the checkpoint metadata. */
    public static final ConfigOption<MemorySize> FS_SMALL_FILE_THRESHOLD =
            ConfigOptions.key("state.storage.fs.memory-threshold")
                .memoryType()
                .defaultValue(MemorySize.ofKibiBytes(20))
                .withDescription("With file-system checkpoint storage, state handles smaller than this are"
                    + " stored inline in the checkpoint metadata instead of in their own file. The default,"
                    + " 20 KiB, avoids many tiny files; 0 writes every handle to a file.");

    /** The write buffer of file checkpoint streams. */
    public static final ConfigOption<MemorySize> FS_WRITE_BUFFER_SIZE =
            ConfigOptions.key("state.storage.fs.write-buffer-size")
                .memoryType()
                .defaultValue(MemorySize.ofKibiBytes(4))
                .withDescription("The write buffer size of checkpoint streams to files; it is raised to at least"
                    + " state.storage.fs.memory-threshold. The default is 4 KiB.");

    /** The largest state a single handle may have with jobmanager checkpoint storage. */
    public static final ConfigOption<MemorySize> JOBMANAGER_MAX_STATE_SIZE =
            ConfigOptions.key("state.storage.jobmanager.max-state-size")
                .memoryType()
                .defaultValue(MemorySize.ofMebiBytes(5))
                .withDescription("With jobmanager checkpoint storage, the largest serialized state of a single"
                    + " state handle; a larger snapshot fails the checkpoint. The default is 5 MiB.");

    /** The interval of periodic checkpoints. */
    public static final ConfigOption<Duration> CHECKPOINTING_INTERVAL =
            ConfigOptions.key("execution.checkpointing.interval")
                .durationType()
                .noDefaultValue()
                .withDescription("The interval at which periodic checkpoints are triggered, e.g. '10 s'. No"
                    + " default: if unset, periodic checkpointing is disabled.");

    /** How long a checkpoint may take before it is aborted. */
    public static final ConfigOption<Duration> CHECKPOINTING_TIMEOUT =
            ConfigOptions.key("execution.checkpointing.timeout")
                .durationType()
                .defaultValue(Duration.ofMinutes(10))
                .withDescription("The maximum time a checkpoint may take; a checkpoint still pending after it is"
                    + " aborted and counts as failed. The default is 10 min.");

    /** The minimum pause between the end of one checkpoint and the start of the next. */
    public static final ConfigOption<Duration> MIN_PAUSE_BETWEEN_CHECKPOINTS =
            ConfigOptions.key("execution.checkpointing.min-pause")
                .durationType()
                .defaultValue(Duration.ZERO)
                .withDescription("The minimum pause between the completion of one checkpoint and the trigger of"
                    + " the next, so that processing makes progress when checkpoints are slow. A positive"
                    + " pause implies at most one concurrent checkpoint. The default, 0 ms, adds no pause.");

    /** How many checkpoints may be in progress at once. */
    public static final ConfigOption<Integer> MAX_CONCURRENT_CHECKPOINTS =
            ConfigOptions.key("execution.checkpointing.max-concurrent-checkpoints")
                .intType()
                .defaultValue(1)
                .withDescription("The maximum number of checkpoints in progress at the same time; a periodic"
                    + " trigger is skipped while the limit is reached. The default, 1, never overlaps"
                    + " checkpoints.");

    /** How many consecutive checkpoint failures are tolerated before the job fails. */
    public static final ConfigOption<Integer> TOLERABLE_FAILURE_NUMBER =
            ConfigOptions.key("execution.checkpointing.tolerable-failed-checkpoints")
                .intType()
                .defaultValue(0)
                .withDescription("The number of consecutive checkpoint failures tolerated before the job fails;"
                    + " a successful checkpoint resets the count. The default, 0, fails the job on the first"
                    + " checkpoint failure.");

    /** The consistency guarantee of checkpoints. */
    public static final ConfigOption<CheckpointingMode> CHECKPOINTING_MODE =
            ConfigOptions.key("execution.checkpointing.mode")
                .enumType(CheckpointingMode.class)
                .defaultValue(CheckpointingMode.EXACTLY_ONCE)
                .withDescription("The consistency guarantee of checkpoints: EXACTLY_ONCE aligns barriers so that"
                    + " every record affects the restored state once; AT_LEAST_ONCE skips alignment, for"
                    + " lower latency, and may replay records into the state. The default is EXACTLY_ONCE.");

    /** What happens to retained checkpoints when the job stops. */
    public static final ConfigOption<ExternalizedCheckpointRetention> EXTERNALIZED_CHECKPOINT_RETENTION =
            ConfigOptions.key("execution.checkpointing.externalized-checkpoint-retention")
                    .enumType(ExternalizedCheckpointRetention.class)
                    .defaultValue(ExternalizedCheckpointRetention.NO_EXTERNALIZED_CHECKPOINTS)
                    .withDescription("Whether completed checkpoints outlive the job, so that it can be restored"
                            + " from them like from a savepoint: DELETE_ON_CANCELLATION keeps them when the job"
                            + " fails, RETAIN_ON_CANCELLATION also when it is cancelled. The default,"
                            + " NO_EXTERNALIZED_CHECKPOINTS, deletes them when the job stops.");

    /** Whether recovery prefers the latest checkpoint over a more recent savepoint. */
    public static final ConfigOption<Boolean> PREFER_CHECKPOINT_FOR_RECOVERY =
            ConfigOptions.key("execution.checkpointing.prefer-checkpoint-for-recovery")
                .booleanType()
                .defaultValue(false)
                .withDescription("Whether recovery restores the latest checkpoint even when a more recent"
                    + " savepoint exists. The default, false, restores whichever completed snapshot is the"
                    + " most recent.");

    private CheckpointingOptions() {}
}
