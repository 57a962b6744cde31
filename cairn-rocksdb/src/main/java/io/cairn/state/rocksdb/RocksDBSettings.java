package io.cairn.state.rocksdb;

import io.cairn.config.IllegalConfigurationException;
import io.cairn.config.MemorySize;
import io.cairn.config.ReadableConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The resolved, validated {@link RocksDBOptions} of one configured backend.
 *
 * @param managedMemory whether the instances share one bounded cache and write buffer manager
 * @param managedMemorySize the managed memory in bytes
 * @param valueCacheFraction the part of the managed memory for the value caches, in [0, 0.9]
 * @param blockSize the data block size in bytes
 * @param bloomFilter whether table files carry bloom filters
 * @param maxWriteBufferNumber write buffers per column family
 * @param writeBufferSize the size of one write buffer in bytes
 * @param listMaxSuccessiveMerges merge operands per key in a memtable before they are folded (0: never)
 * @param localDirectory the directory under which each backend creates its instance directory
 * @param predefinedOptions the base tuning
 * @param hashMemtable whether states with fixed-length keys and namespaces use the hash memtable
 * @param hashWriteBufferSize the size of one hash memtable in bytes
 * @param checkpointFormat the format of checkpoints that are not incremental
 */
record RocksDBSettings(
        boolean managedMemory,
        long managedMemorySize,
        double valueCacheFraction,
        long blockSize,
        boolean bloomFilter,
        int maxWriteBufferNumber,
        long writeBufferSize,
        int listMaxSuccessiveMerges,
        Path localDirectory,
        PredefinedOptions predefinedOptions,
        boolean hashMemtable,
        long hashWriteBufferSize,
        RocksDBCheckpointFormat checkpointFormat) {

    static final long MIN_MANAGED_MEMORY = MemorySize.ofMebiBytes(1).getBytes();
    static final double MAX_VALUE_CACHE_FRACTION = 0.9;
    static final long MIN_BLOCK_SIZE = MemorySize.ofKibiBytes(1).getBytes();
    static final long MAX_BLOCK_SIZE = MemorySize.ofMebiBytes(1024).getBytes();
    static final long MIN_WRITE_BUFFER_SIZE = MemorySize.ofKibiBytes(64).getBytes();
    static final long MAX_WRITE_BUFFER_SIZE = MemorySize.ofMebiBytes(1024).getBytes();

    /**
     * Reads and checks every option.
     *
     * @throws IllegalConfigurationException naming the key and the value of the first bad option
     */
    static RocksDBSettings from(ReadableConfig config) {
        MemorySize managedSize = config.get(RocksDBOptions.MANAGED_MEMORY_SIZE);
        if (managedSize.getBytes() < MIN_MANAGED_MEMORY) {
            throw bad(RocksDBOptions.MANAGED_MEMORY_SIZE.key(), managedSize, "must be at least 1 MiB");
        }
        double valueCacheFraction = config.get(RocksDBOptions.VALUE_CACHE_FRACTION);
        if (!(valueCacheFraction >= 0 && valueCacheFraction <= MAX_VALUE_CACHE_FRACTION)) {
            throw bad(RocksDBOptions.VALUE_CACHE_FRACTION.key(), valueCacheFraction, "must be between 0 and 0.9");
        }
        MemorySize blockSize = config.get(RocksDBOptions.BLOCK_SIZE);
        if (blockSize.getBytes() < MIN_BLOCK_SIZE || blockSize.getBytes() > MAX_BLOCK_SIZE) {
            throw bad(RocksDBOptions.BLOCK_SIZE.key(), blockSize, "must be between 1 KiB and 1 GiB");
        }
        int writeBuffers = config.get(RocksDBOptions.MAX_WRITE_BUFFER_NUMBER);
        if (writeBuffers < 1) {
            throw bad(RocksDBOptions.MAX_WRITE_BUFFER_NUMBER.key(), writeBuffers, "must be at least 1");
        }
        MemorySize writeBufferSize = config.get(RocksDBOptions.WRITE_BUFFER_SIZE);
        if (writeBufferSize.getBytes() < MIN_WRITE_BUFFER_SIZE || writeBufferSize.getBytes() > MAX_WRITE_BUFFER_SIZE) {
            throw bad(RocksDBOptions.WRITE_BUFFER_SIZE.key(), writeBufferSize, "must be between 64 KiB and 1 GiB");
        }
        MemorySize hashWriteBufferSize = config.get(RocksDBOptions.HASH_MEMTABLE_WRITE_BUFFER_SIZE);
        if (hashWriteBufferSize.getBytes() < MIN_WRITE_BUFFER_SIZE || hashWriteBufferSize.getBytes() > MAX_WRITE_BUFFER_SIZE) {
            throw bad(RocksDBOptions.HASH_MEMTABLE_WRITE_BUFFER_SIZE.key(), hashWriteBufferSize,
                    "must be between 64 KiB and 1 GiB");
        }
        int successiveMerges = config.get(RocksDBOptions.LIST_MAX_SUCCESSIVE_MERGES);
        if (successiveMerges < 0) {
            throw bad(RocksDBOptions.LIST_MAX_SUCCESSIVE_MERGES.key(), successiveMerges, "must be at least 0");
        }
        String dir = config.get(RocksDBOptions.LOCAL_DIRECTORY);
        Path localDirectory;
        if (dir == null) {
            localDirectory = defaultLocalDirectory();
        } else {
            if (dir.isBlank()) {
                throw bad(RocksDBOptions.LOCAL_DIRECTORY.key(), dir, "must not be blank");
            }
            try {
                localDirectory = Path.of(dir.startsWith("file://") ? dir.substring("file://".length()) : dir)
                        .toAbsolutePath();
            } catch (InvalidPathException e) {
                throw new IllegalConfigurationException(RocksDBOptions.LOCAL_DIRECTORY.key() + ": '" + dir
                        + "' is not a valid local path: " + e.getMessage(), e);
            }
        }
        return new RocksDBSettings(
                config.get(RocksDBOptions.USE_MANAGED_MEMORY),
                managedSize.getBytes(),
                valueCacheFraction,
                blockSize.getBytes(),
                config.get(RocksDBOptions.USE_BLOOM_FILTER),
                writeBuffers,
                writeBufferSize.getBytes(),
                successiveMerges,
                localDirectory,
                config.get(RocksDBOptions.PREDEFINED_OPTIONS),
                config.get(RocksDBOptions.HASH_MEMTABLE),
                hashWriteBufferSize.getBytes(),
                config.get(RocksDBOptions.CHECKPOINT_FORMAT));
    }

    /** @return {@code <java.io.tmpdir>/cairn-rocksdb} */
    static Path defaultLocalDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "cairn-rocksdb").toAbsolutePath();
    }

    private static IllegalConfigurationException bad(String key, Object value, String problem) {
        return new IllegalConfigurationException(key + ": '" + value + "' " + problem);
    }
}
