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
import org.junit.jupiter.api.Test;

class AtLeastOnceBarrierHandlerTest {

    private final RecordingTarget target = new RecordingTarget();

    private static CheckpointBarrier barrier(long id) {
        return new CheckpointBarrier(id, id * 100, ChannelDriver.OPTIONS);
    }

    @Test
    void singleChannelTriggersImmediately() throws Exception {
        AtLeastOnceBarrierHandler handler = new AtLeastOnceBarrierHandler(1, target);
        handler.processBarrier(barrier(1), 0);
        handler.processBarrier(barrier(2), 0);
        assertThat(target.calls).containsExactly(new Trigger(1, 0), new Trigger(2, 0));
        assertThat(handler.getLatestCheckpointId()).isEqualTo(2);
    }

    @Test
    void neverBlocksAndTriggersOnTheLastBarrier() throws Exception {
        AtLeastOnceBarrierHandler handler = new AtLeastOnceBarrierHandler(3, target);
        handler.processBarrier(barrier(1), 2);
        handler.processBarrier(barrier(1), 0);
        for (int c = 0; c < 3; c++) {
            assertThat(handler.isBlocked(c)).isFalse();
        }
        assertThat(target.calls).isEmpty();
        assertThat(handler.getPendingCheckpointIds()).containsExactly(1L);
        handler.processBarrier(barrier(1), 1);
        assertThat(target.calls).containsExactly(new Trigger(1, 0));
        assertThat(handler.getPendingCheckpointIds()).isEmpty();
    }

    @Test
    void recordsAfterABarrierMayBeReadBeforeTheTrigger() throws Exception {
        ManualClock clock = new ManualClock();
        AtLeastOnceBarrierHandler handler = new AtLeastOnceBarrierHandler(2, target);
        List<List<Element>> channels = List.of(
                List.of(new Rec("a1"), new Barrier(1), new Rec("a2"), new Rec("a3"), new End()),
                List.of(new Rec("b1"), new Rec("b2"), new Rec("b3"), new Barrier(1), new Rec("b4"), new End()));
        ChannelDriver driver = new ChannelDriver(channels, handler, target, clock);
        driver.run(ChannelDriver.roundRobin());
        assertThat(target.calls).containsExactly(new Trigger(1, 0));
        assertThat(driver.processedAtTrigger.get(1L))
                .containsAll(ChannelDriver.expectedCut(channels, 1))
                .contains("a2", "a3");
    }

    @Test
    void triggeringAbortsOlderIncompleteCheckpoints() throws Exception {
        AtLeastOnceBarrierHandler handler = new AtLeastOnceBarrierHandler(2, target);
        handler.processBarrier(barrier(1), 0);
        handler.processBarrier(barrier(2), 0);
        handler.processBarrier(barrier(3), 0);
        handler.processBarrier(barrier(3), 1);
        assertThat(target.calls).containsExactly(new Abort(1, false), new Abort(2, false), new Trigger(3, 0));
        assertThat(handler.getPendingCheckpointIds()).isEmpty();

        handler.processBarrier(barrier(1), 1);
        handler.processBarrier(barrier(2), 1);
        handler.processBarrier(barrier(3), 0);
        assertThat(target.calls).hasSize(3);
        assertThat(handler.getPendingCheckpointIds()).isEmpty();
    }

    @Test
    void aCancellationMarkerAbortsOnceAndItsBarriersAreIgnored() throws Exception {
        AtLeastOnceBarrierHandler handler = new AtLeastOnceBarrierHandler(2, target);
        handler.processBarrier(barrier(4), 0);
        handler.processBarrier(barrier(5), 0);
        handler.processCancellationBarrier(5, 1);
        handler.processCancellationBarrier(5, 0);
        handler.processBarrier(barrier(5), 1);
        handler.processBarrier(barrier(4), 1);
        assertThat(target.calls).containsExactly(new Abort(4, false), new Abort(5, true));
        assertThat(handler.getPendingCheckpointIds()).isEmpty();
        assertThat(handler.getLatestCheckpointId()).isEqualTo(5);

        handler.processCancellationBarrier(7, 0);  // never seen before: aborted
        handler.processBarrier(barrier(6), 0);     // older than the last aborted: ignored
        handler.processBarrier(barrier(8), 0);
        handler.processBarrier(barrier(8), 1);
        assertThat(target.calls).containsExactly(
                new Abort(4, false), new Abort(5, true), new Abort(7, true), new Trigger(8, 0));
    }

    @Test
    void aMarkerOfATriggeredCheckpointIsIgnored() throws Exception {
        AtLeastOnceBarrierHandler handler = new AtLeastOnceBarrierHandler(1, target);
        handler.processBarrier(barrier(1), 0);
        handler.processCancellationBarrier(1, 0);
        assertThat(target.calls).containsExactly(new Trigger(1, 0));
    }

    @Test
    void anEndedChannelCompletesPendingCheckpointsLowestFirst() throws Exception {
        AtLeastOnceBarrierHandler handler = new AtLeastOnceBarrierHandler(3, target);
        handler.processBarrier(barrier(1), 0);
        handler.processBarrier(barrier(1), 1);
        handler.processBarrier(barrier(2), 0);   // 2 misses channels 1 and 2
        handler.processBarrier(barrier(3), 0);
        handler.processBarrier(barrier(3), 1);
        assertThat(target.calls).isEmpty();
        handler.processEndOfPartition(2);
        assertThat(target.calls).containsExactly(new Trigger(1, 0), new Abort(2, false), new Trigger(3, 0));
        assertThat(handler.getPendingCheckpointIds()).isEmpty();
    }

    @Test
    void aChannelThatDeliveredTheBarrierAndEndedIsNotCountedTwice() throws Exception {
        AtLeastOnceBarrierHandler handler = new AtLeastOnceBarrierHandler(3, target);
        handler.processBarrier(barrier(1), 0);
        handler.processEndOfPartition(0);
        handler.processBarrier(barrier(1), 1);
        assertThat(target.calls).isEmpty();
        handler.processBarrier(barrier(1), 2);
        assertThat(target.calls).containsExactly(new Trigger(1, 0));
    }

    @Test
    void whenAllChannelsEndPendingCheckpointsTriggerAndNothingElseHappens() throws Exception {
        AtLeastOnceBarrierHandler handler = new AtLeastOnceBarrierHandler(2, target);
        handler.processEndOfPartition(0);
        assertThat(target.calls).isEmpty();
        handler.processBarrier(barrier(1), 1);
        assertThat(target.calls).containsExactly(new Trigger(1, 0));

        AtLeastOnceBarrierHandler other = new AtLeastOnceBarrierHandler(2, target);
        other.processBarrier(barrier(2), 0);
        other.processEndOfPartition(0);
        other.processEndOfPartition(1);
        assertThat(target.calls).containsExactly(new Trigger(1, 0), new Trigger(2, 0));
    }

    @Test
    void protocolViolationsAndInvalidChannelsAreRejected() throws Exception {
        AtLeastOnceBarrierHandler handler = new AtLeastOnceBarrierHandler(2, target);
        handler.processBarrier(barrier(3), 1);
        assertThatThrownBy(() -> handler.processBarrier(barrier(3), 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("channel 1").hasMessageContaining("barrier 3");
        handler.processEndOfPartition(0);
        assertThatThrownBy(() -> handler.processBarrier(barrier(4), 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("channel 0");
        for (int channel : new int[] {-1, 2}) {
            assertThatThrownBy(() -> handler.processBarrier(barrier(1), channel))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel " + channel);
            assertThatThrownBy(() -> handler.processCancellationBarrier(1, channel))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel " + channel);
            assertThatThrownBy(() -> handler.processEndOfPartition(channel))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel " + channel);
            assertThatThrownBy(() -> handler.isBlocked(channel))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel " + channel);
        }
        assertThatThrownBy(() -> new AtLeastOnceBarrierHandler(0, target)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AtLeastOnceBarrierHandler(1, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aFailingTargetStillGetsEveryNotificationOnce() throws Exception {
        AtLeastOnceBarrierHandler handler = new AtLeastOnceBarrierHandler(2, target);
        handler.processBarrier(barrier(1), 0);
        handler.processBarrier(barrier(2), 0);
        target.failNext = new IOException("decline failed");
        assertThatThrownBy(() -> handler.processBarrier(barrier(2), 1)).hasMessage("decline failed");
        assertThat(target.calls).containsExactly(new Abort(1, false), new Trigger(2, 0));
        handler.processBarrier(barrier(1), 1);
        handler.processBarrier(barrier(2), 1);
        assertThat(target.calls).hasSize(2);
    }
}
