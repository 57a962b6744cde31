package io.cairn.state;

import io.cairn.serialization.DataInputView;
import io.cairn.serialization.DataOutputView;
import io.cairn.serialization.SimpleTypeSerializerSnapshot;
import io.cairn.serialization.TypeSerializer;
import io.cairn.serialization.TypeSerializerSnapshot;
import java.io.IOException;

/** Serializes {@link VoidNamespace} as a single zero byte. */
public final class VoidNamespaceSerializer extends TypeSerializer<VoidNamespace> {

    /** The single instance. */
    public static final VoidNamespaceSerializer INSTANCE = new VoidNamespaceSerializer();

    private VoidNamespaceSerializer() {}

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<VoidNamespace> duplicate() {
        return this;
    }

    @Override
    public VoidNamespace copy(VoidNamespace from) {
        return VoidNamespace.INSTANCE;
    }

    @Override
    public int getLength() {
        return 1;
    }

    @Override
    public void serialize(VoidNamespace record, DataOutputView target) throws IOException {
        target.writeByte(0);
    }

    @Override
    public VoidNamespace deserialize(DataInputView source) throws IOException {
        source.readByte();
        return VoidNamespace.INSTANCE;
    }

    @Override
    public TypeSerializerSnapshot<VoidNamespace> snapshotConfiguration() {
        return new Snapshot();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof VoidNamespaceSerializer;
    }

    @Override
    public int hashCode() {
        return VoidNamespaceSerializer.class.hashCode();
    }

    /** The snapshot of {@link VoidNamespaceSerializer}. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<VoidNamespace> {
        /** Creates the snapshot (also used reflectively on restore). */
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
