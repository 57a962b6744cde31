package io.cairn.state.keyed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.fs.Path;
import io.cairn.state.handle.FileStateHandle;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.KeyedStateHandle;
import io.cairn.state.handle.SnapshotResult;
import io.cairn.state.handle.StatePiece;
import io.cairn.state.keygroup.KeyGroupRange;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleasingSnapshotTaskTest {

    @TempDir
    java.nio.file.Path tmp;

    private FileStateHandle file(String name) throws IOException {
        java.nio.file.Path local = tmp.resolve(name);
        Files.write(local, new byte[] {1, 2, 3});
        return new FileStateHandle(Path.fromLocal(local), 3);
    }

    @Test
    void releasesOnceWhenTheWriteSucceedsFailsOrIsCancelledBeforeStarting() throws Exception {
        AtomicInteger released = new AtomicInteger();
        ReleasingSnapshotTask<KeyedStateHandle> ok = new ReleasingSnapshotTask<>(SnapshotResult::empty, released::incrementAndGet);
        ok.run();
        ok.cancel(true);
        assertThat(released).hasValue(1);

        ReleasingSnapshotTask<KeyedStateHandle> failing = new ReleasingSnapshotTask<>(() -> {
            throw new IOException("disk full");
        }, released::incrementAndGet);
        failing.run();
        assertThatThrownBy(failing::get).isInstanceOf(ExecutionException.class).hasMessageContaining("disk full");
        assertThat(released).hasValue(2);

        ReleasingSnapshotTask<KeyedStateHandle> never = new ReleasingSnapshotTask<>(SnapshotResult::empty, released::incrementAndGet);
        never.cancel(false);
        never.run();
        assertThat(released).hasValue(3);
    }

    @Test
    void aResultProducedAfterCancellationIsDiscardedWithTheSharedPiecesItUploaded() throws Exception {
        FileStateHandle meta = file("meta");
        FileStateHandle sst = file("sst");
        AtomicReference<ReleasingSnapshotTask<KeyedStateHandle>> self = new AtomicReference<>();
        ReleasingSnapshotTask<KeyedStateHandle> task = new ReleasingSnapshotTask<>(() -> {
            self.get().cancel(false); // cancelled while the write runs: its result reaches nobody
            return SnapshotResult.of(new IncrementalKeyedStateHandle(
                    UUID.randomUUID(), KeyGroupRange.of(0, 3), 1, meta, List.of(StatePiece.of("1.sst", sst)), List.of()));
        }, () -> {});
        self.set(task);
        task.run();
        assertThatThrownBy(task::get).isInstanceOf(CancellationException.class);
        assertThat(Files.exists(meta.getFilePath().toLocalPath())).isFalse();
        assertThat(Files.exists(sst.getFilePath().toLocalPath())).isFalse();
    }

    /** Stands for the views a snapshot retains: counts releases and reads that came after one. */
    private static final class Views {
        final AtomicInteger releases = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger readsAfterRelease = new AtomicInteger();

        void release() {
            releases.incrementAndGet();
        }

        void read() {
            reads.incrementAndGet();
            if (releases.get() > 0) {
                readsAfterRelease.incrementAndGet();
            }
        }

        SnapshotResult<KeyedStateHandle> readAll(int times) {
            for (int i = 0; i < times; i++) {
                read();
            }
            return SnapshotResult.empty();
        }
    }

    @Test
    void aCancellationBetweenTheStartOfRunAndTheClaimReleasesOnceAndTheWriteNeverReads() throws Exception {
        Views views = new Views();
        CountDownLatch inRun = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        ReleasingSnapshotTask<KeyedStateHandle> task = new ReleasingSnapshotTask<>(() -> views.readAll(3), views::release, () -> {
            inRun.countDown();
            await(cancelled);
        });
        Thread runner = new Thread(task, "snapshot-runner");
        runner.start();
        assertThat(inRun.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(task.cancel(false)).isTrue();
        assertThat(views.releases).as("the cancelling thread released: the write had not claimed").hasValue(1);
        cancelled.countDown();
        runner.join(10_000);

        assertThat(runner.isAlive()).isFalse();
        assertThat(views.reads).as("the write never started").hasValue(0);
        assertThat(views.readsAfterRelease).hasValue(0);
        assertThat(views.releases).hasValue(1);
        assertThatThrownBy(task::get).isInstanceOf(CancellationException.class);
    }

    @Test
    void aCancellationWhileTheWriteRunsLeavesTheReleaseToTheWriteAtItsEnd() throws Exception {
        Views views = new Views();
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        ReleasingSnapshotTask<KeyedStateHandle> task = new ReleasingSnapshotTask<>(() -> {
            views.read();
            writing.countDown();
            await(cancelled);
            return views.readAll(2);
        }, views::release);
        Thread runner = new Thread(task, "snapshot-runner");
        runner.start();
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(task.cancel(false)).isTrue();
        assertThat(views.releases).as("the views stay valid while the write reads them").hasValue(0);
        cancelled.countDown();
        runner.join(10_000);

        assertThat(runner.isAlive()).isFalse();
        assertThat(views.reads).hasValue(3);
        assertThat(views.readsAfterRelease).hasValue(0);
        assertThat(views.releases).hasValue(1);
    }

    @Test
    void underRandomCancelTimingTheViewsAreReleasedExactlyOnceAndNeverReadAfterRelease() throws Exception {
        SplittableRandom random = new SplittableRandom(8);
        ExecutorService runners = Executors.newFixedThreadPool(2);
        int cancelledBeforeWrite = 0;
        int cancelledDuringOrAfterWrite = 0;
        try {
            for (int iteration = 0; iteration < 5_000; iteration++) {
                Views views = new Views();
                int claimDelay = random.nextInt(200);
                int reads = 1 + random.nextInt(50);
                ReleasingSnapshotTask<KeyedStateHandle> task = new ReleasingSnapshotTask<>(
                        () -> views.readAll(reads), views::release, () -> spin(claimDelay));
                int cancelDelay = random.nextInt(400);
                boolean interrupt = random.nextBoolean();
                Future<?> run = runners.submit(task);
                spin(cancelDelay);
                task.cancel(interrupt);
                run.get(10, TimeUnit.SECONDS);

                String seen = "iteration " + iteration + " (claim delay " + claimDelay + ", cancel delay " + cancelDelay + ")";
                assertThat(views.releases).as(seen).hasValue(1);
                assertThat(views.readsAfterRelease).as(seen).hasValue(0);
                assertThat(views.reads.get()).as(seen).isIn(0, reads);
                if (views.reads.get() == 0) {
                    cancelledBeforeWrite++;
                } else {
                    cancelledDuringOrAfterWrite++;
                }
            }
        } finally {
            runners.shutdownNow();
        }
        // both orders were exercised, so the assertions above covered both owners of the release
        assertThat(cancelledBeforeWrite).isPositive();
        assertThat(cancelledDuringOrAfterWrite).isPositive();
    }

    private static void spin(int iterations) {
        for (int i = 0; i < iterations; i++) {
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released in 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
