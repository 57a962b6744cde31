package io.cairn.runtime.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.ManualClock;
import io.cairn.runtime.io.ChannelDriver.Barrier;
import io.cairn.runtime.io.ChannelDriver.Cancel;
import io.cairn.runtime.io.ChannelDriver.Element;
import io.cairn.runtime.io.ChannelDriver.End;
import io.cairn.runtime.io.ChannelDriver.Rec;
import io.cairn.runtime.io.RecordingTarget.Abort;
import io.cairn.runtime.io.RecordingTarget.Call;
import io.cairn.runtime.io.RecordingTarget.Trigger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Random channel contents (records, barriers 1..K in order, cancellation markers in place of some
 * barriers, early ends, and in half the runs missing barriers) read in random order by a driver that
 * never reads a blocked channel; the calls to the target are checked against invariants and, for the
 * aligned handler, against the consistent cut of every triggered checkpoint.
 */
class BarrierHandlerRandomizedTest {

    private static final int RUNS = 500;
    private static final long SEED = 0x5EED_CA1DL;

    /** One generated input: per channel its elements. */
    private record Scenario(List<List<Element>> channels, boolean missingBarriers) {

        Set<Long> barrierIds() {
            Set<Long> ids = new TreeSet<>();
            channels.forEach(ch -> ch.forEach(e -> {
                if (e instanceof Barrier b) {
                    ids.add(b.id());
                }
            }));
            return ids;
        }

        Set<Long> cancelledIds() {
            Set<Long> ids = new TreeSet<>();
            channels.forEach(ch -> ch.forEach(e -> {
                if (e instanceof Cancel c) {
                    ids.add(c.id());
                }
            }));
            return ids;
        }

        int recordCount() {
            return (int) channels.stream().flatMap(List::stream).filter(e -> e instanceof Rec).count();
        }
    }

    private static Scenario generate(Random random) {
        int numChannels = 1 + random.nextInt(4);
        int checkpoints = 1 + random.nextInt(6);
        boolean missingBarriers = random.nextBoolean();
        List<List<Element>> channels = new ArrayList<>();
        for (int c = 0; c < numChannels; c++) {
            int endBefore = random.nextInt(10) < 3 ? 1 + random.nextInt(checkpoints) : checkpoints + 1;
            List<Element> elements = new ArrayList<>();
            int records = 0;
            for (int k = 1; k <= checkpoints + 1; k++) {
                for (int r = random.nextInt(4); r > 0; r--) {
                    elements.add(new Rec("c" + c + "r" + records++));
                }
                if (k == endBefore || k == checkpoints + 1) {
                    break;
                }
                int dice = random.nextInt(100);
                if (dice < 10) {
                    elements.add(new Cancel(k));
                } else if (!missingBarriers || dice >= 25) {
                    elements.add(new Barrier(k));
                }
            }
            elements.add(new End());
            channels.add(List.copyOf(elements));
        }
        return new Scenario(List.copyOf(channels), missingBarriers);
    }

    @Test
    void alignedHandlerTriggersConsistentCuts() throws Exception {
        Random seeds = new Random(SEED);
        int triggers = 0;
        int overtaken = 0;
        for (int run = 0; run < RUNS; run++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            Scenario scenario = generate(random);
            ManualClock clock = new ManualClock();
            RecordingTarget target = new RecordingTarget();
            AlignedBarrierHandler handler = new AlignedBarrierHandler(scenario.channels().size(), target, clock);
            ChannelDriver driver = new ChannelDriver(scenario.channels(), handler, target, clock);
            String context = "seed " + seed + ", channels " + scenario.channels();
            driver.run(readable -> readable.get(random.nextInt(readable.size())));

            checkCommonInvariants(scenario, target, driver, context);
            for (Call call : target.calls) {
                if (call instanceof Trigger trigger) {
                    triggers++;
                    assertThat(driver.processedAtTrigger.get(trigger.id()))
                            .as("the cut of checkpoint %d, %s", trigger.id(), context)
                            .containsExactlyInAnyOrderElementsOf(ChannelDriver.expectedCut(scenario.channels(), trigger.id()));
                    assertThat(trigger.alignmentNanos())
                            .as("alignment of %d, %s", trigger.id(), context)
                            .isEqualTo(driver.triggerNanos.get(trigger.id()) - driver.firstBarrierNanos.get(trigger.id()));
                } else if (call instanceof Abort abort && !abort.cancelledByMarker()) {
                    overtaken++;
                }
            }
            if (!scenario.missingBarriers()) {
                Set<Long> expectedTriggers = new TreeSet<>(scenario.barrierIds());
                expectedTriggers.removeAll(scenario.cancelledIds());
                assertThat(target.triggeredIds()).as(context).containsExactlyElementsOf(expectedTriggers);
                assertThat(target.calls).as(context).filteredOn(c -> c instanceof Abort)
                        .containsExactlyElementsOf(scenario.cancelledIds().stream().map(id -> new Abort(id, true)).toList());
            }
            for (int c = 0; c < scenario.channels().size(); c++) {
                assertThat(handler.isBlocked(c)).isFalse();
                assertThat(handler.isClosed(c)).isTrue();
            }
        }
        assertThat(triggers).as("the runs trigger checkpoints").isGreaterThan(RUNS);
        assertThat(overtaken).as("some barriers overtake an alignment").isPositive();
    }

    @Test
    void atLeastOnceHandlerNeverMissesARecordBeforeTheBarriers() throws Exception {
        Random seeds = new Random(SEED + 1);
        int triggers = 0;
        for (int run = 0; run < RUNS; run++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            Scenario scenario = generate(random);
            ManualClock clock = new ManualClock();
            RecordingTarget target = new RecordingTarget();
            AtLeastOnceBarrierHandler handler = new AtLeastOnceBarrierHandler(scenario.channels().size(), target);
            ChannelDriver driver = new ChannelDriver(scenario.channels(), handler, target, clock);
            String context = "seed " + seed + ", channels " + scenario.channels();
            driver.run(readable -> readable.get(random.nextInt(readable.size())));

            checkCommonInvariants(scenario, target, driver, context);
            for (Call call : target.calls) {
                if (call instanceof Trigger trigger) {
                    triggers++;
                    assertThat(trigger.alignmentNanos()).isZero();
                    assertThat(driver.processedAtTrigger.get(trigger.id()))
                            .as("records before checkpoint %d, %s", trigger.id(), context)
                            .containsAll(ChannelDriver.expectedCut(scenario.channels(), trigger.id()));
                }
            }
            Set<Long> seen = new TreeSet<>(scenario.barrierIds());
            seen.addAll(scenario.cancelledIds());
            if (scenario.missingBarriers()) {
                // a barrier or marker read after a newer checkpoint was aborted is ignored
                assertThat(seen).as(context).containsAll(target.calls.stream().map(Call::id).toList());
            } else {
                // every channel ends, so every checkpoint that showed up is resolved
                assertThat(target.calls).as(context).extracting(Call::id).containsExactlyElementsOf(seen);
            }
            assertThat(handler.getPendingCheckpointIds()).isEmpty();
        }
        assertThat(triggers).as("the runs trigger checkpoints").isGreaterThan(RUNS);
    }

    private static void checkCommonInvariants(Scenario scenario, RecordingTarget target, ChannelDriver driver, String context) {
        long previous = 0;
        for (Call call : target.calls) {
            assertThat(call.id()).as("ids of target calls strictly increase: %s, %s", target.calls, context)
                    .isGreaterThan(previous);
            previous = call.id();
        }
        Set<Long> cancelled = scenario.cancelledIds();
        for (long id : target.triggeredIds()) {
            assertThat(cancelled).as("cancelled checkpoints never trigger, %s", context).doesNotContain(id);
        }
        for (Call call : target.calls) {
            // a cancelled checkpoint may also be aborted as overtaken, before its marker is read
            if (call instanceof Abort abort && abort.cancelledByMarker()) {
                assertThat(cancelled).as("aborted by a marker: %s, %s", abort, context).contains(abort.id());
            }
        }
        assertThat(driver.processed).as(context).hasSize(scenario.recordCount());
        assertThat(new HashSet<>(driver.processed)).hasSize(scenario.recordCount());
    }
}
