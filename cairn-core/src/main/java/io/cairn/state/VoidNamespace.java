package io.cairn.state;

/** The namespace of state that has no namespace: a singleton. */
public final class VoidNamespace {

    /** The single instance. */
    public static final VoidNamespace INSTANCE = new VoidNamespace();

    private VoidNamespace() {}

    /** @return the single instance */
    public static VoidNamespace get() {
        return INSTANCE;
    }

    @Override
    public int hashCode() {
        return 99;
    }

    @Override
    public boolean equals(Object obj) {
        return obj == this;
    }

    @Override
    public String toString() {
        return "VoidNamespace";
    }
}
