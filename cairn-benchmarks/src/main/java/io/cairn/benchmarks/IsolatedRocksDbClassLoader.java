package io.cairn.benchmarks;

import io.cairn.state.backend.StateBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Enumeration;
import java.util.function.Function;

/**
 * The class loader of Cairn's RocksDB benchmark. Flink 1.20's RocksDB backend needs FRocksDB
 * ({@code com.ververica:frocksdbjni}), Cairn's needs {@code org.rocksdb:rocksdbjni}; both put their
 * classes in the package {@code org.rocksdb} and their native library under the same resource name,
 * so one class path can hold only one of them. The benchmarks' class path holds FRocksDB; this
 * loader loads {@code org.rocksdb} classes and resources only from Cairn's rocksdbjni (nested in
 * the benchmarks' classes as {@code io/cairn/benchmarks/rocksdb/rocksdbjni.jar}), and defines its own
 * copies of {@code io.cairn.state.rocksdb} and {@code io.cairn.benchmarks.rocksdb} from the
 * parent's class files, so they link against it. Everything else (cairn-core, the benchmark
 * interfaces, the JDK) comes from the parent and is shared. Each loader extracts and loads its own
 * copy of the native library, so both RocksDB versions live in one JVM.
 */
final class IsolatedRocksDbClassLoader extends URLClassLoader {

    private static final String NESTED_JAR = "rocksdb/rocksdbjni.jar";

    /** Created on first use, once per JVM: a native library can be loaded by one class loader only. */
    private static IsolatedRocksDbClassLoader instance;

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private IsolatedRocksDbClassLoader(URL rocksDbJni, ClassLoader parent) {
        super(new URL[] {rocksDbJni}, parent);
    }

    /**
     * @return a new {@code io.cairn.benchmarks.rocksdb.CairnRocksDbBackend}, loaded by this JVM's
     *     isolated loader
     */
    static Function<Path, StateBackend> cairnRocksDbBackend() {
        return cairnRocksDbBackend(null);
    }

    /**
     * @param managedMemory the shared block cache's capacity, or null for the benchmarks' default
     * @return a new {@code io.cairn.benchmarks.rocksdb.CairnRocksDbBackend} with that managed memory,
     *     loaded by this JVM's isolated loader
     */
    @SuppressWarnings("unchecked")
    static Function<Path, StateBackend> cairnRocksDbBackend(io.cairn.config.MemorySize managedMemory) {
        try {
            Class<?> type = Class.forName("io.cairn.benchmarks.rocksdb.CairnRocksDbBackend", true, get());
            return (Function<Path, StateBackend>) (managedMemory == null
                    ? type.getConstructor().newInstance()
                    : type.getConstructor(io.cairn.config.MemorySize.class).newInstance(managedMemory));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load Cairn's RocksDB backend in its own class loader", e);
        }
    }

    private static synchronized IsolatedRocksDbClassLoader get() {
        if (instance == null) {
            instance = new IsolatedRocksDbClassLoader(rocksDbJniJar(), IsolatedRocksDbClassLoader.class.getClassLoader());
        }
        return instance;
    }

    /** @return the nested rocksdbjni jar: in place if it is a file, else extracted to a temporary file */
    private static URL rocksDbJniJar() {
        URL nested = IsolatedRocksDbClassLoader.class.getResource(NESTED_JAR);
        if (nested == null) {
            throw new IllegalStateException("io/cairn/benchmarks/" + NESTED_JAR + " is missing from the class path;"
                    + " build cairn-benchmarks with Maven (it copies rocksdbjni there)");
        }
        try {
            if ("file".equals(nested.getProtocol())) {
                return nested;
            }
            Path copy = Files.createTempFile("cairn-bench-rocksdbjni-", ".jar");
            copy.toFile().deleteOnExit();
            try (InputStream in = nested.openStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy.toUri().toURL();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + NESTED_JAR, e);
        }
    }

    private static boolean fromRocksDbJni(String name) {
        return name.startsWith("org.rocksdb.");
    }

    private static boolean redefined(String name) {
        return name.startsWith("io.cairn.state.rocksdb.") || name.startsWith("io.cairn.benchmarks.rocksdb.");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!fromRocksDbJni(name) && !redefined(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = fromRocksDbJni(name) ? findClass(name) : defineFromParent(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private Class<?> defineFromParent(String name) throws ClassNotFoundException {
        String file = name.replace('.', '/') + ".class";
        try (InputStream in = getParent().getResourceAsStream(file)) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }

    /** Resources of rocksdbjni (its native library above all) first, then the parent's. */
    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        URL own = findResource(name);
        return own != null ? Collections.enumeration(java.util.List.of(own)) : super.getResources(name);
    }
}
