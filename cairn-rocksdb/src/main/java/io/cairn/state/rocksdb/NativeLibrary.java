package io.cairn.state.rocksdb;

import java.io.IOException;
import org.rocksdb.RocksDB;

/** Loads RocksDB's native library (shipped inside the rocksdbjni jar) once per class loader. */
final class NativeLibrary {

    private static volatile boolean loaded;

    private NativeLibrary() {}

    /**
     * Loads the library if that has not happened yet.
     *
     * @param operatorIdentifier names the operator in the error
     * @throws IOException if the library cannot be extracted or linked on this platform
     */
    static void ensureLoaded(String operatorIdentifier) throws IOException {
        if (loaded) {
            return;
        }
        synchronized (NativeLibrary.class) {
            if (loaded) {
                return;
            }
            try {
                RocksDB.loadLibrary();
            } catch (RuntimeException | LinkageError e) {
                throw new IOException("cannot load the RocksDB native library for " + operatorIdentifier + " (os.name="
                        + System.getProperty("os.name") + ", os.arch=" + System.getProperty("os.arch")
                        + ", java.io.tmpdir=" + System.getProperty("java.io.tmpdir") + "): " + e, e);
            }
            loaded = true;
        }
    }
}
