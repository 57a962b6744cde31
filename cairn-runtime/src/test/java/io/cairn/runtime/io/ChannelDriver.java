package io.cairn.runtime.io;

import io.cairn.checkpoint.storage.CheckpointOptions;
import io.cairn.common.ManualClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * Plays per-channel element sequences into a handler the way a task would: each step reads the next
 * element of one channel that is not blocked. Remembers, per triggered checkpoint, the records
 * processed before the trigger.
 */
final class ChannelDriver {

    /** An element of a channel. */
    sealed interface Element permits Rec, Barrier, Cancel, End {}

    /** A record, named by its channel and position. */
    record Rec(String name) implements Element {}

    /** A barrier. */
    record Barrier(long id) implements Element {}

    /** A cancellation marker. */
    record Cancel(long id) implements Element {}

    /** The end of partition. */
    record End() implements Element {}

    static final CheckpointOptions OPTIONS = CheckpointOptions.forCheckpointWithDefaultLocation();

    private final List<List<Element>> channels;
    private final int[] positions;
    private final CheckpointBarrierHandler handler;
    private final ManualClock clock;
    final List<String> processed = new ArrayList<>();
    /** Per triggered checkpoint: the records processed before its trigger. */
    final Map<Long, Set<String>> processedAtTrigger = new HashMap<>();
    /** Per triggered checkpoint: the clock time of its trigger. */
    final Map<Long, Long> triggerNanos = new HashMap<>();
    /** Per checkpoint: the clock time at which its first barrier was read. */
    final Map<Long, Long> firstBarrierNanos = new HashMap<>();

    ChannelDriver(List<List<Element>> channels, CheckpointBarrierHandler handler, RecordingTarget target, ManualClock clock) {
        this.channels = channels;
        this.positions = new int[channels.size()];
        this.handler = handler;
        this.clock = clock;
        target.hook = (barrier, alignment) -> {
            if (processedAtTrigger.put(barrier.id(), new LinkedHashSet<>(processed)) != null) {
                throw new AssertionError("checkpoint " + barrier.id() + " triggered twice");
            }
            triggerNanos.put(barrier.id(), clock.relativeTimeNanos());
        };
    }

    /**
     * Runs until every channel is exhausted.
     *
     * @param chooser picks one of the readable channels (given ascending, never empty)
     */
    void run(ToIntFunction<List<Integer>> chooser) throws Exception {
        while (true) {
            List<Integer> readable = new ArrayList<>();
            boolean anyLeft = false;
            for (int c = 0; c < channels.size(); c++) {
                if (positions[c] < channels.get(c).size()) {
                    anyLeft = true;
                    if (!handler.isBlocked(c)) {
                        readable.add(c);
                    }
                }
            }
            if (!anyLeft) {
                return;
            }
            if (readable.isEmpty()) {
                throw new AssertionError("deadlock: every channel with input is blocked, handler " + handler);
            }
            int channel = chooser.applyAsInt(readable);
            step(channel);
        }
    }

    private void step(int channel) throws Exception {
        clock.advanceTime(1, TimeUnit.MILLISECONDS);
        Element element = channels.get(channel).get(positions[channel]++);
        if (element instanceof Rec rec) {
            processed.add(rec.name());
        } else if (element instanceof Barrier barrier) {
            firstBarrierNanos.putIfAbsent(barrier.id(), clock.relativeTimeNanos());
            handler.processBarrier(new CheckpointBarrier(barrier.id(), barrier.id() * 100, OPTIONS), channel);
        } else if (element instanceof Cancel cancel) {
            handler.processCancellationBarrier(cancel.id(), channel);
        } else {
            handler.processEndOfPartition(channel);
        }
    }

    /**
     * The consistent cut of a checkpoint: per channel, the records before its barrier, or all its
     * records if it has no such barrier (it ended before).
     */
    static Set<String> expectedCut(List<List<Element>> channels, long checkpointId) {
        Set<String> cut = new LinkedHashSet<>();
        for (List<Element> channel : channels) {
            for (Element element : channel) {
                if (element instanceof Barrier barrier && barrier.id() == checkpointId) {
                    break;
                }
                if (element instanceof Rec rec) {
                    cut.add(rec.name());
                }
            }
        }
        return cut;
    }

    /** Round-robin over the readable channels. */
    static ToIntFunction<List<Integer>> roundRobin() {
        int[] next = {0};
        return readable -> {
            for (int channel : readable) {
                if (channel >= next[0]) {
                    next[0] = channel + 1;
                    return channel;
                }
            }
            next[0] = readable.get(0) + 1;
            return readable.get(0);
        };
    }
}
