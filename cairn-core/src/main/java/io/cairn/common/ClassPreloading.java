package io.cairn.common;

/**
 * Loads, links and initializes classes ahead of their first use, for code that runs hot before
 * those classes are first needed.
 *
 * <p>Why: HotSpot's C2 compiler compiles a virtual call as a direct, inlined call while only one
 * linked class overrides the method (class hierarchy analysis), and compiles a type check against a
 * class that is not loaded yet as a trap. When such a class is linked or first met later (the first
 * checkpoint links the checkpoint streams, the first barrier meets the barrier record), the compiled
 * code, or a compile still running, is thrown away. Loading alone is not enough: HotSpot's class
 * hierarchy analysis counts a class only once it is linked, so this initializes each class.
 *
 * <p>Threads: any. Initializing a class that is already initialized does nothing.
 */
public final class ClassPreloading {

    private ClassPreloading() {}

    /**
     * Links and initializes each class, through its own class loader.
     *
     * @param classes the classes; a literal ({@code Foo.class}) already loads its class
     * @throws IllegalStateException if a class's static initializer fails; it names the class
     */
    public static void initialize(Class<?>... classes) {
        for (Class<?> c : classes) {
            try {
                Class.forName(c.getName(), true, c.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("cannot initialize " + c.getName() + ": " + e, e);
            }
        }
    }
}
