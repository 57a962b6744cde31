package io.cairn.state.rocksdb;

import io.cairn.state.backend.KeyedStateBackendParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** Creates a {@link RocksDBKeyedStateBackend}: its instance directory, option objects and empty database. */
final class RocksDBKeyedStateBackendBuilder {

    private RocksDBKeyedStateBackendBuilder() {}

    /**
     * Creates the instance directory and opens an empty database in it. Nothing is left behind if
     * this fails.
     *
     * @param parameters the subtask's key serializer, key groups and operator
     * @param settings the resolved options
     * @param incremental whether checkpoints are incremental (native); otherwise
     *     {@link RocksDBSettings#checkpointFormat()} decides
     * @param <K> the key type
     * @return the backend
     * @throws IOException naming the path if the native library cannot be loaded, the directory cannot
     *     be created or the database cannot be opened
     */
    static <K> RocksDBKeyedStateBackend<K> build(
            KeyedStateBackendParameters<K> parameters, RocksDBSettings settings, boolean incremental) throws IOException {
        String op = parameters.operatorIdentifier();
        NativeLibrary.ensureLoaded(op);
        Path instanceDirectory = settings.localDirectory().resolve(RocksDBDatabases.instanceDirectoryName(op));
        try {
            Files.createDirectories(instanceDirectory);
        } catch (IOException | SecurityException e) {
            throw new IOException("cannot create the RocksDB directory " + instanceDirectory + " of " + op
                    + " (state.backend.rocksdb.localdir is " + settings.localDirectory() + "): " + e, e);
        }
        Path dbPath = instanceDirectory.resolve("db");
        RocksDBResources resources = null;
        boolean ok = false;
        try {
            resources = new RocksDBResources(settings);
            List<ColumnFamilyHandle> handles = new ArrayList<>(1);
            RocksDB db;
            try {
                db = RocksDBDatabases.open(resources, dbPath, List.of(), handles, false);
            } catch (RocksDBException e) {
                throw new IOException("cannot open RocksDB at " + dbPath + " for " + op + ": " + e.getMessage(), e);
            }
            RocksDBKeyedStateBackend<K> backend = new RocksDBKeyedStateBackend<>(
                    parameters, instanceDirectory, dbPath, resources, db, handles.get(0), incremental,
                    settings.checkpointFormat());
            ok = true;
            return backend;
        } catch (RuntimeException e) {
            throw new IOException("cannot set up RocksDB at " + dbPath + " for " + op + ": " + e, e);
        } finally {
            if (!ok) {
                if (resources != null) {
                    resources.close();
                }
                RocksDBDatabases.deleteRecursively(instanceDirectory);
            }
        }
    }
}
