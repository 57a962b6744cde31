package io.cairn.state.rocksdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Opening RocksDB databases with the column families of states, and the local directories they
 * live in. Used for a backend's own database and for the temporary ones a rescaling restore reads.
 */
final class RocksDBDatabases {

    /** Column families of states are named with this prefix, so no state can take RocksDB's {@code default}. */
    static final String COLUMN_FAMILY_PREFIX = "state:";

    private RocksDBDatabases() {}

    /**
     * @param stateName a state's name
     * @return the name of its column family
     */
    static byte[] columnFamilyName(String stateName) {
        return (COLUMN_FAMILY_PREFIX + stateName).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Opens a database with the default column family and one column family per state, all with the
     * options of {@code resources} (so list state's merge operator applies).
     *
     * @param resources the options
     * @param path the database directory
     * @param stateNames the states whose column families the database has (or gets, if writable)
     * @param handles receives the default column family's handle, then the states' in order
     * @param readOnly open read-only (a temporary database that a restore copies from)
     * @return the database
     * @throws RocksDBException if RocksDB cannot open it
     */
    static RocksDB open(RocksDBResources resources, Path path, List<String> stateNames, List<ColumnFamilyHandle> handles,
            boolean readOnly) throws RocksDBException {
        return open(resources, path, stateNames, new int[stateNames.size()], handles, readOnly);
    }

    /**
     * {@link #open(RocksDBResources, Path, List, List, boolean)} with each state's memtable: the
     * hash-linked list over that many key bytes, or the skip list for 0 (see
     * {@link RocksDBResources#newColumnFamilyOptions(int)}).
     *
     * @param hashPrefixLengths per state, in the order of {@code stateNames}
     */
    static RocksDB open(RocksDBResources resources, Path path, List<String> stateNames, int[] hashPrefixLengths,
            List<ColumnFamilyHandle> handles, boolean readOnly) throws RocksDBException {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>(stateNames.size() + 1);
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, resources.newColumnFamilyOptions()));
        for (int i = 0; i < stateNames.size(); i++) {
            descriptors.add(new ColumnFamilyDescriptor(columnFamilyName(stateNames.get(i)),
                    resources.newColumnFamilyOptions(hashPrefixLengths[i])));
        }
        return readOnly
                ? RocksDB.openReadOnly(resources.dbOptions(), path.toString(), descriptors, handles)
                : RocksDB.open(resources.dbOptions(), path.toString(), descriptors, handles);
    }

    /**
     * Estimates the native memory of a database: memtables and table readers of the given column
     * families, and their block cache usage if asked (when the cache is not shared).
     *
     * @param db the database
     * @param columnFamilies its column families
     * @param blockCache whether to count block cache usage
     * @return bytes
     * @throws RocksDBException if a property cannot be read
     */
    static long approximateMemoryUsage(RocksDB db, List<ColumnFamilyHandle> columnFamilies, boolean blockCache)
            throws RocksDBException {
        long bytes = 0;
        for (ColumnFamilyHandle cf : columnFamilies) {
            bytes += db.getLongProperty(cf, "rocksdb.cur-size-all-mem-tables");
            bytes += db.getLongProperty(cf, "rocksdb.estimate-table-readers-mem");
            if (blockCache) {
                bytes += db.getLongProperty(cf, "rocksdb.block-cache-usage");
            }
        }
        return bytes;
    }

    /**
     * @param operatorIdentifier the operator
     * @return a new instance directory name: the operator's name made file-system safe, and a UUID
     */
    static String instanceDirectoryName(String operatorIdentifier) {
        String safe = operatorIdentifier.replaceAll("[^A-Za-z0-9._-]+", "_");
        if (safe.length() > 80) {
            safe = safe.substring(0, 80);
        }
        return "rocksdb-" + safe + "-" + UUID.randomUUID();
    }

    /** Deletes a directory and everything in it; best effort, a missing directory is fine. */
    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort: a leftover directory holds no live state and is not read again
        }
    }
}
