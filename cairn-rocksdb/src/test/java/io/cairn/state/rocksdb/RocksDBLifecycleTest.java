package io.cairn.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.checkpoint.storage.CheckpointStateOutputStream;
import io.cairn.checkpoint.storage.CheckpointStreamFactory;
import io.cairn.checkpoint.storage.CheckpointedStateScope;
import io.cairn.checkpoint.storage.MemCheckpointStreamFactory;
import io.cairn.config.MemorySize;
import io.cairn.serialization.DataInputView;
import io.cairn.serialization.DataOutputView;
import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.StringSerializer;
import io.cairn.serialization.TypeSerializer;
import io.cairn.serialization.TypeSerializerSnapshot;
import io.cairn.state.StateAccessException;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StreamStateHandle;
import io.cairn.state.keyed.KeyedBackends;
import io.cairn.state.keyed.KeyedStateBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Opening, closing and failing: native resources, directories, pending snapshots and error messages. */
class RocksDBLifecycleTest {

    @TempDir
    Path tmp;

    private final List<KeyedStateBackend<?>> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(KeyedStateBackend::close);
    }

    private RocksDBKeyedStateBackend<Long> open(EmbeddedRocksDBStateBackend stateBackend) throws IOException {
        RocksDBKeyedStateBackend<Long> b = (RocksDBKeyedStateBackend<Long>) stateBackend.createKeyedStateBackend(
                KeyedStateBackendParameters.forSubtask("lifecycle", LongSerializer.INSTANCE, 128, 1, 0));
        opened.add(b);
        return b;
    }

    private RocksDBKeyedStateBackend<Long> open() throws IOException {
        return open(new EmbeddedRocksDBStateBackend().withLocalDirectory(tmp.resolve("rocksdb")));
    }

    /** A backend whose checkpoints are canonical: their asynchronous part reads a RocksDB snapshot. */
    private RocksDBKeyedStateBackend<Long> openCanonical() throws IOException {
        return open(new EmbeddedRocksDBStateBackend().withLocalDirectory(tmp.resolve("rocksdb"))
                .withCheckpointFormat(RocksDBCheckpointFormat.CANONICAL));
    }

    private static ValueState<Long> count(KeyedStateBackend<Long> b) {
        return AllKindsData.state(b, AllKindsData.COUNT);
    }

    @Test
    void eachBackendGetsItsOwnDirectoryUnderTheLocalDirectory() throws Exception {
        RocksDBKeyedStateBackend<Long> a = open();
        RocksDBKeyedStateBackend<Long> b = open();
        assertThat(a.instanceDirectory()).isNotEqualTo(b.instanceDirectory());
        assertThat(a.instanceDirectory().getParent()).isEqualTo(tmp.resolve("rocksdb").toAbsolutePath());
        assertThat(a.instanceDirectory().getFileName().toString()).startsWith("rocksdb-lifecycle_1_1_-");
        assertThat(a.dbPath()).isDirectory();
    }

    @Test
    void closeIsIdempotentDeletesTheDirectoryAndRejectsFurtherUse() throws Exception {
        RocksDBKeyedStateBackend<Long> b = open();
        ValueState<Long> count = count(b);
        b.setCurrentKey(1L);
        count.update(1L);
        Path dir = b.instanceDirectory();
        b.close();
        b.close();
        b.dispose();
        assertThat(dir).doesNotExist();
        assertThat(b.getApproximateMemoryUsage()).isZero();
        assertThatThrownBy(count::value).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> count.update(2L)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> b.snapshot(1, 1, new MemCheckpointStreamFactory(1 << 20),
                CheckpointOptions.forCheckpointWithDefaultLocation()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void theSharedCacheLivesWhileAnyBackendUsesIt() throws Exception {
        long size = MemorySize.ofMebiBytes(3).getBytes() + 4096; // a size no other test uses
        EmbeddedRocksDBStateBackend sb = new EmbeddedRocksDBStateBackend()
                .withLocalDirectory(tmp.resolve("rocksdb"))
                .with(RocksDBOptions.MANAGED_MEMORY_SIZE, MemorySize.ofBytes(size));
        RocksDBKeyedStateBackend<Long> a = open(sb);
        RocksDBKeyedStateBackend<Long> b = open(sb);
        assertThat(SharedRocksDBMemory.isLive(size, RocksDBOptions.VALUE_CACHE_FRACTION.defaultValue())).isTrue();
        a.close();
        assertThat(SharedRocksDBMemory.isLive(size, RocksDBOptions.VALUE_CACHE_FRACTION.defaultValue())).isTrue();
        b.setCurrentKey(3L);
        count(b).update(3L);
        assertThat(count(b).value()).isEqualTo(3L);
        b.close();
        assertThat(SharedRocksDBMemory.isLive(size, RocksDBOptions.VALUE_CACHE_FRACTION.defaultValue())).isFalse();
    }

    @Test
    void aSnapshotNotYetRunWhenTheBackendClosesFailsWithoutTouchingTheDatabase() throws Exception {
        RocksDBKeyedStateBackend<Long> b = openCanonical();
        b.setCurrentKey(1L);
        count(b).update(1L);
        RunnableFuture<SnapshotResult<KeyedStateHandle>> f =
                b.snapshot(1, 1, new MemCheckpointStreamFactory(1 << 20), CheckpointOptions.forCheckpointWithDefaultLocation());
        assertThat(b.openSnapshotCount()).isEqualTo(1);
        b.close();
        assertThat(b.openSnapshotCount()).isZero();
        f.run();
        assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasMessageContaining("closed");
    }

    @Test
    void aCancelledSnapshotReleasesItsRocksDBSnapshot() throws Exception {
        RocksDBKeyedStateBackend<Long> b = openCanonical();
        b.setCurrentKey(1L);
        count(b).update(1L);
        RunnableFuture<SnapshotResult<KeyedStateHandle>> f =
                b.snapshot(1, 1, new MemCheckpointStreamFactory(1 << 20), CheckpointOptions.forCheckpointWithDefaultLocation());
        assertThat(b.openSnapshotCount()).isEqualTo(1);
        f.cancel(false);
        assertThat(b.openSnapshotCount()).isZero();
        assertThatThrownBy(f::get).isInstanceOf(CancellationException.class);
        RunnableFuture<SnapshotResult<KeyedStateHandle>> g =
                b.snapshot(2, 2, new MemCheckpointStreamFactory(1 << 20), CheckpointOptions.forCheckpointWithDefaultLocation());
        g.run();
        assertThat(g.get().getJobManagerOwnedSnapshot()).isNotNull();
        assertThat(b.openSnapshotCount()).isZero();
    }

    @Test
    void aNativeCheckpointCancelledOrNotYetRunWhenTheBackendClosesDeletesItsLocalCheckpoint() throws Exception {
        RocksDBKeyedStateBackend<Long> b = open();
        b.setCurrentKey(1L);
        count(b).update(1L);
        RunnableFuture<SnapshotResult<KeyedStateHandle>> f =
                b.snapshot(1, 1, new MemCheckpointStreamFactory(1 << 20), CheckpointOptions.forCheckpointWithDefaultLocation());
        assertThat(b.openSnapshotCount()).as("a native checkpoint holds no RocksDB snapshot").isZero();
        assertThat(RocksDBNativeSnapshotFailureTest.localCheckpoints(b)).hasSize(1);
        f.cancel(false);
        assertThat(RocksDBNativeSnapshotFailureTest.localCheckpoints(b)).isEmpty();
        assertThatThrownBy(f::get).isInstanceOf(CancellationException.class);
        RunnableFuture<SnapshotResult<KeyedStateHandle>> g =
                b.snapshot(2, 2, new MemCheckpointStreamFactory(1 << 20), CheckpointOptions.forCheckpointWithDefaultLocation());
        assertThat(RocksDBNativeSnapshotFailureTest.localCheckpoints(b)).hasSize(1);
        b.close();
        g.run();
        assertThatThrownBy(g::get).isInstanceOf(ExecutionException.class).hasMessageContaining("closed");
        assertThat(b.instanceDirectory()).doesNotExist();
    }

    @ParameterizedTest(name = "{0} checkpoints")
    @EnumSource(RocksDBCheckpointFormat.class)
    void closeWaitsForARunningSnapshotWhichThenStops(RocksDBCheckpointFormat format) throws Exception {
        RocksDBKeyedStateBackend<Long> b = open(new EmbeddedRocksDBStateBackend().withLocalDirectory(tmp.resolve("rocksdb"))
                .withCheckpointFormat(format));
        ValueState<Long> count = count(b);
        for (long k = 0; k < 1_000; k++) {
            b.setCurrentKey(k);
            count.update(k);
        }
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        RunnableFuture<SnapshotResult<KeyedStateHandle>> f =
                b.snapshot(1, 1, new BlockingStreamFactory(writing, proceed), CheckpointOptions.forCheckpointWithDefaultLocation());
        Thread snapshotThread = new Thread(f, "async-snapshot");
        snapshotThread.start();
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
        Thread closer = new Thread(b::close, "closer");
        closer.start();
        closer.join(300);
        assertThat(closer.isAlive()).as("close waits for the running snapshot").isTrue();
        proceed.countDown();
        closer.join(10_000);
        snapshotThread.join(10_000);
        assertThat(closer.isAlive()).isFalse();
        assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasMessageContaining("closed while");
        assertThat(b.instanceDirectory()).doesNotExist();
    }

    /** Streams that block on their first write until released. */
    private static final class BlockingStreamFactory implements CheckpointStreamFactory {
        private final MemCheckpointStreamFactory memory = new MemCheckpointStreamFactory(64 << 20);
        private final CountDownLatch writing;
        private final CountDownLatch proceed;

        BlockingStreamFactory(CountDownLatch writing, CountDownLatch proceed) {
            this.writing = writing;
            this.proceed = proceed;
        }

        @Override
        public CheckpointStateOutputStream createCheckpointStateOutputStream(
                CheckpointedStateScope scope) {
            CheckpointStateOutputStream delegate = memory.createCheckpointStateOutputStream(scope);
            return new CheckpointStateOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    block();
                    delegate.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    block();
                    delegate.write(b, off, len);
                }

                private void block() throws IOException {
                    writing.countDown();
                    try {
                        proceed.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }

                @Override
                public long getPos() throws IOException {
                    return delegate.getPos();
                }

                @Override
                public void sync() throws IOException {
                    delegate.sync();
                }

                @Override
                public StreamStateHandle closeAndGetHandle() throws IOException {
                    return delegate.closeAndGetHandle();
                }

                @Override
                public void close() throws IOException {
                    delegate.close();
                }
            };
        }
    }

    @Test
    void aLocalDirectoryThatCannotBeCreatedIsReportedWithItsPath() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-directory"), "x");
        Path local = file.resolve("rocksdb");
        EmbeddedRocksDBStateBackend sb = new EmbeddedRocksDBStateBackend().withLocalDirectory(local);
        assertThatThrownBy(() -> open(sb))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot create the RocksDB directory")
                .hasMessageContaining(local.toString())
                .hasMessageContaining("lifecycle (1/1)");
    }

    @Test
    void stateFailuresNameTheStateTheOperatorAndTheDatabasePath() throws Exception {
        RocksDBKeyedStateBackend<Long> b = open();
        ValueState<String> failing = AllKindsData.state(b, new ValueStateDescriptor<>("fragile", new FailingSerializer()));
        b.setCurrentKey(1L);
        assertThatThrownBy(() -> failing.update("x"))
                .isInstanceOf(StateAccessException.class)
                .hasMessageContaining("'fragile'")
                .hasMessageContaining("lifecycle (1/1)")
                .hasMessageContaining(b.dbPath().toString())
                .hasMessageContaining("disk on fire")
                .cause().isInstanceOf(IOException.class).hasNoCause();
    }

    @Test
    void everyPredefinedOptionsSetAndEveryTuningOpensAWorkingDatabase() throws Exception {
        for (PredefinedOptions predefined : PredefinedOptions.values()) {
            for (boolean managed : new boolean[] {true, false}) {
                EmbeddedRocksDBStateBackend sb = new EmbeddedRocksDBStateBackend()
                        .withLocalDirectory(tmp.resolve("rocksdb"))
                        .with(RocksDBOptions.PREDEFINED_OPTIONS, predefined)
                        .with(RocksDBOptions.USE_MANAGED_MEMORY, managed)
                        .with(RocksDBOptions.USE_BLOOM_FILTER, !managed)
                        .with(RocksDBOptions.BLOCK_SIZE, MemorySize.ofKibiBytes(16))
                        .with(RocksDBOptions.MAX_WRITE_BUFFER_NUMBER, 3);
                try (KeyedBackends<Long> backends = KeyedBackends.create(sb, LongSerializer.INSTANCE, 128, 2, List.of())) {
                    AllKindsData.write(backends, 300);
                    AllKindsData.check(backends, 300, 128);
                    for (KeyedStateBackend<Long> kb : backends.all()) {
                        assertThat(kb.getApproximateMemoryUsage()).as("%s managed=%s", predefined, managed).isPositive();
                    }
                }
            }
        }
    }

    /** A serializer whose writes fail like a broken disk would. */
    static final class FailingSerializer extends TypeSerializer<String> {
        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public TypeSerializer<String> duplicate() {
            return this;
        }

        @Override
        public String copy(String from) {
            return from;
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public void serialize(String record, DataOutputView target) throws IOException {
            throw new IOException("disk on fire");
        }

        @Override
        public String deserialize(DataInputView source) throws IOException {
            return StringSerializer.INSTANCE.deserialize(source);
        }

        @Override
        public TypeSerializerSnapshot<String> snapshotConfiguration() {
            return StringSerializer.INSTANCE.snapshotConfiguration();
        }

        @Override
        public boolean equals(Object obj) {
            return obj instanceof FailingSerializer;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }
}
