package io.cairn.runtime.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.ManualClock;
import io.cairn.runtime.io.ChannelDriver.Barrier;
import io.cairn.runtime.io.ChannelDriver.Element;
import io.cairn.runtime.io.ChannelDriver.End;
import io.cairn.runtime.io.ChannelDriver.Rec;
import io.cairn.runtime.io.RecordingTarget.Abort;
import io.cairn.runtime.io.RecordingTarget.Trigger;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AlignedBarrierHandlerTest {

    private final ManualClock clock = new ManualClock();
    private final RecordingTarget target = new RecordingTarget();

    private static CheckpointBarrier barrier(long id) {
        return new CheckpointBarrier(id, id * 100, ChannelDriver.OPTIONS);
    }

    private AlignedBarrierHandler handler(int channels) {
        return new AlignedBarrierHandler(channels, target, clock);
    }

    @Test
    void singleChannelTriggersImmediately() throws Exception {
        AlignedBarrierHandler handler = handler(1);
        handler.processBarrier(barrier(1), 0);
        assertThat(target.calls).containsExactly(new Trigger(1, 0));
        assertThat(handler.isBlocked(0)).isFalse();
        assertThat(handler.isAligning()).isFalse();
        assertThat(handler.getLatestCheckpointId()).isEqualTo(1);

        handler.processBarrier(barrier(2), 0);
        assertThat(target.calls).containsExactly(new Trigger(1, 0), new Trigger(2, 0));
    }

    @Test
    void threeChannelsBlockInOrderAndTriggerWhenAllArrived() throws Exception {
        AlignedBarrierHandler handler = handler(3);
        clock.advanceTime(10, TimeUnit.MILLISECONDS);
        handler.processBarrier(barrier(7), 1);
        assertThat(handler.isBlocked(1)).isTrue();
        assertThat(handler.isBlocked(0)).isFalse();
        assertThat(handler.isBlocked(2)).isFalse();
        assertThat(handler.isAligning()).isTrue();
        assertThat(handler.getLatestCheckpointId()).isEqualTo(7);

        clock.advanceTime(3, TimeUnit.MILLISECONDS);
        assertThat(handler.getAlignmentDurationNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(3));
        handler.processBarrier(barrier(7), 2);
        assertThat(handler.isBlocked(2)).isTrue();
        assertThat(handler.isBlocked(0)).isFalse();
        assertThat(target.calls).isEmpty();

        clock.advanceTime(4, TimeUnit.MILLISECONDS);
        handler.processBarrier(barrier(7), 0);
        assertThat(target.calls).containsExactly(new Trigger(7, TimeUnit.MILLISECONDS.toNanos(7)));
        for (int c = 0; c < 3; c++) {
            assertThat(handler.isBlocked(c)).isFalse();
        }
        assertThat(handler.getAlignmentDurationNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(7));
        clock.advanceTime(1, TimeUnit.SECONDS);
        assertThat(handler.getAlignmentDurationNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(7));
    }

    @Test
    void theTriggerSeesExactlyTheRecordsBeforeTheBarrierInEveryChannel() throws Exception {
        AlignedBarrierHandler handler = handler(3);
        List<List<Element>> channels = List.of(
                List.of(new Rec("a1"), new Barrier(1), new Rec("a2"), new Rec("a3"), new Barrier(2), new Rec("a4"), new End()),
                List.of(new Rec("b1"), new Rec("b2"), new Rec("b3"), new Barrier(1), new Rec("b4"), new Barrier(2), new End()),
                List.of(new Barrier(1), new Rec("c1"), new Rec("c2"), new Rec("c3"), new Rec("c4"), new Barrier(2), new Rec("c5"), new End()));
        ChannelDriver driver = new ChannelDriver(channels, handler, target, clock);
        driver.run(ChannelDriver.roundRobin());

        assertThat(target.calls).extracting(RecordingTarget.Call::id).containsExactly(1L, 2L);
        assertThat(driver.processedAtTrigger.get(1L)).containsExactlyInAnyOrder("a1", "b1", "b2", "b3");
        assertThat(driver.processedAtTrigger.get(2L))
                .containsExactlyInAnyOrder("a1", "a2", "a3", "b1", "b2", "b3", "b4", "c1", "c2", "c3", "c4");
        assertThat(driver.processed).hasSize(13);
        // round robin: c's barrier 1 at step 3, a's at step 4, then b2, b3 and b's barrier at step 7
        assertThat(target.calls.get(0)).isEqualTo(new Trigger(1, TimeUnit.MILLISECONDS.toNanos(4)));
        assertThat(driver.triggerNanos.get(1L) - driver.firstBarrierNanos.get(1L)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(4));
    }

    @Test
    void aCancelledCheckpointIsOvertakenByTheNextBarrier() throws Exception {
        AlignedBarrierHandler handler = handler(2);
        handler.processCancellationBarrier(5, 0);
        assertThat(target.calls).containsExactly(new Abort(5, true));
        assertThat(handler.getLatestCheckpointId()).isEqualTo(5);
        assertThat(handler.isBlocked(0)).isFalse();

        handler.processBarrier(barrier(5), 1);  // a barrier of the cancelled checkpoint: ignored
        assertThat(handler.isBlocked(1)).isFalse();
        assertThat(handler.isAligning()).isFalse();

        handler.processBarrier(barrier(6), 0);
        assertThat(handler.isBlocked(0)).isTrue();
        handler.processBarrier(barrier(6), 1);
        assertThat(target.calls).containsExactly(new Abort(5, true), new Trigger(6, 0));

        handler.processCancellationBarrier(5, 1);  // marker of an old checkpoint: ignored
        handler.processCancellationBarrier(6, 1);  // marker of a completed checkpoint: ignored
        assertThat(target.calls).hasSize(2);
    }

    @Test
    void aNewerBarrierOvertakesTheAlignment() throws Exception {
        AlignedBarrierHandler handler = handler(3);
        handler.processBarrier(barrier(5), 0);
        handler.processBarrier(barrier(5), 1);
        clock.advanceTime(2, TimeUnit.MILLISECONDS);
        handler.processBarrier(barrier(6), 2);
        assertThat(target.calls).containsExactly(new Abort(5, false));
        assertThat(handler.isBlocked(0)).isFalse();
        assertThat(handler.isBlocked(1)).isFalse();
        assertThat(handler.isBlocked(2)).isTrue();
        assertThat(handler.getLatestCheckpointId()).isEqualTo(6);

        handler.processBarrier(barrier(5), 0);  // late barrier 5 on channel 0: ignored, not blocked
        assertThat(handler.isBlocked(0)).isFalse();
        clock.advanceTime(3, TimeUnit.MILLISECONDS);
        handler.processBarrier(barrier(6), 0);
        handler.processBarrier(barrier(6), 1);
        assertThat(target.calls).containsExactly(new Abort(5, false), new Trigger(6, TimeUnit.MILLISECONDS.toNanos(3)));
    }

    @Test
    void anOvertakingBarrierTriggersAtOnceOnASingleOpenChannel() throws Exception {
        AlignedBarrierHandler handler = handler(2);
        handler.processBarrier(barrier(1), 0);
        handler.processEndOfPartition(1);
        assertThat(target.calls).containsExactly(new Trigger(1, 0));
        handler.processBarrier(barrier(2), 0);
        handler.processBarrier(barrier(3), 0);
        assertThat(target.triggeredIds()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aCancellationMarkerAbortsTheAlignment() throws Exception {
        AlignedBarrierHandler handler = handler(2);
        handler.processBarrier(barrier(3), 0);
        handler.processCancellationBarrier(3, 1);
        assertThat(target.calls).containsExactly(new Abort(3, true));
        assertThat(handler.isBlocked(0)).isFalse();
        assertThat(handler.isAligning()).isFalse();
        handler.processBarrier(barrier(3), 1);
        assertThat(handler.isBlocked(1)).isFalse();
        assertThat(target.calls).hasSize(1);
    }

    @Test
    void aMarkerOfANewerCheckpointAbortsBoth() throws Exception {
        AlignedBarrierHandler handler = handler(2);
        handler.processBarrier(barrier(3), 0);
        handler.processCancellationBarrier(4, 1);
        assertThat(target.calls).containsExactly(new Abort(3, false), new Abort(4, true));
        assertThat(handler.getLatestCheckpointId()).isEqualTo(4);
        assertThat(handler.isBlocked(0)).isFalse();
        handler.processBarrier(barrier(4), 0);
        handler.processBarrier(barrier(3), 1);
        assertThat(handler.isBlocked(0)).isFalse();
        assertThat(handler.isBlocked(1)).isFalse();
        assertThat(target.calls).hasSize(2);
    }

    @Test
    void aMarkerOfAnOlderCheckpointDuringAlignmentIsIgnored() throws Exception {
        AlignedBarrierHandler handler = handler(2);
        handler.processBarrier(barrier(3), 0);
        handler.processCancellationBarrier(2, 1);
        assertThat(target.calls).isEmpty();
        assertThat(handler.isBlocked(0)).isTrue();
        handler.processBarrier(barrier(3), 1);
        assertThat(target.calls).containsExactly(new Trigger(3, 0));
    }

    @Test
    void aChannelEndingWhileAligningCompletesTheAlignment() throws Exception {
        AlignedBarrierHandler handler = handler(3);
        handler.processBarrier(barrier(1), 0);
        handler.processBarrier(barrier(1), 2);
        clock.advanceTime(5, TimeUnit.MILLISECONDS);
        handler.processEndOfPartition(1);
        assertThat(target.calls).containsExactly(new Trigger(1, TimeUnit.MILLISECONDS.toNanos(5)));
        assertThat(handler.isClosed(1)).isTrue();

        // the ended channel counts as aligned from now on
        handler.processBarrier(barrier(2), 0);
        handler.processBarrier(barrier(2), 2);
        assertThat(target.triggeredIds()).containsExactly(1L, 2L);
    }

    @Test
    void anEndedChannelCountsAsAlignedBeforeTheFirstBarrier() throws Exception {
        AlignedBarrierHandler handler = handler(2);
        handler.processEndOfPartition(0);
        handler.processBarrier(barrier(1), 1);
        assertThat(target.calls).containsExactly(new Trigger(1, 0));
    }

    @Test
    void whenAllChannelsEndNothingHappens() throws Exception {
        AlignedBarrierHandler handler = handler(2);
        handler.processEndOfPartition(0);
        handler.processEndOfPartition(1);
        assertThat(target.calls).isEmpty();
        assertThat(handler.isAligning()).isFalse();
    }

    @Test
    void theLastChannelEndingCompletesTheAlignmentOfTheOthers() throws Exception {
        AlignedBarrierHandler handler = handler(2);
        handler.processBarrier(barrier(1), 0);
        handler.processEndOfPartition(0);  // a blocked channel ending is no longer waited for
        assertThat(target.calls).isEmpty();
        assertThat(handler.isBlocked(0)).isFalse();
        handler.processEndOfPartition(1);
        assertThat(target.calls).containsExactly(new Trigger(1, 0));
    }

    @Test
    void lateBarriersAreIgnoredAndNeverBlock() throws Exception {
        AlignedBarrierHandler handler = handler(2);
        handler.processBarrier(barrier(4), 0);
        handler.processBarrier(barrier(4), 1);
        handler.processBarrier(barrier(2), 0);
        handler.processBarrier(barrier(4), 1);
        assertThat(handler.isBlocked(0)).isFalse();
        assertThat(handler.isBlocked(1)).isFalse();
        handler.processBarrier(barrier(5), 0);
        handler.processBarrier(barrier(3), 1);  // late during alignment of 5
        assertThat(handler.isBlocked(1)).isFalse();
        assertThat(target.calls).containsExactly(new Trigger(4, 0));
    }

    @Test
    void aDuplicateBarrierIsAProtocolViolation() throws Exception {
        AlignedBarrierHandler handler = handler(2);
        handler.processBarrier(barrier(9), 1);
        assertThatThrownBy(() -> handler.processBarrier(barrier(9), 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("channel 1")
                .hasMessageContaining("barrier 9");
    }

    @Test
    void eventsAfterTheEndOfAChannelAreProtocolViolations() throws Exception {
        AlignedBarrierHandler handler = handler(2);
        handler.processEndOfPartition(1);
        assertThatThrownBy(() -> handler.processBarrier(barrier(1), 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("channel 1");
        assertThatThrownBy(() -> handler.processCancellationBarrier(1, 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("channel 1");
        assertThatThrownBy(() -> handler.processEndOfPartition(1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("channel 1");
    }

    @Test
    void invalidChannelsAndArgumentsAreRejected() {
        AlignedBarrierHandler handler = handler(3);
        for (int channel : new int[] {-1, 3}) {
            assertThatThrownBy(() -> handler.processBarrier(barrier(1), channel))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel " + channel);
            assertThatThrownBy(() -> handler.processCancellationBarrier(1, channel))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel " + channel);
            assertThatThrownBy(() -> handler.processEndOfPartition(channel))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel " + channel);
            assertThatThrownBy(() -> handler.isBlocked(channel))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel " + channel);
        }
        assertThatThrownBy(() -> new AlignedBarrierHandler(0, target, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlignedBarrierHandler(1, null, clock)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new AlignedBarrierHandler(1, target, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> handler.processBarrier(null, 0)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aFailingTargetLeavesTheHandlerConsistent() throws Exception {
        AlignedBarrierHandler handler = handler(2);
        handler.processBarrier(barrier(1), 0);
        target.failNext = new IOException("snapshot failed");
        assertThatThrownBy(() -> handler.processBarrier(barrier(1), 1)).hasMessage("snapshot failed");
        assertThat(handler.isAligning()).isFalse();
        assertThat(handler.isBlocked(0)).isFalse();
        handler.processBarrier(barrier(1), 1);  // nothing more for checkpoint 1
        assertThat(target.calls).containsExactly(new Trigger(1, 0));

        // both notifications of one step are delivered even if the first fails
        handler.processBarrier(barrier(2), 0);
        target.failNext = new IOException("decline failed");
        assertThatThrownBy(() -> handler.processCancellationBarrier(3, 1)).hasMessage("decline failed");
        assertThat(target.calls).containsExactly(new Trigger(1, 0), new Abort(2, false), new Abort(3, true));
    }
}
