package io.cairn.state.rocksdb;

import io.cairn.config.ConfigOption;
import io.cairn.config.ConfigOptions;
import io.cairn.config.MemorySize;

/**
 * Options of the {@code rocksdb} state backend ({@link EmbeddedRocksDBStateBackend}). They are read
 * when the backend is configured; settings made in code with
 * {@link EmbeddedRocksDBStateBackend#with} win over them. Every option is listed in
 * {@code docs/configuration-rocksdb.md}, generated from this class.
 */
public final class RocksDBOptions {

    /** Whether all RocksDB instances share one bounded block cache and write buffer manager. */
    public static final ConfigOption<Boolean> USE_MANAGED_MEMORY = ConfigOptions.key("state.backend.rocksdb.memory.managed")
            .booleanType()
            .defaultValue(true)
            .withDescription("Whether RocksDB's memory is bounded: every keyed backend of this process with the"
                    + " same state.backend.rocksdb.memory.managed-size shares one LRU block cache of that size,"
                    + " and memtables are charged to it through one write buffer manager (half of the size), so"
                    + " the total stays near the size however many states and subtasks there are. Index and"
                    + " filter blocks live in the cache too. false lets each column family use RocksDB's own"
                    + " defaults, which grow with the number of states. The default is true.");

    /** The size of the shared block cache when memory is managed. */
    public static final ConfigOption<MemorySize> MANAGED_MEMORY_SIZE =
            ConfigOptions.key("state.backend.rocksdb.memory.managed-size")
                .memoryType()
                .defaultValue(MemorySize.ofMebiBytes(256))
                .withDescription("With managed memory, the capacity of the block cache that the RocksDB"
                    + " instances of this process share; write buffers (memtables) take up to half of it."
                    + " At least 1 MiB. The default is 256 MiB.");

    /** The part of the managed memory that caches stored values on the Java heap. */
    public static final ConfigOption<Double> VALUE_CACHE_FRACTION =
            ConfigOptions.key("state.backend.rocksdb.memory.value-cache-fraction")
                .doubleType()
                .defaultValue(0.25)
                .withDescription("With managed memory, the part of state.backend.rocksdb.memory.managed-size that"
                    + " the keyed backends of this process hold on the Java heap as a write-back cache of stored"
                    + " values (split evenly between the backends), but at most a quarter of the JVM's maximum"
                    + " heap; the block cache and write buffers get the rest, so the total stays the managed size. A read of a key that was recently read or"
                    + " written is a hash lookup instead of a RocksDB get, and a point write, delete or list"
                    + " append to a cached key updates the cache only. Changed entries go to RocksDB in one write"
                    + " batch before any iterator, scan or snapshot reads RocksDB, and before they are evicted,"
                    + " so checkpoints and savepoints hold every write. Entries are charged their key and value"
                    + " bytes plus 24 bytes, the table 12 bytes per slot, and evicted in CLOCK order. In [0, 0.9];"
                    + " 0 turns the cache off. Without managed memory there is no cache. The default is 0.25.");

    /** The size of a data block in the SST files. */
    public static final ConfigOption<MemorySize> BLOCK_SIZE = ConfigOptions.key("state.backend.rocksdb.block.blocksize")
            .memoryType()
            .defaultValue(MemorySize.ofKibiBytes(4))
            .withDescription("The approximate size of the uncompressed data blocks of RocksDB's table files: larger"
                    + " blocks compress better and need smaller indexes, smaller blocks read less per lookup."
                    + " Between 1 KiB and 1 GiB. The default is 4 KiB.");

    /** Whether table files carry bloom filters. */
    public static final ConfigOption<Boolean> USE_BLOOM_FILTER = ConfigOptions.key("state.backend.rocksdb.use-bloom-filter")
            .booleanType()
            .defaultValue(false)
            .withDescription("Whether RocksDB writes a full bloom filter (10 bits per key) into every table file, so"
                    + " that lookups of absent keys mostly skip reading data blocks. The filters take memory (in"
                    + " the block cache with managed memory). The default is false.");

    /** The number of write buffers (memtables) per column family. */
    public static final ConfigOption<Integer> MAX_WRITE_BUFFER_NUMBER =
            ConfigOptions.key("state.backend.rocksdb.writebuffer.count")
                .intType()
                .defaultValue(2)
                .withDescription("The largest number of write buffers (memtables) each state's column family keeps"
                    + " in memory, the active one included, before writes wait for a flush. At least 1; RocksDB"
                    + " uses at least 2. The default is 2.");

    /** The size of one write buffer (memtable). */
    public static final ConfigOption<MemorySize> WRITE_BUFFER_SIZE =
            ConfigOptions.key("state.backend.rocksdb.writebuffer.size")
                .memoryType()
                .defaultValue(MemorySize.ofMebiBytes(8))
                .withDescription("The size at which a state's active write buffer (memtable) becomes immutable and"
                    + " is flushed to a table file. Every write first searches the memtable's skip list (and list"
                    + " appends search it twice, see state.backend.rocksdb.list.max-successive-merges), so small"
                    + " memtables make writes cheaper; reads of keys that were flushed go through the table files"
                    + " in the block cache instead, which is slower than a memtable hit. With managed memory the"
                    + " write buffer manager bounds all memtables together whatever this size. Between 64 KiB and"
                    + " 1 GiB. The default is 8 MiB (RocksDB's own default is 64 MiB).");

    /** Whether states with fixed-length keys and namespaces get a hash-indexed memtable. */
    public static final ConfigOption<Boolean> HASH_MEMTABLE =
            ConfigOptions.key("state.backend.rocksdb.memtable.hash")
                .booleanType()
                .defaultValue(false)
                .withDescription("Whether the column family of a state whose key and namespace serializers have a"
                    + " fixed length (longs, ints, VoidNamespace...) uses RocksDB's hash-linked-list memtable with"
                    + " a prefix extractor of the key group, key and namespace bytes, instead of a skip list: a"
                    + " point read or write that reaches RocksDB then finds the key's bucket by hash and walks a"
                    + " short list, where a skip list of a million entries costs some twenty cache misses. Map"
                    + " state iterates one key's entries in its bucket. Every flush, and every scan of a whole"
                    + " state (canonical snapshots, keys(), rescaling, migration), first copies the memtable into"
                    + " sorted order, which costs CPU on each checkpoint: with the value cache"
                    + " (state.backend.rocksdb.memory.value-cache-fraction) most reads and writes never reach"
                    + " the memtable, so the skip list is the better default. Consider true without the value"
                    + " cache and with infrequent checkpoints. States with variable-length keys or namespaces"
                    + " (strings...) keep the skip list. The memtables use"
                    + " state.backend.rocksdb.memtable.hash-writebuffer-size. The default is false.");

    /** The size of one write buffer (memtable) of a state that uses the hash memtable. */
    public static final ConfigOption<MemorySize> HASH_MEMTABLE_WRITE_BUFFER_SIZE =
            ConfigOptions.key("state.backend.rocksdb.memtable.hash-writebuffer-size")
                .memoryType()
                .defaultValue(MemorySize.ofMebiBytes(64))
                .withDescription("With state.backend.rocksdb.memtable.hash, the write buffer size of the states"
                    + " that use the hash memtable (state.backend.rocksdb.writebuffer.size applies to the others):"
                    + " writes cost the same whatever the size, and larger memtables keep more keys out of the"
                    + " slower table-file lookups. Each memtable has one hash bucket (8 bytes, allocated when the"
                    + " memtable is created) per 256 bytes of this size. With managed memory the write buffer"
                    + " manager bounds all memtables together whatever this size. Between 64 KiB and 1 GiB. The"
                    + " default is 64 MiB.");

    /** How many list appends RocksDB keeps as separate merge operands in a memtable before folding them. */
    public static final ConfigOption<Integer> LIST_MAX_SUCCESSIVE_MERGES =
            ConfigOptions.key("state.backend.rocksdb.list.max-successive-merges")
                .intType()
                .defaultValue(16)
                .withDescription("List state appends are RocksDB merges. When a key already has this many merge"
                    + " operands in the active memtable, the next append folds them into one value (RocksDB's"
                    + " max_successive_merges), so reading a list never combines more than this many appends"
                    + " held in memory: reading a list that was appended to one element at a time gets much cheaper,"
                    + " while each append pays one more memtable lookup (it counts the key's operands)."
                    + " 0 keeps every operand until a flush or compaction (RocksDB's default). At least 0."
                    + " The default is 16.");

    /** Where the RocksDB instances keep their files. */
    public static final ConfigOption<String> LOCAL_DIRECTORY = ConfigOptions.key("state.backend.rocksdb.localdir")
            .stringType()
            .noDefaultValue()
            .withDescription("The local directory under which each keyed backend creates its own RocksDB directory;"
                    + " it is created if missing, and a backend's directory is deleted when the backend is"
                    + " closed. Use a fast local disk. No default: if unset, the directory cairn-rocksdb inside"
                    + " the JVM's temporary directory (java.io.tmpdir) is used.");

    /** A predefined set of RocksDB tuning options. */
    public static final ConfigOption<PredefinedOptions> PREDEFINED_OPTIONS =
            ConfigOptions.key("state.backend.rocksdb.predefined-options")
                .enumType(PredefinedOptions.class)
                .defaultValue(PredefinedOptions.DEFAULT)
                .withDescription("A predefined set of RocksDB options for the kind of disk under"
                    + " state.backend.rocksdb.localdir; the options above are applied on top of it. The default,"
                    + " DEFAULT, keeps RocksDB's defaults.");

    /** The format of checkpoints that are not incremental. */
    public static final ConfigOption<RocksDBCheckpointFormat> CHECKPOINT_FORMAT =
            ConfigOptions.key("state.backend.rocksdb.checkpoint.format")
                .enumType(RocksDBCheckpointFormat.class)
                .defaultValue(RocksDBCheckpointFormat.NATIVE)
                .withDescription("The format of a checkpoint when state.backend.incremental is false (incremental"
                    + " checkpoints are always native and incremental; savepoints have their own format)."
                    + " NATIVE: a native full snapshot. The task thread takes a RocksDB checkpoint (it flushes"
                    + " the memtables into table files and hard-links the table files), then every file is"
                    + " uploaded as an exclusive file of the checkpoint, so each checkpoint is self-contained and"
                    + " refers to no other; it costs a flush and uploads the table files as they are (old versions"
                    + " of values not yet compacted away included), and a restore at the same parallelism opens"
                    + " the downloaded files without rewriting any entry. It restores into the rocksdb backend"
                    + " only. CANONICAL: the canonical key-group format, written by scanning a RocksDB snapshot"
                    + " entry by entry off the task thread (with hash memtables, see"
                    + " state.backend.rocksdb.memtable.hash, the scan first copies each memtable into sorted"
                    + " order) and restored by writing every entry again; slower to take and restore, but the"
                    + " hashmap backend restores it too and 'cairn state dump' can read it. Case-insensitive."
                    + " The default is NATIVE.");

    private RocksDBOptions() {}
}
